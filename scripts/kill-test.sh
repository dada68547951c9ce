#!/usr/bin/env bash
# kill -9 a nightly run at N random moments (default 20) and check that nothing half-published is left:
# `current` still points to the previous run, whose files are unchanged (manifest.json parses,
# store.sqlite opens with the same findings), history.sqlite opens and holds exactly the published runs,
# and the next run removes the leftovers and succeeds. Then each step of publication (`FaultInjection`:
# stage-run, history-commit, move-aside, move-in, switch-current) is made to fail, and to die, in a
# re-run of the published date, the case where a published run is replaced: before the history's
# commit nothing may change; after it, the next run must complete the publication; then the same, with
# the restated later run's staging (stage-restated), in a backfill. Prints one line per trial and
# "K/T intact" (T = N + 22).
#
#   scripts/kill-test.sh [N]                         # builds the release binary first
#   IOMAUDIT_BIN=.build/debug/iomaudit scripts/kill-test.sh 10
#
# Half the kills land at a random moment of the whole run, half at a random moment of publication
# (after the run's private folder has its tables/ folder). A kill that lands after the history's commit
# and before `current` moves leaves the new run committed and in runs/ (possibly still as
# `.pending-RUN@ATTEMPT`): "committed", which the next run completes. Needs python3 (json, sqlite3, hashlib).
set -euo pipefail
N=${1:-20}
cd "$(dirname "$0")/.."
BIN=${IOMAUDIT_BIN:-}
if [ -z "$BIN" ]; then
  swift build -c release --product iomaudit >&2
  BIN="$(swift build -c release --show-bin-path)/iomaudit"
fi
BIN=$(realpath "$BIN")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iomaudit-kill.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
D1=2026-11-20 D2=2026-11-21

