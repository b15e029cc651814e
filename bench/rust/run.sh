#!/usr/bin/env bash
# Rust: the `compare` bench of the mmf crate (bindings/rust/mmf/benches/compare.rs,
# a plain harness, release build) on the benchmark file: mmf against memmap2
# and the memchr crate's memmem, plus memmem::find/rfind for every rare-needle
# length. Called by bench/run.sh with MMF_BENCH_FILE, MMF_BENCH_REPS,
# MMF_BUILD_DIR and MMF_BENCH_OUT.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${MMF_BUILD_DIR:?}
: "${MMF_BENCH_FILE:?}" "${MMF_BENCH_OUT:?}"

cmake --build "$build" --target mmf >/dev/null
# As CTest's rust.* tests do: libmmf from the build tree, cargo's output in it.
export MMF_LIB_DIR=$build/capi MMF_INCLUDE_DIR=$root/capi/include LD_LIBRARY_PATH=$build/capi${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
  CARGO_TARGET_DIR=$build/bindings/rust/target
MMF_BENCH_FILE=$(realpath "$MMF_BENCH_FILE") MMF_BENCH_OUT=$(realpath -m "$MMF_BENCH_OUT")
export MMF_BENCH_FILE MMF_BENCH_OUT
cd "$root/bindings/rust"
cargo bench --locked -q -p mmf --bench compare
