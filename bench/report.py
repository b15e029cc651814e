"""Turns the benchmark results (Google Benchmark JSON, one file per language
in bench/results/) into bench/README.md: every mmf row as a ratio against its
peer measured in the same run, with the spread, checked against the targets
of the performance issue; plus PNG plots drawn by gnuplot.

Usage: report.py RESULTS_DIR OUT_README PLOTS_DIR

With MMF_BENCH_REPS=1 Google Benchmark writes no aggregates; the plain runs
are used then (spread 0), so a quick run still fills every row.
"""
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone

LENGTHS = [1, 2, 4, 8, 16, 32, 64, 256]


def key(fname, b):
    """The row key of one benchmark entry. Google Benchmark appends settings to
    the name ("resize_grow_1GiB/mmf/iterations:1"): the keys of rows() leave
    them out. c_1thread.json holds the same benchmarks run with
    MMF_SEARCH_THREADS=1; c_static.json the small reads of the executable
    linked with libmmf.a."""
    name = re.sub(r"/(iterations|repeats|min_time|min_warmup_time|threads):[^/]*|/(real_time|process_time|manual_time)",
                  "", b.get("run_name", b["name"]))
    if fname == "c_1thread.json":
        return name.replace("/mmf/", "/mmf_1t/")
    if fname == "c_static.json":
        return re.sub(r"/mmf(/|$)", r"/mmf_static\1", name)
    return name


def load(results_dir):
    """name -> {"time": mean ns, "cv": relative spread, "bps": bytes/s or None}"""
    table = {}
    single = {}  # name -> [(ns, bytes/s)] of plain runs: one repetition has no aggregates
    single_counters = {}
    for fname in sorted(os.listdir(results_dir)):
        if not fname.endswith(".json"):
            continue
        with open(os.path.join(results_dir, fname)) as f:
            data = json.load(f)
        for b in data.get("benchmarks", []):
            name = key(fname, b)
            scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
            if b.get("run_type") != "aggregate":
                single.setdefault(name, []).append((b["real_time"] * scale, b.get("bytes_per_second")))
                single_counters.setdefault(name, []).append(counters(b))
                continue
            entry = table.setdefault(name, {"time": None, "cv": 0.0, "bps": None})
            if b["aggregate_name"] == "mean":
                entry["time"] = b["real_time"] * scale
                entry["bps"] = b.get("bytes_per_second")
                entry["counters"] = counters(b)
            elif b["aggregate_name"] == "cv":  # a fraction, whatever time_unit says
                entry["cv"] = b["real_time"]
    for name, runs in single.items():
        if name in table:
            continue
        times = [t for t, _ in runs]
        mean = sum(times) / len(times)
        cv = math.sqrt(sum((t - mean) ** 2 for t in times) / (len(times) - 1)) / mean if len(times) > 1 else 0.0
        bps = [b for _, b in runs if b]
        cs = single_counters.get(name, [])
        keys = set().union(*cs) if cs else set()
        table[name] = {"time": mean, "cv": cv, "bps": sum(bps) / len(bps) if bps else None,
                       "counters": {k: sum(c[k] for c in cs if k in c) / sum(1 for c in cs if k in c) for k in keys}}
    return table


def counters(b):
    """The user counters of one benchmark entry (a latency in ms, ...)."""
    known = {"name", "run_name", "run_type", "repetitions", "repetition_index", "threads", "iterations", "real_time",
             "cpu_time", "time_unit", "bytes_per_second", "items_per_second", "aggregate_name", "aggregate_unit",
             "family_index", "per_family_instance_index", "label", "error_occurred", "error_message"}
    return {k: v for k, v in b.items() if k not in known and isinstance(v, (int, float))}


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ratio(table, mine, peer, per_byte=False):
    """How many times faster mmf is than its peer (>1: faster), and the spread."""
    a, b = table.get(mine), table.get(peer)
    if not a or not b or not a["time"] or not b["time"]:
        return None, None
    if per_byte:
        if not a["bps"] or not b["bps"]:
            return None, None
        r = a["bps"] / b["bps"]
    else:
        r = b["time"] / a["time"]
    spread = r * math.sqrt(a["cv"] ** 2 + b["cv"] ** 2)
    return r, spread


