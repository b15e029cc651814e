#!/usr/bin/env bash
# Go: the benchmarks of bindings/go/bench (its own module, pinning mmap-go and
# golang.org/x/exp) on the benchmark file, mmf against mmap-go and
# golang.org/x/exp/mmap. The test binary is built once and run once per
# repetition (each pass runs every contender of an operation in a row, Go's
# own calibration being the warm-up); bench/go/tojson.py turns the passes into
# Google Benchmark's aggregate JSON. Called by bench/run.sh with
# MMF_BENCH_FILE, MMF_BENCH_REPS, MMF_BUILD_DIR and MMF_BENCH_OUT.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${MMF_BUILD_DIR:?}
: "${MMF_BENCH_FILE:?}" "${MMF_BENCH_OUT:?}"
reps=${MMF_BENCH_REPS:-5}

# libmmf and the build-tree mmf.pc (written when CMake configures the Go binding).
cmake --build "$build" --target mmf >/dev/null
[ -f "$build/bindings/go/pkgconfig/mmf.pc" ] || {
  echo "go bench: $build/bindings/go/pkgconfig/mmf.pc missing (Go binding off in this build?)" >&2
  exit 1
}
export PKG_CONFIG_PATH=$build/bindings/go/pkgconfig CGO_ENABLED=1 GOTOOLCHAIN=local GOFLAGS=-buildvcs=false \
  GOTELEMETRY=off GOCACHE=$build/bindings/go/gocache

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root/bindings/go/bench" && go test -c -o "$tmp/bench.test" .)
echo "$(go version), GOMAXPROCS=$(nproc)"
for r in $(seq "$reps"); do
  echo "-- pass $r/$reps"
  MMF_BENCH_FILE=$MMF_BENCH_FILE "$tmp/bench.test" -test.run '^$' -test.bench . \
    -test.benchtime 300ms -test.count 1 | tee -a "$tmp/out.txt"
done
python3 "$here/tojson.py" "$tmp/out.txt" "$MMF_BENCH_FILE" "$MMF_BENCH_OUT" "$(go version)"
