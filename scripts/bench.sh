#!/usr/bin/env bash
# The benchmark of issue 5: iomaudit at force scale and at one tenth of it, against the targets.
#
#   scripts/bench.sh            force and tenth sets: 3 end-to-end runs each, readers median of 3
#   scripts/bench.sh --quick    tenth set only, 1 run of everything (to try the script out)
#   scripts/bench.sh --regenerate   make the data sets again even when cached
#
# Builds in release (scratch path ${IOMAUDIT_BENCH_SCRATCH:-.build-bench}), generates each set once
# with `iomaudit samples --profile force|tenth --seed 1` into ${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench}
# (outside the repository; made again only when the generator's sources change: the folder name carries
# a hash of them, and older sets are left in place for whoever still uses them), then for each set:
#   - 3 runs of `iomaudit run --input SET --out OUT --as-of 2026-11-20`, each on an empty OUT:
#     wall time and peak RSS from /usr/bin/time -v, per-stage seconds from OUT/current/manifest.json
#   - reader MB/s (`iomaudit check --reader-only`) on the Niche CSV and the PNC XML, and in the same
#     run Python's csv module and xml.etree.ElementTree.iterparse over the same files, with the ratio
#   - one run with --threads 1, whose findings (ids and counts per code) are compared with the above
#   - peers on the same extracts (scripts/bench-peers.py): DuckDB read_csv into a table per CSV extract
#     (a Windows-1252 extract converted to UTF-8 first, that conversion timed and said), lxml iterparse
#     per XML extract, beside `iomaudit check` mapping the same file; the whole run's median wall time
#     over the sum of the peers' times. DuckDB and lxml are installed from PyPI when missing.
# and prints a summary against the targets, written also to CACHE/bench-results-DATE-TIME.md.
# Needs python3 and /usr/bin/time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0; regenerate=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --regenerate) regenerate=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument '$arg' (use --quick, --regenerate or --help)" >&2; exit 64 ;;
  esac
done
if [ "$quick" = 1 ]; then sets=(tenth); runs=1; else sets=(tenth force); runs=3; fi

