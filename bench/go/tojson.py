"""Turns `go test -bench` output (one line per benchmark per pass) into
Google Benchmark's aggregate JSON (mean, stddev, cv over the passes), with
the keys bench/report.py reads: go/<op>/<impl>.

Usage: tojson.py GO_BENCH_OUTPUT DATA_FILE OUT.json [GO_VERSION]
"""
import json
import os
import re
import statistics
import sys

OPS = {"Read1": "read_1", "Read1MiB": "read_1m", "ViewScan": "view_scan", "Find": "find", "ReadU64": "read_u64",
       "Noop": "noop"}
LINE = re.compile(r"^Benchmark(\w+)/(\w+?)(?:-\d+)?\s+(\d+)\s+([\d.]+) ns/op")


def main():
    src, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
    size = os.path.getsize(data)
    # noop moves no bytes: its row is a time per call.
    bytes_per_op = {"read_1": 1, "read_1m": 1 << 20, "view_scan": size, "find": size, "read_u64": 8, "noop": 0}
    runs = {}  # name -> [(ns/op, iterations)]
    with open(src) as f:
        for line in f:
            m = LINE.match(line)
            if not m or m.group(1) not in OPS:
                continue
            name = f"go/{OPS[m.group(1)]}/{m.group(2)}"
            runs.setdefault(name, []).append((float(m.group(4)), int(m.group(3))))
    results = []
    for name, rs in runs.items():
        times = [r[0] for r in rs]
        mean = statistics.mean(times)
        sd = statistics.stdev(times) if len(times) > 1 else 0.0
        op = name.split("/")[1]
        for agg, value in (("mean", mean), ("stddev", sd), ("cv", sd / mean if mean else 0.0)):
            e = {"name": f"{name}_{agg}", "run_name": name, "run_type": "aggregate", "aggregate_name": agg,
                 "real_time": value, "time_unit": "ns", "repetitions": len(times),
                 "iterations": round(statistics.mean(r[1] for r in rs))}
            if agg == "mean" and bytes_per_op[op]:
                e["bytes_per_second"] = bytes_per_op[op] / (mean / 1e9)
            results.append(e)
        print(f"{name:<28} {mean:16.1f} ns  cv {100 * sd / mean:5.1f}%  ({len(times)} passes)")
    if not results:
        sys.exit("tojson: no benchmark lines in " + src)
    ctx = {"go": sys.argv[4]} if len(sys.argv) > 4 else {}
    with open(out, "w") as f:
        json.dump({"context": ctx, "benchmarks": results}, f, indent=1)


if __name__ == "__main__":
    main()
