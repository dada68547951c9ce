#!/usr/bin/env bash
# Disk full at every moment of a run: the output folder on a small tmpfs, one published run (AS_OF_1),
# then a run of AS_OF_2 with the tmpfs filled to leave less and less room, from none up to just short of
# what the run needs; after each, the disk is given back and the next run of AS_OF_2 goes ahead. Each
# state is copied to RESULTS/level-NN/{after-full,after-next} with the run's exit status and standard
# error beside it, for `DiskFullTests` (or a person) to check that a run the disk stopped changed
# nothing and the next one completed. Runs itself again in a private mount namespace (`unshare -rm`),
# so it needs no root; without user namespaces it says so and exits 2.
#
#   scripts/disk-full.sh BIN RESULTS [LEVELS]   # LEVELS even levels (default 24), then a halving search and 6 near its end
set -euo pipefail
BIN=$(realpath "$1") RESULTS=$2 LEVELS=${3:-24}
AS_OF_1=2026-11-20 AS_OF_2=2026-11-21
cd "$(dirname "$0")/.."
if [ "${IOMAUDIT_DISK_FULL_NS:-}" != 1 ]; then
  unshare -rm true 2>/dev/null || { echo "disk-full.sh: no private mount namespace here (unshare -rm failed)" >&2; exit 2; }
  exec unshare -rm env IOMAUDIT_DISK_FULL_NS=1 bash "$0" "$@"
fi
mkdir -p "$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iomaudit-diskfull.XXXXXX")
MNT=$WORK/mnt
mkdir -p "$MNT"
mount -t tmpfs -o size=64m tmpfs "$MNT"
trap 'umount "$MNT" 2>/dev/null; rm -rf "$WORK"' EXIT

run() { local rc=0; "$BIN" run --out "$MNT/out" --as-of "$1" >/dev/null 2>"$2" || rc=$?; echo "$rc"; }
avail() { df --output=avail -B1 "$MNT" | tail -1 | tr -d ' '; }

# The published run every level starts from, kept off the tmpfs.
rc=$(run "$AS_OF_1" "$WORK/base.err")
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "the first run exited $rc: $(cat "$WORK/base.err")" >&2; exit 1; }
cp -a "$MNT/out" "$WORK/base"
cp -a "$MNT/out" "$RESULTS/base"
# What a second run needs: the free space it uses.
before=$(avail); rc=$(run "$AS_OF_2" "$WORK/need.err"); need=$(( before - $(avail) ))
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "the sizing run exited $rc" >&2; exit 1; }
echo "a run of $AS_OF_2 needs about $need bytes" >&2

n=0
trial() { # FREE: one level; its exit status left in $last_rc (no subshell, so the level count carries on)
  local free=$1 dir
  dir=$RESULTS/level-$(printf '%02d' "$n"); n=$((n + 1))
  mkdir -p "$dir"
  rm -rf "$MNT/out" "$MNT/filler"
  cp -a "$WORK/base" "$MNT/out"
  local fill=$(( $(avail) - free ))
  [ "$fill" -gt 0 ] && { fallocate -l "$fill" "$MNT/filler" 2>/dev/null || head -c "$fill" /dev/zero > "$MNT/filler" 2>/dev/null || true; }
  echo "$free" > "$dir/free"
  run "$AS_OF_2" "$dir/full.err" > "$dir/full.rc"
  cp -a "$MNT/out" "$dir/after-full"
  rm -f "$MNT/filler"
  run "$AS_OF_2" "$dir/next.err" > "$dir/next.rc"
  cp -a "$MNT/out" "$dir/after-next"
  printf 'free %9d  exit %s  then %s  %s\n' "$free" "$(cat "$dir/full.rc")" "$(cat "$dir/next.rc")" \
    "$(grep -o '^error: .*' "$dir/full.err" | head -1 | sed "s|$MNT/out/||g" | cut -c1-110)" >&2
  last_rc=$(cat "$dir/full.rc")
}
published() { [ "$1" = 0 ] || [ "$1" = 3 ]; }
# Evenly from no room to what the run leaves used; then the least room a run publishes in, found by
# halving (a run needs more at its peak than it leaves used); then the last pages below it, where the
# history's commit is the write that finds the disk full.
for i in $(seq 0 $((LEVELS - 1))); do trial $(( need * i / LEVELS )); done
lo=$need hi=$(( need * 3 ))
trial "$hi"
published "$last_rc" || { echo "a run with $hi bytes free did not publish" >&2; exit 1; }
while [ $(( hi - lo )) -gt 8192 ]; do
  mid=$(( (lo + hi) / 2 ))
  trial "$mid"
  if published "$last_rc"; then hi=$mid; else lo=$mid; fi
done
for back in 4096 8192 16384 32768 65536 131072; do trial $(( hi - back )); done
echo "least room a run published in: about $hi bytes" >&2