run_ok() { # run the job; 0 and 3 are both "published"
  local rc=0; "$BIN" run --out "$1" --as-of "$2" >/dev/null 2>&1 || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "run --out $1 --as-of $2 exited $rc" >&2; exit 1; }
}
now_ms() { date +%s%3N; }
seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# What a reader of OUT sees. Prints "before", "after" or "BROKEN: why", then where the kill landed.
check() {
  python3 - "$1" "$WORK/first.json" "$D1" "$D2" <<'EOF'
import hashlib, json, os, sqlite3, sys
out, first_file, d1, d2 = sys.argv[1:5]
first = json.load(open(first_file))
r1, r2 = "asof-" + d1, "asof-" + d2
def digests(d):
    res = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            res[os.path.relpath(p, d)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return res
try:
    runs = os.path.join(out, "runs")
    names = sorted(os.listdir(runs))
    building = [n for n in names if n.startswith(".building-")]
    where = "before its private folder"
    if building:
        b = os.path.join(runs, building[0])
        where = "after manifest" if os.path.exists(os.path.join(b, "manifest.json")) else \
                "publishing tables" if os.path.isdir(os.path.join(b, "tables")) else "ingest, link or audit"
    current = os.path.basename(os.readlink(os.path.join(out, "current")))
    manifest = json.load(open(os.path.join(out, "current", "manifest.json")))
    store = sqlite3.connect(os.path.join(out, "current", "store.sqlite"))
    findings = store.execute("SELECT count(*) FROM findings").fetchone()[0]
    history = sqlite3.connect(os.path.join(out, "history.sqlite"))
    hist = [r[0] for r in history.execute("SELECT run_id FROM runs ORDER BY as_of")]
    hist_findings = history.execute("SELECT count(*) FROM run_findings WHERE run_id = ?", (current,)).fetchone()[0]
    problems = []
    if digests(os.path.join(runs, r1)) != first["files"]: problems.append(r1 + " files changed")
    if manifest.get("runID") != current: problems.append("manifest of current is for %s" % manifest.get("runID"))
    if findings != first["findings"] or hist_findings != first["findings"]:
        problems.append("findings %d in store, %d in history, expected %d" % (findings, hist_findings, first["findings"]))
    attempts = dict(history.execute("SELECT run_id, attempt FROM runs").fetchall())
    if current == r1 and hist == [r1, r2] and (r2 in names or ".pending-%s@%s" % (r2, attempts.get(r2)) in names):
        state = "committed"
        where = "after the history's commit, before current moved"
    elif current == r1:
        state = "before"
        if hist != [r1]: problems.append("current is %s but history holds %s" % (r1, hist))
        if r2 in names and not building: where = "moved into place, not yet recorded"
    elif current == r2:
        state = "after"
        where = "completed"
        if hist != [r1, r2]: problems.append("current is %s but history holds %s" % (r2, hist))
    else:
        state = "current -> " + current
        problems.append("current points to " + current)
    print(("BROKEN: " + "; ".join(problems)) if problems else state)
    print(where)
except Exception as e:
    print("BROKEN: %s: %s" % (type(e).__name__, e))
    print("?")
EOF
}

# The first run, published, and what it must still look like after every kill.
run_ok "$WORK/base" "$D1"
python3 - "$WORK/base" "$D1" > "$WORK/first.json" <<'EOF'
import hashlib, json, os, sqlite3, sys
out, d1 = sys.argv[1:3]
d = os.path.join(out, "runs", "asof-" + d1)
files = {}
for root, _, fs in os.walk(d):
    for f in fs:
        p = os.path.join(root, f)
        files[os.path.relpath(p, d)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
n = sqlite3.connect(os.path.join(d, "store.sqlite")).execute("SELECT count(*) FROM findings").fetchone()[0]
json.dump({"files": files, "findings": n}, sys.stdout)
EOF

# How long a second run takes, and its publication stage, to place the kills.
cp -a "$WORK/base" "$WORK/timing"
t0=$(now_ms); run_ok "$WORK/timing" "$D2"; RUN_MS=$(( $(now_ms) - t0 ))
PUBLISH_MS=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(int(1000 * (m["seconds"] - sum(v for k, v in m["stageSeconds"].items() if k != "publish"))) + 20)' "$WORK/timing/current/manifest.json")
echo "binary $BIN; a run takes ${RUN_MS} ms, publication about ${PUBLISH_MS} ms; $N kills" >&2

intact=0 killed=0
for i in $(seq 1 "$N"); do
  trial="$WORK/trial-$i"
  cp -a "$WORK/base" "$trial"
  "$BIN" run --out "$trial" --as-of "$D2" >/dev/null 2>&1 &
  pid=$!
  if (( i % 2 )); then
    delay=$(( RANDOM * 32768 + RANDOM )); delay=$(( delay % (RUN_MS + 1) )); how="${delay} ms after start"
  else
    while ! compgen -G "$trial/runs/.building-*/tables" >/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 0.002; done
    delay=$(( RANDOM % (PUBLISH_MS + 1) )); how="${delay} ms into publication"
  fi
  sleep "$(seconds "$delay")"
  kill -9 "$pid" 2>/dev/null || true
  rc=0; { wait "$pid"; } 2>/dev/null || rc=$?   # quiet: no "Killed" job notice
  [ "$rc" = 137 ] && killed=$((killed + 1))
  mapfile -t after_kill < <(check "$trial")
  state=${after_kill[0]} where=${after_kill[1]}
  verdict=ok
  case "$state" in BROKEN*) verdict="$state" ;; esac
  if [ "$rc" != 137 ] && [ "$state" != after ]; then verdict="finished (exit $rc) but state is $state"; fi
  # The next run cleans up and publishes.
  nrc=0; "$BIN" run --out "$trial" --as-of "$D2" >/dev/null 2>&1 || nrc=$?
  mapfile -t after_next < <(check "$trial")
  left=$( (ls -A "$trial/runs"; ls -A "$trial") | grep -E '^\.building-|\.old-|^\.pending-|^current\.new-' || true)
  if [ "$nrc" != 0 ] && [ "$nrc" != 3 ]; then verdict="next run exited $nrc"
  elif [ "${after_next[0]}" != after ]; then verdict="after the next run: ${after_next[0]}"
  elif [ -n "$left" ]; then verdict="left after the next run: $left"
  fi
  [ "$verdict" = ok ] && intact=$((intact + 1))
  printf '%3d  %-34s %-8s %-36s %s\n' "$i" "$how" "$([ "$rc" = 137 ] && echo killed || echo "exit $rc")" "$state ($where)" "$verdict"
  rm -rf "$trial"
done

# Each step of publication made to fail, then to die, in a re-run of the published date.
inject_check() { # OUT ORIGINAL_ATTEMPT: "before", "committed" or "BROKEN: why"
  python3 - "$1" "$2" "$WORK/first.json" "$D1" <<'EOF'
import hashlib, json, os, sqlite3, sys
out, original, first_file, d1 = sys.argv[1:5]
r1 = "asof-" + d1
first = json.load(open(first_file))
try:
    runs = os.path.join(out, "runs")
    names = sorted(os.listdir(runs))
    attempts = dict(sqlite3.connect(os.path.join(out, "history.sqlite")).execute("SELECT run_id, attempt FROM runs").fetchall())
    current = os.readlink(os.path.join(out, "current"))
    def digests(d):
        return {os.path.relpath(os.path.join(r, f), d): hashlib.sha256(open(os.path.join(r, f), "rb").read()).hexdigest()
                for r, _, fs in os.walk(d) for f in fs}
    if list(attempts) != [r1] or current != "runs/" + r1:
        print("BROKEN: history %s, current %s" % (attempts, current))
    elif attempts[r1] == original:
        # A private folder or one staged for a commit that never came is invisible and goes at the next start.
        extra = [n for n in names if n != r1 and not n.startswith((".building-", ".pending-"))]
        print("BROKEN: left %s" % extra if extra else
              "BROKEN: %s files changed" % r1 if digests(os.path.join(runs, r1)) != first["files"] else "before")
    else:
        staged = ".pending-%s@%s" % (r1, attempts[r1])
        shown = json.load(open(os.path.join(runs, r1, "manifest.json"))).get("attempt") if r1 in names else None
        print("committed" if staged in names or shown == attempts[r1] else "BROKEN: the committed attempt is in no folder")
except Exception as e:
    print("BROKEN: %s: %s" % (type(e).__name__, e))
EOF
}
original=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["attempt"])' "$WORK/base/runs/asof-$D1/manifest.json")
total=$N
for step in stage-run history-commit move-aside move-in switch-current; do
  for mode in fail kill; do
    total=$((total + 1))
    trial="$WORK/inject-$step-$mode"
    cp -a "$WORK/base" "$trial"
    fault=$step; [ "$mode" = kill ] && fault="$step:kill"
    rc=0; { IOMAUDIT_FAULT=$fault "$BIN" run --out "$trial" --as-of "$D1" >/dev/null 2>&1; } 2>/dev/null || rc=$?
    state=$(inject_check "$trial" "$original")
    verdict=ok
    case "$state" in BROKEN*) verdict="$state" ;; esac
    if [ "$mode" = fail ] && [ "$rc" != 4 ]; then verdict="failed step exited $rc, not 4"; fi
    if [ "$mode" = kill ] && [ "$rc" != 137 ]; then verdict="not killed (exit $rc)"; fi
    nrc=0; "$BIN" run --out "$trial" --as-of "$D1" >/dev/null 2>&1 || nrc=$?
    after=$(python3 - "$trial" "$D1" <<'EOF'
import json, os, sqlite3, sys
out, d1 = sys.argv[1:3]
r1 = "asof-" + d1
names = sorted(os.listdir(os.path.join(out, "runs")))
attempts = dict(sqlite3.connect(os.path.join(out, "history.sqlite")).execute("SELECT run_id, attempt FROM runs").fetchall())
shown = json.load(open(os.path.join(out, "current", "manifest.json"))).get("attempt")
left = [n for n in names if n != r1] + [n for n in os.listdir(out) if n.startswith("current.new-")]
print("ok" if names and attempts.get(r1) == shown and os.readlink(os.path.join(out, "current")) == "runs/" + r1 and not left
      else "attempt shown %s, history %s, left %s" % (shown, attempts, left))
EOF
)
    if [ "$nrc" != 0 ] && [ "$nrc" != 3 ]; then verdict="next run exited $nrc"
    elif [ "$after" != ok ]; then verdict="after the next run: $after"
    fi
    [ "$verdict" = ok ] && intact=$((intact + 1))
    printf '%3s  %-34s %-8s %-36s %s\n' "-" "$step ($mode)" "exit $rc" "$state" "$verdict"
    rm -rf "$trial"
  done
