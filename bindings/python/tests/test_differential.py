"""Random call sequences on the standard mmap and on mmf side by side: the
same results, the same exception types, the same bytes in the map and in
the file. The generator leaves out the calls where mmf differs on purpose
(README.md, "Differences"): flush and madvise of unaligned ranges, resize
to 0, size() and resize() of anonymous maps."""
import mmap as std
import random

import pytest

import mmf

VALUES = [0, 1, 2, 3, 7, 8, 15, 16, 17, 100, -1, -2, -16, -17, 2**31, 2**63 - 1, -(2**63), 2**63, 2**64]


def arg(rng, n):
    r = rng.random()
    if r < 0.6:
        return rng.randrange(-n - 2, n + 3)
    return rng.choice(VALUES)


def data(rng):
    return bytes(rng.randrange(97, 100) for _ in range(rng.choice([0, 1, 2, 3, 5, 20])))


def make_call(rng, n, anon, views):
    k = rng.randrange(27 if not anon else 25)
    a, b, c = arg(rng, n), arg(rng, n), arg(rng, n)
    d = data(rng)
    # An empty needle with start > end: CPython 3.11.0-3.11.3 (Debian 12's
    # python3 is 3.11.2) return start, the others -1 as bytes.find and mmf
    # do. The conformance vectors check mmf there.
    sub = d or b"a"
    calls = [
        ("read", lambda m: m.read(a)),
        ("read_none", lambda m: m.read()),
        ("read_byte", lambda m: m.read_byte()),
        ("readline", lambda m: m.readline()),
        ("write", lambda m: m.write(d)),
        ("write_byte", lambda m: m.write_byte(a)),
        ("seek", lambda m: (m.seek(a, rng_whence), m.tell())[1]),
        ("tell", lambda m: m.tell()),
        ("find", lambda m: m.find(sub, a, b)),
        ("find1", lambda m: m.find(sub, a)),
        ("rfind", lambda m: m.rfind(sub, a, b)),
        ("move", lambda m: m.move(a, b, c)),
        ("getitem", lambda m: m[a]),
        ("getslice", lambda m: m[a:b]),
        ("getslice_step", lambda m: m[a:b:c] if c != 0 else m[a:b]),
        ("setitem", lambda m: m.__setitem__(a, b)),
        ("setslice", lambda m: m.__setitem__(slice(a, b), d)),
        ("setslice_step", lambda m: m.__setitem__(slice(a, b, c if c else 1), d)),
        ("len", lambda m: len(m)),
        ("flush", lambda m: m.flush(0, abs(a) % 64)),
        ("madvise", lambda m: m.madvise(std.MADV_NORMAL, 0, a)),
        ("acquire", lambda m: views.setdefault(id(m), []).append(memoryview(m))),
        ("release", lambda m: views.get(id(m)) and views[id(m)].pop().release()),
        ("close", lambda m: m.close() if rng_close else None),
        ("closed", lambda m: m.closed),
        # file maps only
        ("size", lambda m: m.size()),
        ("resize", lambda m: m.resize(abs(a) % 64 + 1)),
    ]
    rng_close = rng.random() < 0.2
    rng_whence = rng.choice([0, 1, 2, 3, -1])
    return calls[k]


def outcome(fn, m):
    try:
        return ("ok", fn(m))
    except Exception as e:  # noqa: BLE001 - the type is the result
        return ("raised", type(e).__name__)


def content_of(m):
    return ("closed",) if m.closed else m[:]


@pytest.mark.parametrize("seed", range(100))
@pytest.mark.parametrize("kind", ["ACCESS_DEFAULT", "ACCESS_READ", "ACCESS_COPY", "ACCESS_WRITE", "anonymous"])
def test_random_sequences_match_cpython(seed, kind, tmp_path):
    rng = random.Random(seed)
    content = bytes(rng.randrange(97, 102) for _ in range(rng.randrange(1, 40)))
    anon = kind == "anonymous"
    maps, files, views = [], [], {}
    for mod in (std, mmf):
        if anon:
            m = mod.mmap(-1, len(content))
            m[:] = content
            maps.append(m)
            continue
        p = tmp_path / mod.__name__
        p.write_bytes(content)
        f = open(p, "r+b")
        files.append((f, p))
        maps.append(mod.mmap(f.fileno(), 0, access=getattr(mod, kind)))
    try:
        for step in range(60):
            name, fn = make_call(rng, len(content), anon, views)
            got = [outcome(fn, m) for m in maps]
            assert got[0] == got[1], "seed %d step %d %s: std %r, mmf %r" % (seed, step, name, got[0], got[1])
            assert content_of(maps[0]) == content_of(maps[1]), "seed %d step %d %s: contents" % (seed, step, name)
    finally:
        for vs in views.values():
            for v in vs:
                v.release()
        for m in maps:
            m.close()
        for f, _ in files:
            f.close()
    if files:
        assert files[0][1].read_bytes() == files[1][1].read_bytes()