cache=${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench}
scratch=${IOMAUDIT_BENCH_SCRATCH:-.build-bench}
asof=2026-11-20
seed=1
command -v python3 >/dev/null || { echo "bench.sh: python3 is needed" >&2; exit 69; }
[ -x /usr/bin/time ] || { echo "bench.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 69; }
mkdir -p "$cache"
stamp=$(date +%Y%m%d-%H%M%S)
work="$cache/bench-$stamp"          # raw measurements of this benchmark: time -v output, logs, manifests
results="$cache/bench-results-$stamp.md"
mkdir -p "$work"
figures="$work/figures.tsv"         # set <tab> key <tab> value, read by the report at the end
: > "$figures"
fig() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$figures"; }
say() { printf '%s\n' "$*" >&2; }
fig all loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"

# Build (retried when another edit lands mid-build).
say "building (release, scratch path $scratch)"
for attempt in 1 2 3 4 5; do
  if swift build -c release --scratch-path "$scratch" > "$work/build.log" 2>&1; then break; fi
  if grep -q "modified during the build" "$work/build.log" && [ "$attempt" -lt 5 ]; then say "  a source changed during the build; again"; continue; fi
  cat "$work/build.log" >&2; exit 1
done
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/iomaudit

# Data: one folder per set and generator version (hash of the generator's sources).
gen_key=$(cat Sources/IOMAudit/Generate/*.swift Sources/IOMAudit/Command/SamplesCommand.swift | sha256sum | cut -c1-12)
for set in "${sets[@]}"; do
  data="$cache/data-$set-seed-$seed-$gen_key"
  if [ "$regenerate" = 1 ] || [ ! -f "$data/.complete" ]; then
    rm -rf "$data"
    for old in "$cache/data-$set-seed-$seed-"*; do
      [ -e "$old" ] && [ "$old" != "$data" ] && say "  (an older generator's $set set is still in $old: delete it when nobody uses it)"
    done
    say "generating the $set set into $data (once)"
    /usr/bin/time -v -o "$work/generate-$set.time" "$bin" samples --out "$data" --profile "$set" --seed "$seed" --as-of "$asof" > "$work/generate-$set.out"
    cp "$work/generate-$set.time" "$data/.generate.time"
    cp "$work/generate-$set.out" "$data/.generate.out"
    touch "$data/.complete"
  fi
  fig "$set" data "$data"
  fig "$set" generate_time "$data/.generate.time"
  fig "$set" generate_out "$data/.generate.out"
done

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
threads_ok=0
"$bin" run --help 2>&1 | grep -q -- '--threads' && threads_ok=1

# One end-to-end run on an empty OUT; keeps time -v, log, manifest and findings as $work/SET-LABEL.*.
e2e() { # label set data out [extra args]
  local label=$1 set=$2 data=$3 out=$4; shift 4
  local raw="$work/$set-$label"
  rm -rf "$out"
  local code=0
  /usr/bin/time -v -o "$raw.time" "$bin" run --input "$data" --out "$out" --as-of "$asof" "$@" \
    > "$raw.stdout" 2> "$raw.log" || code=$?
  fig "$set" "$label.exit" "$code"
  fig "$set" "$label.time" "$raw.time"
  if [ -f "$out/current/manifest.json" ] && [ "$code" -le 3 ]; then
    cp "$out/current/manifest.json" "$raw.manifest.json"
    cp "$out/current/tables/findings.csv" "$raw.findings.csv"
    fig "$set" "$label.manifest" "$raw.manifest.json"
    fig "$set" "$label.findings" "$raw.findings.csv"
  elif [ -f "$out/last-attempt.json" ]; then
    cp "$out/last-attempt.json" "$raw.manifest.json"
  fi
  python3 - "$raw.time" "$code" "$label" <<'EOF' >&2
import sys
t = open(sys.argv[1]).read()
wall = rss = 0.0
for line in t.splitlines():
    if "Elapsed (wall clock)" in line:
        parts = [float(x) for x in line.rsplit(" ", 1)[1].split(":")]
        wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    if "Maximum resident set size" in line:
        rss = float(line.rsplit(" ", 1)[1]) / 1024
print(f"  {sys.argv[3]}: {wall:7.2f} s wall, peak RSS {rss:7.0f} MB, exit {sys.argv[2]}")
EOF
}

source scripts/python-baselines.sh  # (the script runs from the repository root)
mapping_value() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], sys.argv[3]))' "$1" "$2" "$3"; }
check_mbps() { "$bin" check --mapping "$1" "$2" --reader-only "${@:3}" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["mbPerSecond"])'; }

# The report: the same text on the terminal and in the results file. `report interrupted` when stopped
# part-way (SIGTERM, Ctrl-C): the figures measured so far still get printed and written.
report() {
fig all loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$figures" "$results" "$quick" "$runs" "$bin" "$1" <<'EOF'
import csv, json, os, platform, statistics, subprocess, sys, time
from collections import Counter, defaultdict

figures_path, results_path, quick, runs, binary = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4]), sys.argv[5]
interrupted = sys.argv[6] == "interrupted"
fig = defaultdict(dict)
for line in open(figures_path):
    s, k, v = line.rstrip("\n").split("\t", 2)
    fig[s][k] = v
sets = [s for s in ("tenth", "force") if s in fig]

def time_v(path):
    wall = rss = None
    try:
        for line in open(path):
            if "Elapsed (wall clock)" in line:
                parts = [float(x) for x in line.rsplit(" ", 1)[1].split(":")]
                wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
            if "Maximum resident set size" in line:
                rss = float(line.rsplit(" ", 1)[1]) / 1024
    except OSError:
        pass
    return wall, rss

def findings(path):
    ids, codes = set(), Counter()
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["status"] in ("CORRECTED", "NOT-EVALUATED"):
                continue  # previous runs' findings this run did not raise
            ids.add(row["finding_id"]); codes[row["code"]] += 1
    return ids, codes

def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception:
        return ""

out = []
p = out.append
commit = git("rev-parse", "--short", "HEAD") or "unknown"
dirty = " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
p(f"iomaudit benchmark {time.strftime('%Y-%m-%d %H:%M')}{' (--quick: tenth set only, 1 run each)' if quick else ''}")
if interrupted:
    p("INTERRUPTED: the benchmark was stopped part-way; these are the figures measured until then")
p(f"iomaudit {version}, commit {commit}{dirty}; {os.cpu_count()} CPUs ({cpu}), {mem_gb:.0f} GB RAM")
p(f"load average (1, 5, 15 min) before the build {fig['all'].get('loadavg_start', '?')}, at the end {fig['all'].get('loadavg_end', '?')} "
  f"(the benchmark alone keeps it at or below {os.cpu_count()}; more means other work shared the CPUs and the times are pessimistic)")

summary = {}
for s in sets:
    f = fig[s]
    p("")
    gen_rows = {}
    for line in open(f["generate_out"]):
        parts = line.split()
        if len(parts) >= 5 and parts[2] == "rows":
            gen_rows[parts[0]] = (int(parts[1]), int(parts[3]))
    extracts = {k: v for k, v in gen_rows.items() if not k.startswith("truth/")}
    total_mb = sum(b for _, b in extracts.values()) / 1e6
    def rows(prefix):
        return next((r for k, (r, _) in extracts.items() if k.startswith(prefix)), 0)
    p(f"== {s} set: {rows('niche'):,} Niche rows, {rows('pnc'):,} PNC subjects, {rows('micase'):,} MiCase, {rows('jtrack'):,} JTrack, "
      f"{rows('cozart'):,} drug tests, {rows('prison'):,} prison movements; {total_mb:,.0f} MB of extracts")
    gw, gr = time_v(f["generate_time"])
    if gw is not None:
        p(f"   generated once by `iomaudit samples --profile {s}` in {gw:.1f} s, peak RSS {gr:,.0f} MB ({f['data']})")
    walls, rsss, stages, peaks = [], [], defaultdict(list), defaultdict(list)
    failed = []
    for r in range(1, runs + 1):
        w, m = time_v(f.get(f"run{r}.time", ""))
        code = int(f.get(f"run{r}.exit", "1"))
        note = "" if code in (0, 3) else f"  FAILED (see {os.path.dirname(figures_path)}/{s}-run{r}.log)"
        if code not in (0, 3):
            failed.append(r)
        p(f"   run {r}: {w or 0:7.2f} s wall, peak RSS {m or 0:7,.0f} MB, exit {code}{note}")
        if code in (0, 3) and w is not None:
            walls.append(w); rsss.append(m)
        mf = f.get(f"run{r}.manifest")
        if mf:
            man = json.load(open(mf))
            for k, v in (man.get("stageSeconds") or {}).items():
                stages[k].append(v)
            for k, v in (man.get("stagePeakMiB") or {}).items():
                peaks[k].append(v)
    order = ["ingest", "guard", "link", "audit", "history", "publish"]
    names = sorted(stages, key=lambda k: (order.index(k) if k in order else 99, k))
    if names:
        p(f"   stage seconds (manifest stageSeconds, median of {len(stages[names[0]])}): " +
          "  ".join(f"{k} {statistics.median(stages[k]):.2f}" for k in names))
    if peaks:
        pn = sorted(peaks, key=lambda k: (order.index(k) if k in order else 99, k))
        p("   peak RSS at the end of each stage (manifest stagePeakMiB, MB): " +
          "  ".join(f"{k} {statistics.median(peaks[k]):,.0f}" for k in pn))
    wall = statistics.median(walls) if walls else None
    rss = max(rsss) if rsss else None
    if wall is not None:
        p(f"   end to end: median wall {wall:.2f} s, peak RSS {rss:,.0f} MB (highest of the runs)")
    readers = {}
    for kind, label, base in (("csv", "CSV reader (Niche)", "Python csv.reader"), ("xml", "XML reader (PNC)", "Python ElementTree.iterparse")):
        if f"{kind}.reader" not in f:
            continue
        r, py, b = float(f[f"{kind}.reader"]), float(f[f"{kind}.python"]), int(f[f"{kind}.bytes"])
        readers[kind] = (r, py)
        extra = f", {float(f['csv.parse']):.0f} MB/s without the file's SHA-256" if kind == "csv" and "csv.parse" in f else ""
        p(f"   {label}: {f[kind + '.file']} ({b / 1e6:,.0f} MB): {r:.0f} MB/s{extra}; {base} {py:.1f} MB/s; ratio {r / py:.1f}x")
    peers_sum = None
    if "peers" in f:
        pj = json.load(open(f["peers"]))
        versions = ", ".join(f"{k} {v}" for k, v in pj.get("versions", {}).items())
        p(f"   peers on the same extracts (median of {runs}; {versions or 'no peer installed'}):")
        own = theirs = 0.0
        complete = True
        for e in pj["extracts"]:
            conv = e.get("conversion_seconds", 0.0)
            if "peer_seconds" in e:
                peer = f"{e['peer']} {e['peer_seconds']:.2f} s ({e.get('peer_rows', 0):,} rows)" + (f" + {conv:.2f} s converting ({e['conversion']})" if conv else "")
                ratio = e["iomaudit_seconds"] / (e["peer_seconds"] + conv)
                peer += f"; iomaudit / peer {ratio:.1f}x"
                theirs += e["peer_seconds"] + conv
            else:
                peer = f"{e['peer']} not measured: {e.get('peer_missing')}"
                complete = False
            own += e["iomaudit_seconds"]
            p(f"     {e['file']} ({e['bytes'] / 1e6:,.1f} MB): iomaudit check {e['iomaudit_seconds']:.2f} s; {peer}")
        if complete and theirs > 0:
            peers_sum = theirs
            p(f"     all extracts: iomaudit check {own:.1f} s, peers {theirs:.1f} s ({own / theirs:.1f}x)"
              + (f"; whole run (median wall {wall:.1f} s) / peers' sum {wall / theirs:.1f}x" if wall else ""))
    same = None
    if f.get("threads_ok") == "1":
        w1, m1 = time_v(f.get("threads1.time", ""))
        code = int(f.get("threads1.exit", "1"))
        base_findings = next((f[f"run{r}.findings"] for r in range(runs, 0, -1) if f"run{r}.findings" in f), None)
        if "threads1.findings" in f and base_findings:
            a_ids, a_codes = findings(base_findings)
            b_ids, b_codes = findings(f["threads1.findings"])
            same = a_ids == b_ids and a_codes == b_codes
            if same:
                verdict = f"findings identical ({len(a_ids):,} finding ids, counts equal for all {len(a_codes)} codes)"
            else:
                diff_codes = sorted(c for c in set(a_codes) | set(b_codes) if a_codes[c] != b_codes[c])
                verdict = (f"findings DIFFER: {len(a_ids - b_ids)} ids only in the default run, {len(b_ids - a_ids)} only with --threads 1; "
                           f"codes with different counts: {', '.join(f'{c} {a_codes[c]} vs {b_codes[c]}' for c in diff_codes) or 'none'}")
        elif "threads1.exit" not in f:
            verdict = "not reached"
        else:
            verdict = f"single-threaded run failed (exit {code})"
        if "threads1.exit" in f:
            p(f"   --threads 1: {w1 or 0:.2f} s wall, peak RSS {m1 or 0:,.0f} MB; {verdict}")
        else:
            p("   --threads 1: not reached")
    else:
        p("   single-threaded comparison: not available (this build's 'iomaudit run' has no --threads)")
    summary[s] = dict(wall=wall, rss=rss, readers=readers, same=same, failed=failed, peers=peers_sum)

# Summary against the targets.
p("")
p("== summary against the targets" + (" (--quick: time and memory targets need the force set)" if quick else ""))
rows = []
def status(ok):
    return "n/a" if ok is None else ("met" if ok else "MISSED")
def cell(s, fn):
    v = summary.get(s)
    return "-" if v is None else fn(v)
fs, ts = summary.get("force"), summary.get("tenth")
ref = fs or ts  # reader and findings targets: the force set, else (quick) the tenth set
def gb(v): return "-" if v is None else f"{v / 1024:.2f} GB"
def sec(v): return "-" if v is None else f"{v:.1f} s"
rows.append(("end to end, median wall", cell("force", lambda v: sec(v["wall"])), cell("tenth", lambda v: sec(v["wall"])),
             "<= 30 s at force scale", status(None if not fs or fs["wall"] is None else fs["wall"] <= 30)))
rows.append(("end to end, peak RSS", cell("force", lambda v: gb(v["rss"])), cell("tenth", lambda v: gb(v["rss"])),
             "<= 2 GB at force scale", status(None if not fs or fs["rss"] is None else fs["rss"] <= 2048)))
for kind, name, mbps, times in (("csv", "CSV reader", 400, 4), ("xml", "XML reader", 140, 6)):
    def reader(v, k=kind): return f"{v['readers'][k][0]:.0f} MB/s" if k in v["readers"] else "-"
    def ratio(v, k=kind): return f"{v['readers'][k][0] / v['readers'][k][1]:.1f}x" if k in v["readers"] else "-"
    ok = ref["readers"][kind][0] >= mbps if ref and kind in ref["readers"] else None
    rows.append((f"{name}, MB/s", cell("force", reader), cell("tenth", reader), f">= {mbps} MB/s", status(ok)))
    ok = ref["readers"][kind][0] / ref["readers"][kind][1] >= times if ref and kind in ref["readers"] else None
    rows.append((f"{name} / Python baseline", cell("force", ratio), cell("tenth", ratio), f">= {times}x", status(ok)))
if fs and ts and fs["wall"] and ts["wall"]:
    g = fs["wall"] / ts["wall"]
    rows.append(("tenth -> force, wall growth", f"{g:.1f}x", "", "<= 11x", status(g <= 11)))
    m = fs["rss"] / ts["rss"]
    rows.append(("tenth -> force, peak RSS growth", f"{m:.1f}x", "", "far below 10x (taken as <= 5x)", status(m <= 5)))
else:
    rows.append(("tenth -> force, wall growth", "-", "", "<= 11x", "n/a"))
    rows.append(("tenth -> force, peak RSS growth", "-", "", "far below 10x (taken as <= 5x)", "n/a"))
def vs_peers(v): return "-" if not v.get("peers") or not v["wall"] else f"{v['wall'] / v['peers']:.1f}x"
rows.append(("whole run / peers' sum (DuckDB, lxml)", cell("force", vs_peers), cell("tenth", vs_peers), "(no target; said)", ""))
def same(v): return "-" if v["same"] is None else ("identical" if v["same"] else "DIFFER")
ok = None if not ref or ref["same"] is None else ref["same"]
rows.append(("findings, default vs --threads 1", cell("force", same), cell("tenth", same), "identical ids and counts", status(ok)))
head = ("figure", "force", "tenth", "target", "")
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(5)]
for r in [head] + rows:
    p("  ".join(str(c).ljust(widths[i]) if i != 1 and i != 2 else str(c).rjust(widths[i]) for i, c in enumerate(r)).rstrip())
if quick:
    p("(--quick: the reader and findings rows are judged on the tenth set; run without --quick for the force set.)")
p("")
p(f"raw measurements (time -v, logs, manifests, findings): {os.path.dirname(figures_path)}")
p(f"results file: {results_path}")

text = "\n".join(out)
print(text)
with open(results_path, "w") as fh:
    fh.write(f"# iomaudit benchmark results\n\nMade by `scripts/bench.sh{' --quick' if quick else ''}`; how to read them: README, Benchmarks.\n\n```\n{text}\n```\n")
EOF
}
trap 'trap - TERM INT; say ""; say "interrupted: reporting the figures measured so far"; rm -rf "$cache"/out-tenth* "$cache"/out-force*; report interrupted || true; exit 143' TERM INT

for set in "${sets[@]}"; do
  data="$cache/data-$set-seed-$seed-$gen_key"
  out="$cache/out-$set"
  fig "$set" threads_ok "$threads_ok"
  say ""
  say "== $set set ($data)"
  for run in $(seq 1 "$runs"); do e2e "run$run" "$set" "$data" "$out"; done

  say "  readers ($runs run(s) each, median), Python baselines over the same files:"
  for kind in csv xml; do
    if [ "$kind" = csv ]; then mapping=Mappings/niche-nominals-csv.json; file=$(ls "$data"/niche_nominals_*.csv | tail -1)
    else mapping=Mappings/pnc-subjects-xml.json; file=$(ls "$data"/pnc_subjects_*.xml | tail -1); fi
    bytes=$(stat -c %s "$file")
    reader=(); parse=(); python=()
    for run in $(seq 1 "$runs"); do
      reader+=("$(check_mbps "$mapping" "$file")")
      if [ "$kind" = csv ]; then
        parse+=("$(check_mbps "$mapping" "$file" --no-digest)")
        secs=$(python3 -c "$py_csv" "$file" "$(mapping_value "$mapping" encoding utf-8)")
      else
        secs=$(python3 -c "$py_xml" "$file" "$(mapping_value "$mapping" record Subject)")
      fi
      python+=("$(awk -v b="$bytes" -v s="$secs" 'BEGIN {printf "%.2f", b/1e6/s}')")
    done
    r=$(printf '%s\n' "${reader[@]}" | median); p=$(printf '%s\n' "${python[@]}" | median)
    fig "$set" "$kind.file" "$(basename "$file")"
    fig "$set" "$kind.bytes" "$bytes"
    fig "$set" "$kind.reader" "$r"
    fig "$set" "$kind.python" "$p"
    if [ "$kind" = csv ]; then fig "$set" "$kind.parse" "$(printf '%s\n' "${parse[@]}" | median)"; fi
    say "$(printf '    %-3s %-34s %6.0f MB  iomaudit %6.0f MB/s  python %5.0f MB/s  ratio %5.1fx' "$kind" "$(basename "$file")" \
      "$(awk -v b="$bytes" 'BEGIN {print b/1e6}')" "$r" "$p" "$(awk -v r="$r" -v p="$p" 'BEGIN {print r/p}')")"
  done

  say "  peers on the same extracts ($runs run(s) each, median): DuckDB read_csv, lxml iterparse, beside iomaudit check:"
  if python3 scripts/bench-peers.py "$bin" "$data" "$runs" "$work/$set-peers.json"; then
    fig "$set" peers "$work/$set-peers.json"
  else
    say "    (the peers could not be measured: see above)"
  fi

  if [ "$threads_ok" = 1 ]; then
    e2e "threads1" "$set" "$data" "$out-threads1" --threads 1
  else
    say "  single-threaded comparison: not available (this build's 'iomaudit run' has no --threads)"
  fi
  rm -rf "$out" "$out-threads1"   # several GB at force scale; the manifests and findings are kept in $work
done

report finished
