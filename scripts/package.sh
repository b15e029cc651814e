#!/usr/bin/env bash
# The packaging stage of CI, also for developers (as root, or with sudo):
#   1. scripts/build-debs.sh: dpkg-buildpackage -us -uc -b in a scratch copy,
#      dpkg-gensymbols against debian/libmmf1.symbols, then lintian;
#   2. the ABI guard on the shipped library: libmmf.so.1 from the libmmf1 .deb,
#      with its DWARF from libmmf1-dbgsym, against capi/abi/libmmf.so.1.abi;
#   3. the installed-package tests (tests/package, CTest label `package`):
#      install the .debs, build and run consumers outside the source tree,
#      remove the packages.
# DEB_BUILD_OPTIONS is passed to the package build; CI sets "nocheck
# parallel=1" because the whole suite has already run (scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/build/deb

scripts/build-debs.sh "$out"

version=$(python3 scripts/version.py show)
arch=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
abi=$(mktemp -d)
trap 'rm -rf "$abi"' EXIT
dpkg-deb -x "$out/libmmf1_${version}_${arch}.deb" "$abi"
dpkg-deb -x "$out/libmmf1-dbgsym_${version}_${arch}.deb" "$abi"
echo "== ABI of the packaged libmmf.so.1"
capi/abi/check_abi.sh check "$abi/usr/lib/$triplet/libmmf.so.$version" "$abi/usr/lib/debug"

echo "== installed-package tests"
cmake -S tests/package -B build/package -DMMF_DEB_DIR="$out"
ctest --test-dir build/package -L package --output-on-failure
