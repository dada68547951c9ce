#!/usr/bin/env bash
# Reader detail (release build): MB/s of iomaudit's CSV and XML readers on every extract of a generated
# force, next to Python baselines over the same files, measured in the same run. Median of 3 runs each.
# scripts/bench.sh is the benchmark with targets; this script is for working on the readers.
#
#   scripts/bench-readers.sh [PEOPLE|force|tenth]     default PEOPLE=1000000
#
# Data is generated once into ${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench} (outside the repository);
# force and tenth share bench.sh's sets.
set -euo pipefail
cd "$(dirname "$0")/.."
set_name=${1:-1000000}
cache=${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench}
scratch=${IOMAUDIT_BENCH_SCRATCH:-.build-bench}
mkdir -p "$cache"

for attempt in 1 2 3 4 5; do
  if swift build -c release --scratch-path "$scratch" > "$cache/build-readers.log" 2>&1; then break; fi
  if grep -q "modified during the build" "$cache/build-readers.log" && [ "$attempt" -lt 5 ]; then continue; fi
  cat "$cache/build-readers.log" >&2; exit 1
done
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/iomaudit

case "$set_name" in
  force|tenth)
    gen_key=$(cat Sources/IOMAudit/Generate/*.swift Sources/IOMAudit/Command/SamplesCommand.swift | sha256sum | cut -c1-12)
    data="$cache/data-$set_name-seed-1-$gen_key"; generate=(--profile "$set_name") ;;
  *) data="$cache/people-$set_name-seed-1"; generate=(--people "$set_name") ;;
esac
if [ ! -f "$data/.complete" ]; then
  echo "generating ${generate[*]} into $data (once)"
  rm -rf "$data"
  /usr/bin/time -v -o "$cache/generate.time" "$bin" samples --out "$data" "${generate[@]}" --seed 1 --as-of 2026-11-20 > "$cache/generate.out"
  mv "$cache/generate.time" "$data/.generate.time"; mv "$cache/generate.out" "$data/.generate.out"
  grep -E "Elapsed|Maximum resident" "$data/.generate.time" | sed 's/^\t*/  /'
  touch "$data/.complete"
fi

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The Python baselines only iterate: csv.reader's rows, iterparse's records (as bench.sh).
source scripts/python-baselines.sh  # (the script runs from the repository root)

printf "%-34s %8s %11s %11s %11s %11s %7s\n" "file" "MB" "parse MB/s" "reader MB/s" "mapped MB/s" "python MB/s" "ratio"
for mapping in Mappings/*.json; do
  pattern=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["files"])' "$mapping")
  file=$(ls "$data"/$pattern 2>/dev/null | tail -1) || true
  [ -n "$file" ] || continue
  bytes=$(stat -c %s "$file")
  mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
  parse=(); reader=(); mapped=(); python=()
  for run in 1 2 3; do
    reader+=("$("$bin" check --mapping "$mapping" "$file" --reader-only --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["mbPerSecond"])')")
    case "$file" in
      *.csv) parse+=("$("$bin" check --mapping "$mapping" "$file" --reader-only --no-digest --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["mbPerSecond"])')") ;;
      *) parse+=("0") ;;
    esac
    mapped+=("$("$bin" check --mapping "$mapping" "$file" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["mbPerSecond"])')" ) || true
    case "$file" in
      *.csv) enc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("encoding","utf-8"))' "$mapping")
             secs=$(python3 -c "$py_csv" "$file" "$enc") ;;
      *.xml) tag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["record"])' "$mapping")
             secs=$(python3 -c "$py_xml" "$file" "$tag") ;;
    esac
    python+=("$(awk -v b="$bytes" -v s="$secs" 'BEGIN {printf "%.1f", b/1e6/s}')")
  done
  a=$(printf "%s\n" "${parse[@]}" | median); r=$(printf "%s\n" "${reader[@]}" | median); m=$(printf "%s\n" "${mapped[@]}" | median); p=$(printf "%s\n" "${python[@]}" | median)
  [ "$a" = "0" ] && a="-"
  printf "%-34s %8s %11s %11.0f %11.0f %11.0f %6.1fx\n" "$(basename "$file")" "$mb" "$(printf '%s' "$a" | awk '{ if ($1 == "-") print "-"; else printf "%.0f", $1 }')" "$r" "$m" "$p" "$(awk -v r="$r" -v p="$p" 'BEGIN {print r/p}')"
done
echo
echo "parse MB/s: CSV reader without the file digest; reader MB/s: the reader incl. SHA-256 of the file (on a"
echo "second thread); mapped MB/s: reader + mapping into canonical records"
echo "(in-memory store); python MB/s: csv.reader / xml.etree.iterparse over the same file; ratio = reader / python."