done
# The same steps in a backfill (D1 recorded after D2): the later run's folder is restated under the
# backfill's attempt, so before the commit D2 must be untouched and D1 invisible; after it, both runs
# carry the backfill's attempt and the next start puts whatever is still pending in place.
run_ok "$WORK/base-late" "$D2"
late_original=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["attempt"])' "$WORK/base-late/runs/asof-$D2/manifest.json")
backfill_check() { # OUT [next]: "before", "committed" or "BROKEN: why"; with "next", "after" once a backfill completed
  python3 - "$1" "$WORK/base-late" "$late_original" "$D1" "$D2" "${2:-}" <<'EOF'
import hashlib, json, os, sqlite3, sys
out, base, original, d1, d2, after = sys.argv[1:7]
r1, r2 = "asof-" + d1, "asof-" + d2
def digests(d):
    return {os.path.relpath(os.path.join(r, f), d): hashlib.sha256(open(os.path.join(r, f), "rb").read()).hexdigest()
            for r, _, fs in os.walk(d) for f in fs}
def shown(run):
    p = os.path.join(out, "runs", run, "manifest.json")
    return json.load(open(p)).get("attempt") if os.path.exists(p) else None
try:
    names = sorted(os.listdir(os.path.join(out, "runs")))
    attempts = dict(sqlite3.connect(os.path.join(out, "history.sqlite")).execute("SELECT run_id, attempt FROM runs").fetchall())
    current = os.readlink(os.path.join(out, "current"))
    if current != "runs/" + r2:
        print("BROKEN: current moved to %s" % current)
    elif after:
        left = [n for n in names if n not in (r1, r2)] + [n for n in os.listdir(out) if n.startswith("current.new-")]
        bad = [r for r in (r1, r2) if attempts.get(r) is None or attempts.get(r) != shown(r)]
        print("BROKEN: left %s" % left if left else "BROKEN: history and folders disagree on %s" % bad if bad else "after")
    elif attempts == {r2: original}:
        extra = [n for n in names if n != r2 and not n.startswith((".building-", ".pending-"))]
        print("BROKEN: left %s" % extra if extra else
              "BROKEN: %s files changed" % r2 if digests(os.path.join(out, "runs", r2)) != digests(os.path.join(base, "runs", r2)) else "before")
    elif set(attempts) == {r1, r2} and attempts[r1] == attempts[r2] != original:
        a = attempts[r1]
        missing = [r for r in (r1, r2) if ".pending-%s@%s" % (r, a) not in names and shown(r) != a]
        print("BROKEN: the committed attempt is in no folder for %s" % missing if missing else "committed")
    else:
        print("BROKEN: history %s" % attempts)
except Exception as e:
    print("BROKEN: %s: %s" % (type(e).__name__, e))
EOF
}
for step in stage-run stage-restated history-commit move-aside move-in switch-current; do
  for mode in fail kill; do
    total=$((total + 1))
    trial="$WORK/backfill-$step-$mode"
    cp -a "$WORK/base-late" "$trial"
    fault=$step; [ "$mode" = kill ] && fault="$step:kill"
    rc=0; { IOMAUDIT_FAULT=$fault "$BIN" run --out "$trial" --as-of "$D1" --backfill >/dev/null 2>&1; } 2>/dev/null || rc=$?
    state=$(backfill_check "$trial")
    verdict=ok
    case "$state" in BROKEN*) verdict="$state" ;; esac
    if [ "$mode" = fail ] && [ "$rc" != 4 ]; then verdict="failed step exited $rc, not 4"; fi
    if [ "$mode" = kill ] && [ "$rc" != 137 ]; then verdict="not killed (exit $rc)"; fi
    nrc=0; "$BIN" run --out "$trial" --as-of "$D1" --backfill >/dev/null 2>&1 || nrc=$?
    after=$(backfill_check "$trial" next)
    if [ "$nrc" != 0 ] && [ "$nrc" != 3 ]; then verdict="next backfill exited $nrc"
    elif [ "$after" != after ]; then verdict="after the next backfill: $after"
    fi
    [ "$verdict" = ok ] && intact=$((intact + 1))
    printf '%3s  %-34s %-8s %-36s %s\n' "-" "backfill $step ($mode)" "exit $rc" "$state" "$verdict"
    rm -rf "$trial"
  done
done
echo "$intact/$total intact ($killed of $N random kills landed before the run ended; 22 injected failures, 12 of them in a backfill)"
[ "$intact" = "$total" ]
