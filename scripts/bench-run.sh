#!/usr/bin/env bash
# Whole-run benchmark (release build): `iomaudit run` on a generated force, median wall time of 3 runs,
# peak RSS, and per-stage timings from the run's manifest.
#
#   scripts/bench-run.sh [PEOPLE]        default PEOPLE=1000000
#
# Data is generated once into ${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench} (outside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000000}
cache=${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench}
data="$cache/people-$people-seed-1"
out="$cache/run-out-$people"

swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/iomaudit
if [ ! -f "$data/.complete" ]; then
  echo "generating $people people into $data (once)"
  rm -rf "$data"
  "$bin" samples --out "$data" --people "$people" --seed 1 --as-of 2026-11-20 >/dev/null
  touch "$data/.complete"
fi

records=$(cat "$data"/*.csv "$data"/*.xml | wc -c)
echo "input: $people people, $(awk -v b="$records" 'BEGIN {printf "%.0f", b/1e6}') MB of extracts"
walls=()
for run in 1 2 3; do
  /usr/bin/time -v -o "$cache/time-$run.txt" "$bin" run --input "$data" --out "$out" --as-of 2026-11-20 >/dev/null 2>"$cache/log-$run.txt" || true
  wall=$(grep "Elapsed (wall clock)" "$cache/time-$run.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$cache/time-$run.txt" | awk '{print $NF}')
  walls+=("$wall")
  printf "run %d: %6.2f s wall, peak RSS %6.0f MB\n" "$run" "$wall" "$(awk -v k="$rss" 'BEGIN {print k/1024}')"
done
printf "median wall: %s s\n" "$(printf "%s\n" "${walls[@]}" | sort -g | sed -n 2p)"
echo "stage timings of the last run (manifest.json):"
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
for k, v in sorted(m["stageSeconds"].items(), key=lambda kv: ["ingest","link","audit","publish"].index(kv[0]) if kv[0] in ["ingest","link","audit","publish"] else 9):
    print(f"  {k:8s} {v:7.2f} s")
print("  findings:", m["outputs"][0]["rows"].get("findings"), " persons:", m["outputs"][0]["rows"].get("nominals"))
' "$out/current/manifest.json"
