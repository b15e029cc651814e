#!/usr/bin/env bash
# C#: mmf-bench.exe (bindings/csharp/bench/Bench.cs) on Mono on the benchmark
# file, mmf's MappedFile/View against MemoryMappedViewAccessor. Called by
# bench/run.sh with MMF_BENCH_FILE, MMF_BENCH_REPS, MMF_BUILD_DIR and
# MMF_BENCH_OUT.
set -euo pipefail
build=${MMF_BUILD_DIR:?}
: "${MMF_BENCH_FILE:?}" "${MMF_BENCH_OUT:?}"

# mmf_csharp builds Mmf.dll, libmmfcs.so and mmf-bench.exe (among the rest).
cmake --build "$build" --target mmf_csharp >/dev/null
# Mono finds libmmfcs.so next to Mmf.dll (Mmf.dll.config).
mono "$build/bindings/csharp/mmf-bench.exe" "$MMF_BENCH_FILE" "$MMF_BENCH_OUT" "${MMF_BENCH_REPS:-5}"
