"""CPython's mmap.find / rfind on the benchmark file, in Google Benchmark's
JSON shape (aggregates: mean, stddev, cv) so that report.py reads every
language the same way.

Usage: find.py DATA_FILE OUT.json [repetitions]
"""
import json
import mmap
import statistics
import sys
import time

LENGTHS = [1, 2, 4, 8, 16, 32, 64, 256]


def rare_needle(m):
    """The same needle as bench_c.cpp: uppercase, absent from the text."""
    return ("QZXJKV" * 64)[:m].encode()


def measure(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return times


def aggregates(name, times, nbytes):
    mean = statistics.mean(times)
    sd = statistics.stdev(times) if len(times) > 1 else 0.0
    out = []
    for agg, value in (("mean", mean), ("stddev", sd), ("cv", sd / mean if mean else 0.0)):
        entry = {"name": f"{name}_{agg}", "run_name": name, "run_type": "aggregate", "aggregate_name": agg,
                 "real_time": value, "time_unit": "ns", "repetitions": len(times)}
        if agg == "mean":
            entry["bytes_per_second"] = nbytes / (mean / 1e9)
        out.append(entry)
    return out


def main():
    path, out = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    results = []
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        n = len(mm)
        for m in LENGTHS:
            nd = rare_needle(m)
            for op in ("find", "rfind"):
                fn = getattr(mm, op)
                times = measure(lambda: fn(nd, 0), reps)
                results.extend(aggregates(f"{op}/python/{m}", times, n))
        mm.close()
    with open(out, "w") as f:
        json.dump({"context": {"python": sys.version.split()[0]}, "benchmarks": results}, f, indent=1)


if __name__ == "__main__":
    main()
