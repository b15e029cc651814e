#!/usr/bin/env bash
# Java: org.mmf.Bench (bindings/java/src/bench) on the benchmark file, mmf's
# MappedFile/View against the JDK's MappedByteBuffer. Called by bench/run.sh
# with MMF_BENCH_FILE, MMF_BENCH_REPS, MMF_BUILD_DIR and MMF_BENCH_OUT.
set -euo pipefail
build=${MMF_BUILD_DIR:?}
: "${MMF_BENCH_FILE:?}" "${MMF_BENCH_OUT:?}"

cmake --build "$build" --target mmfjni mmf_java_bench >/dev/null
dir=$build/bindings/java
jar=$dir/mmf.jar
java -Dorg.mmf.jni.library="$dir/libmmfjni.so" -cp "$jar:$dir/mmf-bench.jar" \
  org.mmf.Bench "$MMF_BENCH_FILE" "$MMF_BENCH_OUT" "${MMF_BENCH_REPS:-5}"
