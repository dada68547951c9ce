#!/usr/bin/env bash
# libFuzzer runs of the three input parsers that see untrusted bytes: the CSV reader, the XML record
# reader and the PNC ID parser. Each runs for a fixed time; the corpus it finds is merged back, kept
# small, into Tests/Fuzz/corpus/<target>/. Prints per target the executions run and the crashes found.
#
#   scripts/fuzz.sh                  # 60 s per target: csv, xml, pnc
#   scripts/fuzz.sh 300              # 300 s per target
#   scripts/fuzz.sh 30 xml           # only some targets
#   scripts/fuzz.sh 0                # only rebuild and replay the corpus (a quick regression check)
#
# Harnesses: Tests/Fuzz/*Fuzz.swift (`@_cdecl("LLVMFuzzerTestOneInput")`). They are not SwiftPM targets,
# so `swift build` / `swift test` never see them: this script compiles a snapshot of Sources/IOMAudit
# with `swiftc -sanitize=fuzzer,address` into .build-fuzz/swiftc/ (rebuilt only when a source changed)
# and links each harness against it. Crash inputs are written to .build-fuzz/work/artifacts/<target>/;
# replay one with `.build-fuzz/swiftc/fuzz-<target> FILE`, then make it a unit test.
#
# Exit status: 0 when no target crashed, 1 when one did, 2 when a build failed.
set -uo pipefail
cd "$(dirname "$0")/.."

SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(csv xml pnc)
MAX_FILES=${FUZZ_CORPUS_MAX_FILES:-50}
MAX_LEN=4096
B=.build-fuzz/swiftc
WORK=.build-fuzz/work
mkdir -p "$B" "$WORK"

