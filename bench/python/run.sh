#!/usr/bin/env bash
# Python: bench_mmf.py, the mmf package against the standard mmap module in
# the same process, run by the interpreter the extension was built for
# (written by bindings/python/CMakeLists.txt). find.py next to this script
# is CPython's mmap.find for the C rows, run by bench/run.sh itself. Called
# by bench/run.sh with MMF_BENCH_FILE, MMF_BENCH_REPS, MMF_BUILD_DIR and
# MMF_BENCH_OUT.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${MMF_BUILD_DIR:?}
: "${MMF_BENCH_FILE:?}" "${MMF_BENCH_OUT:?}"

cmake --build "$build" --target python >/dev/null
py=$(cat "$build/bindings/python/interpreter")
PYTHONPATH=$build/bindings/python/pkg "$py" "$here/bench_mmf.py" "$MMF_BENCH_FILE" "$MMF_BENCH_OUT" "${MMF_BENCH_REPS:-5}"
