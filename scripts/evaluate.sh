#!/usr/bin/env bash
# Accuracy on the generator's own truth: generate a force, run the audit, compare with the truth.
#
#   scripts/evaluate.sh [PEOPLE] [SEED ...]       default: 20000 people, seeds 1 and 2
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-20000}; shift || true
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(1 2)
cache=${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench}
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/iomaudit
status=0
for seed in "${seeds[@]}"; do
  data="$cache/eval-$people-seed-$seed"; out="$cache/eval-out-$people-seed-$seed"
  rm -rf "$data" "$out"
  "$bin" samples --out "$data" --people "$people" --seed "$seed" --as-of 2026-11-20 >/dev/null
  "$bin" run --input "$data" --out "$out" --as-of 2026-11-20 >/dev/null 2>&1 || true
  echo "== $people people, seed $seed"
  python3 scripts/evaluate-truth.py "$out/current" "$data/truth" || status=1
done
exit $status