command -v swiftc >/dev/null 2>&1 || PATH=/opt/swift/usr/bin:$PATH
SWIFTC=$(command -v swiftc) || { echo "swiftc not found" >&2; exit 2; }
TOOLCHAIN=$(dirname "$(dirname "$(readlink -f "$SWIFTC")")")
if ! ls "$TOOLCHAIN"/lib/clang/*/lib/linux/libclang_rt.fuzzer*-x86_64.a "$TOOLCHAIN"/lib/clang/*/lib/*/libclang_rt.fuzzer*.a \
     >/dev/null 2>&1; then
  echo "warning: no libclang_rt.fuzzer found under $TOOLCHAIN/lib/clang; the link may fail" >&2
fi

harness() { case "$1" in
  csv) echo Tests/Fuzz/CSVReaderFuzz.swift ;;
  xml) echo Tests/Fuzz/XMLRecordReaderFuzz.swift ;;
  pnc) echo Tests/Fuzz/PNCIdentifierFuzz.swift ;;
  *) return 1 ;;
esac; }
for t in "${TARGETS[@]}"; do harness "$t" >/dev/null || { echo "unknown target '$t' (csv, xml, pnc)" >&2; exit 64; }; done

FLAGS=(-O -g -sanitize=fuzzer,address -parse-as-library -I Sources/CLibXML2 -I Sources/CSQLite)
for f in $(pkg-config --cflags libxml-2.0 sqlite3); do FLAGS+=(-Xcc "$f"); done
LIBS=$(pkg-config --libs libxml-2.0 sqlite3)
quiet_ld() { grep -v -e 'Cannot export local symbol' -e '^$' || true; }

# 1. The library, from a snapshot of the sources (other work may be editing them meanwhile).
lib_stamp=$( { "$SWIFTC" --version 2>&1; echo "${FLAGS[*]}"; find Sources/IOMAudit -name '*.swift' | sort | xargs cat; } | sha256sum | cut -c1-64)
if [ ! -f "$B/libIOMAudit.a" ] || [ "$(cat "$B/lib.stamp" 2>/dev/null)" != "$lib_stamp" ]; then
  echo "== building Sources/IOMAudit with -sanitize=fuzzer,address (a few minutes)"
  rm -rf "$B/src" "$B/lib.stamp"
  mkdir -p "$B/src" && cp -a Sources/IOMAudit "$B/src/"
  lib_stamp=$( { "$SWIFTC" --version 2>&1; echo "${FLAGS[*]}"; find "$B/src/IOMAudit" -name '*.swift' | sort | xargs cat; } | sha256sum | cut -c1-64)
  start=$(date +%s)
  "$SWIFTC" "${FLAGS[@]}" -module-name IOMAudit -wmo -num-threads "$(nproc)" \
       -emit-module -emit-module-path "$B/IOMAudit.swiftmodule" -emit-library -static -o "$B/libIOMAudit.a" \
       $(find "$B/src/IOMAudit" -name '*.swift' | sort) 2>&1 | quiet_ld
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "library build failed" >&2; exit 2; }
  echo "$lib_stamp" >"$B/lib.stamp"
  echo "   built in $(( $(date +%s) - start )) s"
fi

# 2. One binary per harness.
for t in "${TARGETS[@]}"; do
  src=$(harness "$t")
  stamp=$( { cat "$B/lib.stamp"; cat "$src"; } | sha256sum | cut -c1-64)
  if [ ! -x "$B/fuzz-$t" ] || [ "$(cat "$B/fuzz-$t.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "== linking fuzz-$t"
    rm -f "$B/fuzz-$t.stamp"
    "$SWIFTC" "${FLAGS[@]}" -I "$B" "$src" "$B/libIOMAudit.a" $LIBS -o "$B/fuzz-$t" 2>&1 | quiet_ld
    [ "${PIPESTATUS[0]}" = 0 ] || { echo "fuzz-$t build failed" >&2; exit 2; }
    echo "$stamp" >"$B/fuzz-$t.stamp"
  fi
done

# 3. Fuzz each target for SECS seconds from its corpus, then merge what it found back, kept small.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:symbolize=1}
# Swift's own crash backtracer reads the stack in ways ASan reports; libFuzzer prints the stack instead.
export SWIFT_BACKTRACE=enable=no
results=()
crashed=0
for t in "${TARGETS[@]}"; do
  bin="$B/fuzz-$t"
  corpus="Tests/Fuzz/corpus/$t"
  work="$WORK/corpus-$t"
  art="$WORK/artifacts/$t"
  log="$WORK/$t.log"
  mkdir -p "$corpus"
  rm -rf "$work" "$art"; mkdir -p "$work" "$art"
  cp "$corpus"/* "$work"/ 2>/dev/null || true
  dict=()
  [ -f "Tests/Fuzz/$t.dict" ] && dict=(-dict="Tests/Fuzz/$t.dict")
  echo "== fuzzing $t for $SECS s (log: $log)"
  start=$(date +%s)
  if [ "$SECS" -gt 0 ]; then
    "$bin" "$work" "${dict[@]}" -max_total_time="$SECS" -max_len=$MAX_LEN -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$art/" >"$log" 2>&1
  else
    "$bin" "$work"/* -print_final_stats=1 -artifact_prefix="$art/" >"$log" 2>&1  # replay only
  fi
  rc=$?
  took=$(( $(date +%s) - start ))
  execs=$(grep -h 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
  [ -n "$execs" ] || execs=$(grep -hoE '^Done [0-9]+ runs|^Executed .* in' "$log" | grep -oE '[0-9]+' | head -1)
  [ -n "$execs" ] || execs=$(grep -hoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  [ -n "$execs" ] || execs=0
  cov=$(grep -hoE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  crashes=$(find "$art" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$crashes" = 0 ] && [ "$rc" != 0 ]; then crashes=1; fi  # died without writing an artefact
  [ "$crashes" = 0 ] || crashed=1

  # Merge: the inputs of the old corpus and of this run that keep all the coverage, fewest first.
  merged="$WORK/merged-$t"
  rm -rf "$merged"; mkdir -p "$merged"
  if [ "$SECS" -gt 0 ] && "$bin" -merge=1 -set_cover_merge=1 -max_len=$MAX_LEN -timeout=10 \
       "$merged" "$corpus" "$work" >"$WORK/$t-merge.log" 2>&1; then
    # Hand-written seeds (any name that is not a 40-hex SHA-1) stay; libFuzzer's finds are replaced.
    seed_sums=" "
    for f in "$corpus"/*; do
      [ -f "$f" ] || continue
      base=$(basename "$f")
      if [[ "$base" =~ ^[0-9a-f]{40}$ ]]; then rm -f "$f"; else seed_sums+="$(sha1sum <"$f" | cut -c1-40) "; fi
    done
    for f in "$merged"/*; do
      [ -f "$f" ] || continue
      [[ "$seed_sums" == *" $(basename "$f") "* ]] || cp "$f" "$corpus/"
    done
    # Still too many: drop the largest found inputs (never a seed) until there are MAX_FILES.
    while [ "$(find "$corpus" -type f | wc -l)" -gt "$MAX_FILES" ]; do
      biggest=$(find "$corpus" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
      [ -n "$biggest" ] || break
      rm -f "$biggest"
    done
  fi
  files=$(find "$corpus" -type f | wc -l)
  biggest_bytes=$(find "$corpus" -type f -printf '%s\n' | sort -n | tail -1)
  line=$(printf '%-4s %5ss %12s executions %3s crashes   corpus %2s files (largest %s B)   %s' \
         "$t" "$took" "$execs" "$crashes" "$files" "${biggest_bytes:-0}" "$cov")
  results+=("$line")
  echo "   $line"
  if [ "$crashes" != 0 ]; then
    grep -hE -m3 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|Fatal error|SUMMARY' "$log" | sed 's/^/   /'
    find "$art" -type f | sed "s|^|   reproduce: $bin |"
  fi
done

echo "== fuzz summary ($SECS s per target)"
for line in "${results[@]}"; do echo "   $line"; done
if [ "$crashed" = 0 ]; then echo "   0 crashes"; else echo "   CRASHES FOUND (inputs under $WORK/artifacts/)"; fi
exit $crashed
