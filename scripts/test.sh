#!/usr/bin/env bash
# The whole test suite: configure, build and run CTest for each preset named
# (default: "default"). CI runs `scripts/test.sh default asan tsan fuzz`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(default)

for p in "${presets[@]}"; do
  echo "== preset $p"
  cmake --preset "$p"
  cmake --build --preset "$p"
  ctest --preset "$p"
done
