#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer, each in its own build folder
# (.build-asan, .build-tsan), and prints one verdict per sanitizer:
#
#   scripts/sanitizers.sh                    # address, then thread
#   scripts/sanitizers.sh thread             # one of them
#   LOG_DIR=/tmp/san scripts/sanitizers.sh   # where the logs go (default: a new folder under /tmp)
#
# A sanitizer is "clean" only when `swift test` passes AND no sanitizer report was written, by the test
# process or by any `iomaudit` binary the end-to-end tests start (that binary is built by the same
# `swift test --sanitize=...` into the same folder, so it is instrumented too). Reports go to
# LOG_DIR/<sanitizer>-reports/ (one file per reporting process) as well as being looked for in the log.
#
# Tests see IOMAUDIT_SANITIZER=address|thread: a test with a wall-clock bound may scale it (the
# instrumented debug build is 2-3x slower under ASan and 5-10x under TSan).
#
# Leak detection is off (ASAN_OPTIONS=detect_leaks=0): Foundation and libdispatch leave allocations at
# exit on Linux, which is not what this run is for. Exit status: 0 if every sanitizer run is clean.
set -uo pipefail
cd "$(dirname "$0")/.."

SANITIZERS=("$@")
[ ${#SANITIZERS[@]} -gt 0 ] || SANITIZERS=(address thread)
LOG_DIR=${LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/iomaudit-sanitizers.XXXXXX")}
mkdir -p "$LOG_DIR"

summary=()
failed=0
for san in "${SANITIZERS[@]}"; do
  case "$san" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan ;;
    *) echo "unknown sanitizer '$san' (address or thread)" >&2; exit 64 ;;
  esac
  log="$LOG_DIR/$san.log"
  reports="$LOG_DIR/$san-reports"
  rm -rf "$reports"; mkdir -p "$reports"
  echo "== $san: swift test --sanitize=$san --scratch-path $scratch (log: $log)"
  start=$(date +%s)
  # Build first (not timed with the tests, and a build failure is told apart from a test failure).
  # Other work may edit sources meanwhile: a build that says a file was modified during it is retried.
  : >"$log"
  for attempt in 1 2 3; do
    build_rc=0
    swift build --build-tests --sanitize="$san" --scratch-path "$scratch" >>"$log" 2>&1 || build_rc=$?
    [ "$build_rc" != 0 ] && tail -50 "$log" | grep -q 'modified during the build' && continue
    break
  done
  build_s=$(( $(date +%s) - start ))
  test_rc=0
  if [ "$build_rc" = 0 ]; then
    tstart=$(date +%s)
    IOMAUDIT_SANITIZER="$san" \
    ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:log_path=$reports/asan:log_exe_name=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
    TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1:log_path=$reports/tsan:log_exe_name=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
      swift test --sanitize="$san" --scratch-path "$scratch" >>"$log" 2>&1 || test_rc=$?
    test_s=$(( $(date +%s) - tstart ))
  else
    test_s=0
  fi
  # Sanitizer reports, in the log (if a runtime ignored log_path) or in the report files.
  pattern='ERROR: AddressSanitizer|WARNING: ThreadSanitizer|ERROR: ThreadSanitizer|runtime error:'
  in_log=$(grep -cE "$pattern" "$log")
  in_files=$(cat "$reports"/* 2>/dev/null | grep -cE "$pattern")
  n_reports=$((in_log + in_files))
  # Test counts: swift-testing's and XCTest's closing lines.
  st_line=$(grep -E '^(✔|✘|􁁛|􀢄)? ?Test run with [0-9]+ tests?' "$log" | tail -1)
  xc_line=$(grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$log" | tail -1)
  echo "   build: $([ "$build_rc" = 0 ] && echo ok || echo "FAILED ($build_rc)") in ${build_s}s; tests: exit $test_rc in ${test_s}s"
  [ -n "$st_line" ] && echo "   swift-testing: ${st_line#* }"
  [ -n "$xc_line" ] && echo "   XCTest: $(echo "$xc_line" | sed 's/^[[:space:]]*//')"
  if [ "$build_rc" = 0 ] && [ "$test_rc" = 0 ] && [ "$n_reports" = 0 ]; then
    verdict="CLEAN"
  else
    verdict="NOT CLEAN"
    failed=1
    if [ "$n_reports" -gt 0 ]; then
      echo "   $n_reports sanitizer report(s); first lines:"
      { grep -hE -A3 "$pattern" "$log"; cat "$reports"/* 2>/dev/null | grep -E -A3 "$pattern"; } | head -40 | sed 's/^/     /'
      ls "$reports" | sed 's/^/     report file: /'
    fi
    [ "$test_rc" = 0 ] || [ "$build_rc" != 0 ] || grep -E '^✘ Test .* (recorded an issue|failed)|error: -\[|XCTAssert' "$log" \
      | grep -v ' with [0-9]* test cases failed' | head -20 | cut -c1-400 | sed 's/^/     /'
  fi
  if [ "$build_rc" != 0 ]; then
    grep -E 'error:' "$log" | sort -u | head -10 | sed 's/^/     /'
    summary+=("$san: $verdict (build failed, tests not run; build ${build_s}s)")
  else
    summary+=("$san: $verdict (tests exit $test_rc, $n_reports sanitizer reports, build ${build_s}s, tests ${test_s}s)")
  fi
done

echo "== sanitizer summary (leak detection off; logs in $LOG_DIR)"
for line in "${summary[@]}"; do echo "   $line"; done
exit $failed
