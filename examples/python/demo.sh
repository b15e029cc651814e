#!/usr/bin/env bash
# Runs the Python examples against the mmf package of a CMake build tree
# ($MMF_BUILD_DIR, set by scripts/demo.sh), with the interpreter its
# extension was built for. An installed mmf (pip, python3-mmf) needs none of
# this: `python3 hello.py`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${MMF_BUILD_DIR:?set MMF_BUILD_DIR to the CMake build tree}"
pybin="$build/bindings/python"
if [ ! -f "$pybin/interpreter" ]; then
  echo "examples/python: skipped, the build tree has no Python binding" \
       "(configure with -DMMF_WITH_PYTHON=ON; it needs python3-dev)"
  exit 0
fi
cmake --build "$build" --target python >/dev/null
for ex in hello truncate; do
  echo "== python $ex"
  PYTHONPATH="$pybin/pkg" "$(cat "$pybin/interpreter")" "$here/$ex.py"
done
