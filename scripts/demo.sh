#!/usr/bin/env bash
# Installs what is missing, builds mmf and runs every example: the library
# doing its job, once per language that has landed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default

bin=build/default/examples
for ex in example_c_hello example_c_anon_fork example_cpp_hello example_cpp_anon_fork; do
  echo "== $ex"
  "$bin/$ex"
done
# Each binding adds examples/<lang>/demo.sh, run with the build tree's path.
for script in examples/*/demo.sh; do
  [ -e "$script" ] || continue
  echo "== $script"
  MMF_BUILD_DIR="$PWD/build/default" bash "$script"
done
echo "demo: all examples ran"
