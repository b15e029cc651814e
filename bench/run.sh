#!/usr/bin/env bash
# The one benchmark command: builds mmf (default preset), makes a 256 MiB
# data file, warms the page cache, runs the C/C++ benchmarks, CPython's
# mmap.find, and every binding's benchmark that exists (bench/<lang>/run.sh),
# then writes bench/README.md, bench/results/*.json and bench/plots/*.png.
#
# Environment: MMF_BENCH_DIR (where the data file lives; default /var/tmp),
# MMF_BENCH_REPS (repetitions, default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target mmf_bench_c mmf_bench_c_static

dir=${MMF_BENCH_DIR:-/var/tmp}
reps=${MMF_BENCH_REPS:-5}
data=$dir/mmf-bench-256MiB.dat
[ -f "$data" ] || build/default/bench/mmf_bench_c --make-file "$data"
cat "$data" >/dev/null  # page-cached: the benchmarks measure the library, not the disk

results=$root/bench/results
mkdir -p "$results"
rm -f "$results"/*.json

echo "== C/C++"
MMF_BENCH_FILE=$data build/default/bench/mmf_bench_c \
  --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 --benchmark_out="$results/c.json" --benchmark_out_format=json

echo "== C/C++, searches on one thread (MMF_SEARCH_THREADS=1)"
MMF_SEARCH_THREADS=1 MMF_BENCH_FILE=$data build/default/bench/mmf_bench_c --benchmark_filter='^r?find/mmf/' \
  --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 --benchmark_out="$results/c_1thread.json" --benchmark_out_format=json

echo "== C/C++, small reads with libmmf.a linked in (c_static.json)"
MMF_BENCH_FILE=$data build/default/bench/mmf_bench_c_static --benchmark_filter='^read_(at_random|at_hot|byte)/mmf' \
  --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 --benchmark_out="$results/c_static.json" --benchmark_out_format=json

echo "== CPython mmap"
# (cpython_find.json: python.json is bench/python/run.sh's, the mmf package's.)
python3 bench/python/find.py "$data" "$results/cpython_find.json" "$reps"

# A binding whose benchmark fails leaves its rows "not measured" in the
# report; the command still fails at the end.
failed=()
for lang_run in bench/*/run.sh; do
  [ -e "$lang_run" ] || continue
  lang=$(basename "$(dirname "$lang_run")")
  echo "== $lang"
  if ! MMF_BENCH_FILE=$data MMF_BENCH_REPS=$reps MMF_BUILD_DIR=$root/build/default \
    MMF_BENCH_OUT=$results/$lang.json bash "$lang_run"; then
    echo "== $lang: FAILED" >&2
    rm -f "$results/$lang.json"
    failed+=("$lang")
  fi
done

python3 bench/report.py "$results" bench/README.md bench/plots
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