def rows():
    """(group, label, mmf key, peer key, target ratio or None, per_byte)"""
    out = []
    for m in LENGTHS:
        out.append(("find", f"find, rare needle, {m} B, vs glibc memmem", f"find/mmf/{m}", f"find/memmem/{m}", 1.5, False))
        out.append(("find", f"find, rare needle, {m} B, vs CPython mmap.find", f"find/mmf/{m}", f"find/python/{m}", 5.0, False))
        out.append(("find", f"find, rare needle, {m} B, vs std::boyer_moore_horspool", f"find/mmf/{m}", f"find/bmh/{m}", None, False))
        # memchr runs in the Rust process; mmf_rust is mmf's find timed there,
        # interleaved with memchr, so the two share the machine's state.
        out.append(("find", f"find, rare needle, {m} B, vs memchr crate memmem::find", f"find/mmf_rust/{m}", f"find/memchr/{m}", 1.0, False))
    for m in LENGTHS:
        out.append(("rfind", f"rfind, {m} B, vs mmf's own find (within 1.5x)", f"rfind/mmf/{m}", f"find/mmf/{m}", 1 / 1.5, False))
        out.append(("rfind", f"rfind, {m} B, vs memchr crate memmem::rfind", f"rfind/mmf_rust/{m}", f"rfind/memchr/{m}", 3.0, False))
        out.append(("rfind", f"rfind, {m} B, vs CPython mmap.rfind", f"rfind/mmf/{m}", f"rfind/python/{m}", None, False))
    for m in LENGTHS[1:]:
        out.append(("adversarial", f"find, aaa...ab needle {m} B, vs rare-needle find (within 3x)", f"adv_find/mmf/{m}", f"find/mmf/{m}", 1 / 3, True))
        out.append(("adversarial", f"rfind, baa...a needle {m} B, vs rare-needle rfind (within 3x)", f"adv_rfind/mmf/{m}", f"rfind/mmf/{m}", 1 / 3, True))
        out.append(("adversarial", f"find, aaa...ab needle {m} B, vs glibc memmem", f"adv_find/mmf/{m}", f"adv_find/memmem/{m}", None, True))
    # Large searches use up to 4 threads (2 on the benchmark machine); the
    # same searches on the calling thread alone, for comparison.
    for m in LENGTHS:
        out.append(("one thread", f"find, rare needle, {m} B, mmf on one thread vs glibc memmem", f"find/mmf_1t/{m}", f"find/memmem/{m}", None, False))
        out.append(("one thread", f"rfind, {m} B, mmf on one thread vs memchr crate memmem::rfind", f"rfind/mmf_1t/{m}", f"rfind/memchr/{m}", None, False))
    for n, label in ((1, "1 B"), (8, "8 B"), (4096, "4 KiB"), (1 << 20, "1 MiB")):
        out.append(("calls", f"read_at {label} at random positions (drawn in the loop) vs memcpy from a raw mmap", f"read_at/mmf/{n}", f"read_at/memcpy/{n}", 0.9 if n == 1 << 20 else None, False))
    out.append(("calls", "read_at 8 B at 4 M random positions (256 MiB, page-cached) vs memcpy from a raw mmap", "read_at_random/mmf/8", "read_at_random/memcpy/8", 0.7, False))
    # Where the random row's time goes (core/README.md, "What a small read
    # costs"): the same reads with libmmf.a linked in (no PLT, no GOT load for
    # the thread block), and the floor model (bench/c/floor_model.h) of the
    # design with all its promises, without the seqlock, and with neither.
    out.append(("calls", "read_at 8 B at 4 M random positions, libmmf.a linked in, vs memcpy from a raw mmap", "read_at_random/mmf_static/8", "read_at_random/memcpy/8", None, False))
    out.append(("calls", "read 8 B at 4 M random positions, the design's floor model (epoch slot + seqlock + view, shared library) vs memcpy", "read_at_random/floor_full/8", "read_at_random/memcpy/8", None, False))
    out.append(("calls", "read 8 B at 4 M random positions, the floor model without the seqlock (no torn-write promise) vs memcpy", "read_at_random/floor_noseq/8", "read_at_random/memcpy/8", None, False))
    out.append(("calls", "read 8 B at 4 M random positions, the floor model with neither (unsafe under a concurrent unmap) vs memcpy", "read_at_random/floor_bare/8", "read_at_random/memcpy/8", None, False))
    out.append(("calls", "read_at 8 B at 4 M random positions vs the design's floor model", "read_at_random/mmf/8", "read_at_random/floor_full/8", None, False))
    out.append(("calls", "hot read_at 8 B vs a hot 8-byte memcpy from a raw mmap", "read_at_hot/mmf/8", "read_at_hot/memcpy/8", None, False))
    out.append(("calls", "hot read_at 8 B, libmmf.a linked in, vs a hot 8-byte memcpy", "read_at_hot/mmf_static/8", "read_at_hot/memcpy/8", None, False))
    out.append(("calls", "read_byte per call vs a raw pointer read", "read_byte/mmf", "read_byte/raw", None, False))
    out.append(("calls", "open + close vs open/fstat/mmap/munmap/close (within 1.3x)", "open_close/mmf", "open_close/raw", 1 / 1.3, False))
    out.append(("calls", "resize: grow 1 MiB to 1 GiB in 1 MiB steps vs ftruncate+mremap (within 1.3x)", "resize_grow_1GiB/mmf", "resize_grow_1GiB/raw", 1 / 1.3, False))
    out.append(("calls", "resize: grow 1 MiB to 1 GiB in 1 MiB steps vs posix_fallocate+mremap (blocks reserved, as mmf)", "resize_grow_1GiB/mmf", "resize_grow_1GiB/raw_reserved", None, False))
    out.append(("calls", "first touch of 64 MiB: MMF_OPEN_POPULATE vs lazy", "first_touch_64MiB/populate", "first_touch_64MiB/lazy", None, False))
    # Binding rows: each binding's bench writes <lang>/<op>/<impl> keys.
    for lang, peer, peer_name, search in (
        ("java", "mappedbytebuffer", "MappedByteBuffer", "a loop over MappedByteBuffer"),
        ("csharp", "viewaccessor", "MemoryMappedViewAccessor", "a loop over the view accessor"),
        ("go", "mmapgo", "mmap-go", "bytes.Index over mmap-go"),
        ("go", "xexpmmap", "golang.org/x/exp/mmap", "bytes.Index over x/exp/mmap's ReadAt copy"),
        ("rust", "memmap2", "memmap2", "memchr's memmem over memmap2"),
    ):
        # Per-call cost (issue: measure and cut it); the 0.8x target is for bulk reads.
        out.append((lang, f"{lang}: read 1 B positional vs {peer_name}", f"{lang}/read_1/mmf", f"{lang}/read_1/{peer}", None, False))
        out.append((lang, f"{lang}: read 1 MiB positional vs {peer_name}", f"{lang}/read_1m/mmf", f"{lang}/read_1m/{peer}", 0.8, False))
        out.append((lang, f"{lang}: zero-copy view scan vs {peer_name}", f"{lang}/view_scan/mmf", f"{lang}/view_scan/{peer}", 0.8, False))
        target = 0.9 if lang == "rust" else 3.0
        out.append((lang, f"{lang}: find (8 B) vs {search}", f"{lang}/find/mmf", f"{lang}/find/{peer}", target, False))
    # Typed 8-byte integer reads at the C row's 4 M random positions of the
    # page-cached 256 MiB file: mmf's typed call against the language's own
    # typed read from its own mapping, in the same process.
    for lang, peer, peer_name, target in (
        ("rust", "memmap2", "u64::from_le_bytes over a memmap2 slice", 0.6),
        ("java", "mappedbytebuffer", "MappedByteBuffer.getLong(int)", 0.3),
        ("csharp", "viewaccessor", "MemoryMappedViewAccessor.ReadInt64", 1.0),
        ("go", "mmapgo", "binary.LittleEndian.Uint64 over mmap-go", 0.2),
    ):
        out.append((lang, f"{lang}: read 8 B integer at random positions vs {peer_name}", f"{lang}/read_u64/mmf",
                    f"{lang}/read_u64/{peer}", target, False))
    # Python: the mmf package against the standard mmap module in the same
    # process (bench/python/); small accesses must stay within 0.8x.
    for m in LENGTHS:
        out.append(("python", f"python: find, rare needle, {m} B, mmf.mmap vs mmap.mmap", f"py/find/mmf/{m}", f"py/find/mmap/{m}", 5.0, False))
        out.append(("python", f"python: rfind, {m} B, mmf.mmap vs mmap.mmap", f"py/rfind/mmf/{m}", f"py/rfind/mmap/{m}", None, False))
    for op, what in (("index", "m[i]"), ("slice_8", "m[i:i+8]"), ("slice_1m", "m[i:i+1 MiB]"), ("read_byte", "read_byte()"),
                     ("readline", "readline() over short lines")):
        out.append(("python", f"python: {what}, mmf.mmap vs mmap.mmap", f"py/{op}/mmf", f"py/{op}/mmap", 0.8, False))
    return out


