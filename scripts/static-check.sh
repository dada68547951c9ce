#!/usr/bin/env bash
# Shows the installed binary runs on a machine without a Swift toolchain: installs it (scripts/install.sh)
# into an empty root that holds only the C libraries the binary names (libc, libxml2, SQLite and their
# own dependencies), then runs validate, the samples, the report and explain inside it with chroot.
# Needs root (chroot). Usage: scripts/static-check.sh [--binary FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d /tmp/iomaudit-chroot.XXXXXX)
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
scripts/install.sh "$root" "$@" >/dev/null
bin="$root/usr/local/bin/iomaudit"
for lib in $(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# Every machine and container has /proc; Swift reads a program's arguments from /proc/self/cmdline.
mkdir -p "$root/tmp" "$root/dev" "$root/proc"
mount -t proc proc "$root/proc"
if find "$root" -xdev -name 'libswift*' -o -name 'libFoundation*' -o -name swift -o -name swiftc | grep -q .; then
  echo "static-check: the root holds part of a Swift toolchain" >&2; exit 1
fi
echo "root $root holds $(find "$root" -xdev -type f | wc -l) files; libraries: $(find "$root/lib" "$root/lib64" "$root/usr/lib" -type f 2>/dev/null | xargs -n1 basename | sort | tr '\n' ' ')"
set -x
chroot "$root" /usr/local/bin/iomaudit validate --pipeline /opt/iomaudit/Pipelines/nightly.json
status=0
chroot "$root" /usr/local/bin/iomaudit run --pipeline /opt/iomaudit/Pipelines/nightly.json --out /tmp/out --as-of 2026-11-20 >/dev/null || status=$?
[ "$status" = 3 ] || { echo "static-check: run exited $status, expected 3 (published with the samples' warnings)" >&2; exit 1; }
chroot "$root" /usr/local/bin/iomaudit report --out /tmp/out --month 2026-11
chroot "$root" /usr/local/bin/iomaudit explain micase:MC100003 --out /tmp/out | head -3
set +x
echo "static-check: the installed binary ran the samples without a Swift toolchain"
