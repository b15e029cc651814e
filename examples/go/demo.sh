#!/usr/bin/env bash
# Builds and runs the Go examples against the libmmf of a CMake build tree
# ($MMF_BUILD_DIR, set by scripts/demo.sh and by CTest's go.example). The C
# flags come from pkg-config: the build tree's mmf.pc, which CMake writes
# to <build>/bindings/go/pkgconfig when the Go binding is on (an installed
# libmmf would be found through the system's mmf.pc instead).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${MMF_BUILD_DIR:?set MMF_BUILD_DIR to the CMake build tree}"
gobin="$build/bindings/go"
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1 || [ ! -e "$gobin/pkgconfig/mmf.pc" ]; then
  echo "examples/go: skipped, no Go toolchain or the build tree has no Go binding" \
       "(configure with -DMMF_WITH_GO=ON; it needs Go 1.22+, SWIG 4.1 and pkg-config)"
  exit 0
fi
export PKG_CONFIG_PATH="$gobin/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export GOCACHE="${GOCACHE:-$gobin/gocache}" GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN=local
mkdir -p "$gobin/examples"
(cd "$here" && go build -o "$gobin/examples/" ./...)
for ex in hello truncate; do
  echo "== go $ex"
  "$gobin/examples/$ex"
done
