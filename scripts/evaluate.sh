#!/usr/bin/env bash
# Accuracy on the generator's own truth: generate a force (or reuse a cached one), run the audit in one or
# two variants, compare each with the truth (scripts/evaluate-truth.py).
#
#   scripts/evaluate.sh [--people N | --profile force|tenth] [--slip-rate R] [--seed S ...]
#                       [--variants full,names] [--regenerate]
#   scripts/evaluate.sh PEOPLE [SEED ...]            the old form: same as --people PEOPLE --seed SEED ...
#
# Defaults: --people 20000, seeds 1 and 2, slip rate 0.05 (a hand-entry slip on one record in twenty, in
# every system; --slip-rate 0 gives the generator's plain sets), both variants.
#
# Variants:
#   full   the shipped Pipelines/nightly.json mappings.
#   names  copies of the six Mappings/*.json without any identifier field (PNC ID, CRO number, prison number,
#          MiCase's Niche reference), written to a temporary folder with a pipeline that points at them and
#          at seeds/: the linker has names, date of birth and sex only (PNC aliases stay). Two identifiers
#          cannot go, being the record key: the PNC nominal's own PNC ID and the prison movement's prison
#          number; no other record carries them, so they link nothing across systems (the prison number
#          still ties one person's movements together).
#
# Sets are cached in ${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench}/eval-TAG (the force profile writes
# about 1 GB) and reused when their truth/README.md shows the same generator options; --regenerate makes
# them anew. Each variant's run goes to eval-out-TAG-VARIANT; the evaluation's text and JSON summary to
# eval-results/TAG-VARIANT.{txt,json}. Exit status 1 when any run fails or any evaluation misses a target.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

people=20000 profile="" slip=0.05 variants="full,names" regenerate=0 seeds=()
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 64; }
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
  people=$1; shift
  while [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; do seeds+=("$1"); shift; done
fi
while [ $# -gt 0 ]; do
  case $1 in
    --people) [ $# -ge 2 ] || usage; people=$2; profile=""; shift 2 ;;
    --profile) [ $# -ge 2 ] || usage; profile=$2; shift 2
      [[ $profile == force || $profile == tenth ]] || { echo "--profile must be force or tenth" >&2; exit 64; } ;;
    --slip-rate) [ $# -ge 2 ] || usage; slip=$2; shift 2 ;;
    --seed) [ $# -ge 2 ] || usage; shift
      while [ $# -gt 0 ] && [[ $1 != --* ]]; do seeds+=("$1"); shift; done ;;
    --variants) [ $# -ge 2 ] || usage; variants=$2; shift 2 ;;
    --regenerate) regenerate=1; shift ;;
    -h|--help) usage ;;
    *) echo "evaluate.sh: unexpected argument '$1'" >&2; usage ;;
  esac
done
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2)
for s in "${seeds[@]}"; do [[ $s =~ ^[0-9]+$ ]] || { echo "evaluate.sh: seed '$s' is not a whole number" >&2; exit 64; }; done
[[ $people =~ ^[0-9]+$ ]] || { echo "evaluate.sh: --people '$people' is not a whole number" >&2; exit 64; }
# The rate as the generator prints it in the truth README (0.05, not 0.050); 0: no slips.
slip=$(python3 -c 'import sys; r = float(sys.argv[1]); assert 0 <= r <= 0.5; print(repr(r))' "$slip" 2>/dev/null) \
  || { echo "evaluate.sh: --slip-rate must be a number from 0 to 0.5" >&2; exit 64; }
IFS=, read -r -a variant_list <<< "$variants"
for v in "${variant_list[@]}"; do
  [[ $v == full || $v == names ]] || { echo "evaluate.sh: unknown variant '$v' (full, names)" >&2; exit 64; }
done

cache=${IOMAUDIT_BENCH_CACHE:-$HOME/.cache/iomaudit-bench}
mkdir -p "$cache/eval-results"
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/iomaudit

# The names variant: mappings without identifier fields, and a pipeline pointing at them.
names_dir=""
if [[ ,$variants, == *,names,* ]]; then
  names_dir=$(mktemp -d "${TMPDIR:-/tmp}/iomaudit-names.XXXXXX")
  trap 'rm -rf "$names_dir"' EXIT
  python3 - "$repo" "$names_dir" <<'PY'
