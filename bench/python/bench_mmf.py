"""The mmf package against the standard mmap module, in the same process, on
the benchmark file: find/rfind of the rare needles (as bench_c.cpp and
find.py make them) over the whole file, and the small accesses m[i],
m[i:i+8], m[i:i+1 MiB], read_byte() and readline() over a file of short
lines. Each repetition measures both modules back to back, so that noise
from other work on the machine falls on both; small accesses are timed in
pieces, of which the median counts (per_call). Writes Google Benchmark's
aggregate JSON (report.py reads it as any language's): keys
py/<op>/{mmf,mmap}[/<needle length>], time per call in ns.

Usage: bench_mmf.py DATA_FILE OUT.json [repetitions]
"""
import json
import mmap
import os
import random
import statistics
import sys
import tempfile
import time

import mmf
from find import LENGTHS, aggregates, rare_needle

MODULES = (("mmf", mmf), ("mmap", mmap))


CHUNKS = 20


def per_call(make, calls):
    """ns per call: make(k) returns a function that makes k calls; the calls
    run in CHUNKS timed pieces and the median piece counts, so that a
    preemption by another process on this shared machine hits one piece,
    not the figure."""
    k = calls // CHUNKS
    fn = make(k)
    fn()  # warm-up: the same pages, the same code paths
    times = []
    for _ in range(CHUNKS):
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / k


def small_accesses(maps, lines, positions, reps):
    """{key: [ns per call per repetition]} for the small-access rows."""
    mib = 1 << 20
    out = {}

    def index(m):
        return lambda k: (lambda: [m[i] for i in positions[:k]])

    def slice_8(m):
        return lambda k: (lambda: [m[i:i + 8] for i in positions[:k]])

    def slice_1m(m):
        def make(k):
            def run():
                for i in positions[:k]:
                    m[i:i + mib]
            return run
        return make

    def read_byte(m):
        def make(k):
            def run():
                m.seek(0)
                rb = m.read_byte
                for _ in range(k):
                    rb()
            return run
        return make

    def readline(lm):
        def make(k):
            def run():
                lm.seek(0)
                rl = lm.readline
                for _ in range(k):
                    rl()
            return run
        return make

    n = len(positions)
    for _ in range(reps):
        for name, _mod in MODULES:
            m, lm = maps[name], lines[name]
            for op, make, calls in (("index", index(m), n), ("slice_8", slice_8(m), n),
                                    ("slice_1m", slice_1m(m), 400), ("read_byte", read_byte(m), n),
                                    ("readline", readline(lm), min(n, lines["count"]))):
                out.setdefault("py/%s/%s" % (op, name), []).append(per_call(make, calls))
    return out


def searches(maps, reps):
    out = {}
    for m_len in LENGTHS:
        nd = rare_needle(m_len)
        for _ in range(reps):
            for name, _mod in MODULES:
                for op in ("find", "rfind"):
                    fn = getattr(maps[name], op)
                    t0 = time.perf_counter_ns()
                    r = fn(nd, 0)
                    out.setdefault("py/%s/%s/%d" % (op, name, m_len), []).append(time.perf_counter_ns() - t0)
                    assert r == -1, "the rare needle is in the file"
    return out


def main():
    path, out_path = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rng = random.Random(42)
    tmpdir = tempfile.mkdtemp(prefix="mmf-bench-py-")
    lines_path = os.path.join(tmpdir, "lines.txt")
    with open(lines_path, "wb") as f:  # 4 MiB of short lines, 20-80 bytes
        words = [b"".join(bytes([rng.randrange(97, 123)]) for _ in range(rng.randrange(19, 80))) + b"\n"
                 for _ in range(1000)]
        size = 0
        while size < 4 << 20:
            w = words[rng.randrange(len(words))]
            f.write(w)
            size += len(w)
    files = [open(path, "rb"), open(lines_path, "rb")]
    try:
        maps = {name: mod.mmap(files[0].fileno(), 0, access=mod.ACCESS_READ) for name, mod in MODULES}
        lines = {name: mod.mmap(files[1].fileno(), 0, access=mod.ACCESS_READ) for name, mod in MODULES}
        lines["count"] = lines["mmap"][:].count(b"\n")
        n = len(maps["mmap"])
        positions = [rng.randrange(0, n - (1 << 20)) for _ in range(200000)]
        results = {}
        results.update(searches(maps, reps))
        results.update(small_accesses(maps, lines, positions, reps))
        for name, _mod in MODULES:
            maps[name].close()
            lines[name].close()
    finally:
        for f in files:
            f.close()
        os.remove(lines_path)
        os.rmdir(tmpdir)
    benchmarks = []
    for key_name, times in sorted(results.items()):
        entries = aggregates(key_name, times, n)
        if "find" not in key_name:  # a throughput only means something for the whole-file searches
            for e in entries:
                e.pop("bytes_per_second", None)
        benchmarks.extend(entries)
    with open(out_path, "w") as f:
        json.dump({"context": {"python": sys.version.split()[0], "libmmf": mmf.__libmmf_version__},
                   "benchmarks": benchmarks}, f, indent=1)


if __name__ == "__main__":
    main()
