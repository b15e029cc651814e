#!/usr/bin/env bash
# The `bundled` feature on a machine with no libmmf: builds and runs the mmf
# crate's tests with no MMF_LIB_DIR, no pkg-config and no LD_LIBRARY_PATH,
# then checks with ldd that the test programs need no libmmf.so. Run by the
# CTest rust.bundled (CARGO_TARGET_DIR is its own, so nothing prebuilt
# against the CMake tree's library is reused).
set -euo pipefail
cd "$(dirname "$0")"
unset MMF_LIB_DIR MMF_INCLUDE_DIR MMF_STATIC LD_LIBRARY_PATH
export PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent
cargo test --locked -p mmf --features bundled
mapfile -t programs < <(cargo test --locked -p mmf --features bundled --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])')
[ ${#programs[@]} -gt 0 ] || { echo "bundled: no test program found"; exit 1; }
for p in "${programs[@]}"; do
  if ldd "$p" | grep -q 'libmmf\.so'; then
    echo "bundled: $p needs libmmf.so:"; ldd "$p"; exit 1
  fi
done
echo "bundled: ${#programs[@]} test programs, none needs libmmf.so"