import json, os, sys
repo, out = sys.argv[1], sys.argv[2]
# Identifier fields per system; the record key (PNC's pncId, the prison number) cannot be removed.
identifiers = {"pnc": ["pncId", "croNumber"], "niche": ["pncId", "croNumber"], "micase": ["pncId", "nicheId"],
               "jtrack": ["pncId"], "cozart": ["pncId"], "prison": ["pncId", "prisonNumber"]}
keys = {"pnc": {"pncId"}, "prison": {"prisonNumber"}}
with open(os.path.join(repo, "Pipelines/nightly.json")) as f:
    pipeline = json.load(f)
pipeline_dir = os.path.join(repo, "Pipelines")
for source in pipeline["sources"]:
    src = os.path.normpath(os.path.join(pipeline_dir, source["mapping"]))
    with open(src) as f:
        mapping = json.load(f)
    system = mapping["system"]
    removed, kept = [], []
    for field in identifiers.get(system, []):
        if field not in mapping["fields"]:
            continue
        if field in keys.get(system, set()):
            kept.append(field)
            continue
        if mapping["fields"][field].get("required"):
            sys.exit(f"{src}: {field} is required and cannot be removed")
        del mapping["fields"][field]
        removed.append(field)
    mapping["mapping"] += "-names-only"
    mapping["description"] = "Names, date of birth and sex only (identifiers removed for evaluation): " + mapping["description"]
    dst = os.path.join(out, os.path.basename(src))
    with open(dst, "w") as f:
        json.dump(mapping, f, indent=2)
    source["mapping"] = dst
    print(f"names variant: {system}: removed {', '.join(removed) or 'nothing'}"
          + (f"; kept {', '.join(kept)} (the record key)" if kept else ""), file=sys.stderr)
pipeline["pipeline"] = pipeline["pipeline"] + "-names-only"
pipeline["seeds"] = os.path.join(repo, "seeds")
pipeline["input"] = os.path.join(out, "input-unused")
pipeline["out"] = os.path.join(out, "out-unused")
with open(os.path.join(out, "names.json"), "w") as f:
    json.dump(pipeline, f, indent=2)
PY
fi

status=0
for seed in "${seeds[@]}"; do
  if [ -n "$profile" ]; then size="--profile $profile"; tag="$profile"; else size="--people $people"; tag="$people"; fi
  gen_opts="$size"
  if [ "$slip" != "0.0" ]; then gen_opts+=" --slip-rate $slip"; tag+="-slips-$slip"; fi
  gen_opts+=" --seed $seed --as-of 2026-11-20"
  tag+="-seed-$seed"
  data="$cache/eval-$tag"
  made="Made by \`iomaudit samples --out DIR $gen_opts\`."
  if [ $regenerate = 0 ] && [ -f "$data/truth/README.md" ] && grep -qxF "$made" "$data/truth/README.md"; then
    echo "== $tag: reusing $data"
  else
    echo "== $tag: generating $data"
    rm -rf "$data"
    # shellcheck disable=SC2086
    "$bin" samples --out "$data" $gen_opts >/dev/null
  fi
  for v in "${variant_list[@]}"; do
    out="$cache/eval-out-$tag-$v"
    rm -rf "$out"
    pipeline_opt=()
    [ "$v" = names ] && pipeline_opt=(--pipeline "$names_dir/names.json")
    start=$(date +%s)
    rc=0
    "$bin" run "${pipeline_opt[@]}" --input "$data" --out "$out" --as-of 2026-11-20 >"$out.log" 2>&1 || rc=$?
    echo "== $tag, variant $v: iomaudit run exit $rc in $(( $(date +%s) - start )) s (log $out.log)"
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then status=1; tail -5 "$out.log"; continue; fi
    result="$cache/eval-results/$tag-$v"
    python3 scripts/evaluate-truth.py "$out/current" "$data/truth" --variant "$v" --json "$result.json" | tee "$result.txt" \
      || status=1
  done
done
exit $status