def absolute_rows():
    """(label, key, what, target, unit): figures with an absolute target (per-call cost in ns, latency in ms)."""
    return [
        ("hot read_at 8 B, per call", "read_at_hot/mmf/8", "time", 6.0, "ns"),
        ("read_byte, per call", "read_byte/mmf", "time", 8.0, "ns"),
        ("resize (4 KiB <-> 1 MiB, 1,000 times) with 4 looping readers: p50", "resize_under_readers/mmf", "p50_ms", None, "ms"),
        ("resize (4 KiB <-> 1 MiB, 1,000 times) with 4 looping readers: p99", "resize_under_readers/mmf", "p99_ms", 5.0, "ms"),
        ("resize (4 KiB <-> 1 MiB, 1,000 times) with 4 looping readers: max", "resize_under_readers/mmf", "max_ms", None, "ms"),
        ("close after those resizes, with the 4 readers still looping", "resize_under_readers/mmf", "close_ms", 5.0, "ms"),
    ] + [
        # The floor: the binding's cost for a native call that does nothing,
        # next to its 1 B and 8 B integer rows.
        (f"{lang}: a native call that does nothing (the FFI floor), per call", f"{lang}/noop/mmf", "time", None, "ns")
        for lang in ("rust", "java", "csharp", "go")
    ]


