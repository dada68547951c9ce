#!/usr/bin/env bash
# Installs iomaudit for a server without a Swift toolchain, where the shipped systemd units expect it:
#   PREFIX/usr/local/bin/iomaudit              the release binary, Swift runtime linked in (--static-swift-stdlib)
#   PREFIX/opt/iomaudit/{Pipelines,Mappings,seeds,Samples,README.md}
#   PREFIX/etc/systemd/system/iomaudit-nightly.{service,timer}
# Usage: scripts/install.sh PREFIX [--binary FILE]
#   PREFIX   / on the server itself, or a staging folder (a package, an image, a chroot)
#   --binary an already built binary to install instead of building one
# The server needs only the C libraries the binary names: libxml2, SQLite and libcrypto (Debian/Ubuntu:
# apt-get install libxml2 libsqlite3-0 libssl3). Then: systemctl daemon-reload && systemctl enable --now iomaudit-nightly.timer
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:?usage: scripts/install.sh PREFIX [--binary FILE]}"
shift
binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="${2:?--binary needs a file}"; shift 2 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
if [ -z "$binary" ]; then
  swift build -c release --static-swift-stdlib --scratch-path .build-static >&2
  binary=.build-static/release/iomaudit
fi
[ -x "$binary" ] || { echo "install.sh: $binary is not an executable" >&2; exit 66; }
if ldd "$binary" 2>/dev/null | grep -q 'libswift\|libFoundation'; then
  echo "install.sh: $binary needs the Swift runtime's shared libraries; build it with --static-swift-stdlib" >&2; exit 65
fi

install -d -m 0755 "$prefix/usr/local/bin" "$prefix/opt/iomaudit" "$prefix/etc/systemd/system"
install -m 0755 "$binary" "$prefix/usr/local/bin/iomaudit"
for d in Pipelines Mappings seeds Samples; do
  rm -rf "${prefix:?}/opt/iomaudit/$d"
  cp -R "$d" "$prefix/opt/iomaudit/$d"
done
install -m 0644 README.md "$prefix/opt/iomaudit/README.md"
install -m 0644 Pipelines/examples/iomaudit-nightly.service Pipelines/examples/iomaudit-nightly.timer "$prefix/etc/systemd/system/"
"$prefix/usr/local/bin/iomaudit" validate --pipeline "$prefix/opt/iomaudit/Pipelines/nightly.json" >&2
echo "installed iomaudit $("$prefix/usr/local/bin/iomaudit" --version) under $prefix"