def fmt_time(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def plot(table, plots_dir):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return []
    os.makedirs(plots_dir, exist_ok=True)
    made = []
    for op, impls in (("find", ["mmf", "memmem", "bmh", "memchr", "python"]), ("rfind", ["mmf", "memchr", "python"])):
        data_path = os.path.join(plots_dir, f"{op}.dat")
        cols = []
        with open(data_path, "w") as f:
            f.write("# length " + " ".join(impls) + "\n")
            for m in LENGTHS:
                vals = []
                for impl in impls:
                    e = table.get(f"{op}/{impl}/{m}")
                    vals.append(f"{e['bps'] / 1e9:.4f}" if e and e["bps"] else "NaN")
                f.write(f"{m} " + " ".join(vals) + "\n")
        for i, impl in enumerate(impls):
            if any(table.get(f"{op}/{impl}/{m}") for m in LENGTHS):
                cols.append(f"'{data_path}' using 1:{i + 2} with linespoints title '{impl}'")
        if not cols:  # nothing measured for this op (a partial run)
            os.remove(data_path)
            continue
        png = os.path.join(plots_dir, f"{op}.png")
        script = (
            f"set terminal png size 900,500\nset output '{png}'\nset logscale x 2\n"
            f"set xlabel 'needle length (bytes)'\nset ylabel 'GB/s (rare needle, 256 MiB page-cached file)'\n"
            f"set key outside\nset grid\nset title '{op}: throughput by needle length'\nplot " + ", ".join(cols) + "\n"
        )
        subprocess.run([gnuplot], input=script.encode(), check=True)
        os.remove(data_path)
        made.append(os.path.basename(png))
    return made


def main():
    results_dir, out_path, plots_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    table = load(results_dir)
    pngs = plot(table, plots_dir)
    header = [
        "# mmf benchmarks",
        "",
        "Written by `bench/run.sh` (do not edit by hand). Every row is a ratio against a peer measured in the same",
        "run on the same page-cached file: **ratio > 1 means mmf is faster**; the spread is the combined",
        "coefficient of variation of the two measurements over their repetitions. For rows whose target is",
        "\"within N x\", the target is the ratio 1/N. Rows whose peer has not been measured (a binding that",
        "has not landed, or a tool that is missing) say so.",
        "",
        "mmf searches a range of 16 MiB or more on up to min(CPUs, 4) threads (mmf.h, `MMF_SEARCH_THREADS`), so",
        "the find/rfind rows here use both CPUs; every peer runs on one. The section \"one thread\" has the same",
        "searches with `MMF_SEARCH_THREADS=1`.",
        "",
        f"- CPU: {cpu_name()} ({os.cpu_count()} logical CPUs)",
        f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Kernel: {platform.release()}",
        "",
    ]
    lines = []
    for png in pngs:
        lines.append(f"![{png}](plots/{png})")
        lines.append("")
    met = missed = pending = 0
    group = None
    for g, label, mine, peer, target, per_byte in rows():
        if g != group:
            lines += ["", f"## {g}", "", "| row | mmf | peer | ratio | target | |", "|---|---|---|---|---|---|"]
            group = g
        r, spread = ratio(table, mine, peer, per_byte)
        a, b = table.get(mine), table.get(peer)
        if r is None:
            status = "not measured"
            pending += 1
            lines.append(f"| {label} | {fmt_time(a and a['time'])} | {fmt_time(b and b['time'])} | - | "
                         f"{'%.2fx' % target if target else '-'} | {status} |")
            continue
        if target is None:
            status = "info"
        elif r >= target:
            status = "meets"
            met += 1
        else:
            status = "**misses**"
            missed += 1
        lines.append(f"| {label} | {fmt_time(a['time'])} | {fmt_time(b['time'])} | {r:.2f}x ± {spread:.2f} | "
                     f"{'%.2fx' % target if target else '-'} | {status} |")
    lines += ["", "## per call and latency (absolute targets)", "",
              "Mean over the repetitions; the resize rows come from one run of 1,000 resizes per repetition.", "",
              "| row | measured | target | |", "|---|---|---|---|"]
    for label, key, what, target, unit in absolute_rows():
        e = table.get(key)
        v = None
        if e:
            v = e["time"] if what == "time" else e.get("counters", {}).get(what)
        if v is None:
            pending += 1
            lines.append(f"| {label} | - | {'%g %s' % (target, unit) if target else '-'} | not measured |")
            continue
        if target is None:
            status = "info"
        elif v <= target:
            status = "meets"
            met += 1
        else:
            status = "**misses**"
            missed += 1
        lines.append(f"| {label} | {v:.3g} {unit} | {'<= %g %s' % (target, unit) if target else '-'} | {status} |")
    lines = header + [f"Targets: {met} met, {missed} missed, {pending} rows not measured.", ""] + lines
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"report: {met} targets met, {missed} missed, {pending} not measured -> {out_path}")


if __name__ == "__main__":
    main()
