"""The mmf.mmap object: behaviour, and bad input for every method (closed
map, huge and negative values, overflowing offset+length, wrong types).
Where CPython's mmap raises for the same mistake, the exception type is
checked against it in the same test (the standard module is the oracle)."""
import errno
import gc
import io
import mmap as std
import os
import pickle
import sys
import threading
import time
import weakref

import pytest

import mmf


def test_module_constants_match_the_standard_module():
    for name in ("ACCESS_DEFAULT", "ACCESS_READ", "ACCESS_WRITE", "ACCESS_COPY", "PAGESIZE",
                 "ALLOCATIONGRANULARITY", "PROT_READ", "PROT_WRITE", "MAP_SHARED", "MAP_PRIVATE",
                 "MAP_ANON", "MAP_ANONYMOUS", "MADV_NORMAL", "MADV_RANDOM", "MADV_SEQUENTIAL",
                 "MADV_WILLNEED", "MADV_DONTNEED"):
        assert getattr(mmf, name) == getattr(std, name), name
    assert mmf.error is OSError
    assert issubclass(mmf.FaultError, OSError)
    assert mmf.__libmmf_version__.count(".") == 2


def test_cursor_io(m, read_file, path):
    assert m.read(5) == b"hello"
    assert m.tell() == 5
    assert m.read_byte() == ord("\n")
    assert m.readline() == b"world\n"
    assert m.read() == b""
    assert m.seek(0) == 0
    assert m.write(b"J") == 1
    m.write_byte(ord("E"))
    assert m.seek(-1, os.SEEK_END) == 11
    assert m.seek(-1, os.SEEK_CUR) == 10
    assert m.seekable()
    m.flush()
    assert read_file(path) == b"JEllo\nworld\n"
    assert m.read(None) == b"d\n"
    m.seek(0)
    assert m.read(-5) == b"JEllo\nworld\n"


def test_readline_with_size_reads_a_long_line_in_pieces(m):
    assert m.readline(3) == b"hel"
    assert m.readline(3) == b"lo\n"
    assert m.readline(0) == b""
    assert m.readline(-1) == b"world\n"


def test_long_line_past_the_small_buffer():
    mm = mmf.mmap(-1, 5000)
    mm[:] = b"x" * 4000 + b"\n" + b"y" * 999
    assert mm.readline() == b"x" * 4000 + b"\n"
    assert mm.readline() == b"y" * 999
    assert mm.readline() == b""


def test_indexing_and_slicing(m):
    data = b"hello\nworld\n"
    assert len(m) == len(data)
    assert m[0] == data[0] and m[-1] == data[-1]
    for s in (slice(None), slice(2, 7), slice(-5, None), slice(None, None, 2), slice(None, None, -1),
              slice(10, 2, -3), slice(100, 200), slice(-100, 3), slice(1, 1), slice(0, 12, 5),
              slice(11, None, -11)):
        assert m[s] == data[s], s
    with pytest.raises(IndexError):
        m[12]
    with pytest.raises(IndexError):
        m[-13]
    with pytest.raises(TypeError):
        m["a"]
    with pytest.raises(TypeError):
        m[1.0]
    assert list(m)[:2] == [b"h", b"e"]
    assert b"w" in m


def test_slice_assignment(m, read_file, path):
    m[0:5] = b"HELLO"
    m[6:12:2] = b"WRL"
    m[-1] = 33
    m[::-1][0]  # reading a reversed copy leaves the map alone
    m[11:5:-2] = b"abc"
    assert m[:] == b"HELLO\nWcRbL!"[:6] + m[6:]
    m.flush()
    assert read_file(path) == m[:]
    with pytest.raises(IndexError):
        m[0:2] = b"abc"
    with pytest.raises(IndexError):
        m[::2] = b"a"
    with pytest.raises(IndexError):
        m[12] = 1
    with pytest.raises(ValueError):
        m[0] = 256
    with pytest.raises(ValueError):
        m[0] = -1
    with pytest.raises(TypeError):
        m[0] = b"a"
    with pytest.raises(TypeError):
        m[0:1] = "a"
    with pytest.raises(TypeError):
        del m[0]
    with pytest.raises(TypeError):
        del m[0:1]
    m[100:200] = b""  # a clamped, empty slice: nothing to do, as for bytearray


def test_sparse_extended_slice_reads_byte_by_byte():
    mm = mmf.mmap(-1, 1 << 20)
    mm[::65536] = bytes(range(16))
    assert mm[::65536] == bytes(range(16))
    assert mm[::-65536] == b"\0" * 16  # from the last byte down: none of the written ones
    assert mm[(1 << 20) - 65536::-65536] == bytes(range(15, -1, -1))


def test_find_rfind(m):
    assert m.find(b"o") == 4
    assert m.find(b"o", 5) == 7
    assert m.find(b"o", 5, 7) == -1
    assert m.find(b"o", -5) == 7
    assert m.rfind(b"o") == 7
    assert m.rfind(b"l", 0, 4) == 3
    assert m.find(bytearray(b"world")) == 6
    assert m.find(memoryview(b"\n")) == 5
    assert m.find(b"") == 0
    m.seek(6)
    assert m.find(b"hello") == -1  # start defaults to the position, as in CPython
    assert m.rfind(b"o") == 7
    assert m.find(b"o", 2**63 - 1) == -1
    assert m.find(b"o", -(2**63) + 1) == 4  # clamped to 0
    assert m.find(b"o", -(2**63)) == 4  # the library's "omitted" value, passed explicitly: clamped too
    assert m.rfind(b"o", -(2**63), 2**63 - 1) == 7
    with pytest.raises(OverflowError):
        m.find(b"o", 2**63)
    with pytest.raises(TypeError):
        m.find("o")
    with pytest.raises(TypeError):
        m.find(b"o", None)


def test_move(m):
    m.move(0, 6, 5)
    assert m[:] == b"world\nworld\n"
    m.move(1, 0, 11)
    assert m[:] == b"wworld\nworld"
    for args in [(-1, 0, 1), (0, -1, 1), (0, 0, -1), (12, 0, 1), (0, 12, 1), (13, 0, 0), (0, 0, 13), (11, 0, 2)]:
        with pytest.raises(ValueError):
            m.move(*args)
    for args in [(2**63, 0, 0), (0, 2**64, 0)]:
        with pytest.raises(OverflowError):
            m.move(*args)
    with pytest.raises(TypeError):
        m.move(0, 0)
    m.move(12, 12, 0)


def test_flush_ranges(m):
    m.flush()
    m.flush(0)
    m.flush(0, 12)
    m.flush(1, 6)  # unaligned: widened to its page (CPython: OSError EINVAL)
    m.flush(12, 0)
    for args in [(-1, 1), (0, -1), (0, 13), (13, 0), (6, 7)]:
        with pytest.raises(ValueError):
            m.flush(*args)
    with pytest.raises(OverflowError):
        m.flush(0, 2**64)


def test_madvise(m):
    for opt in (mmf.MADV_NORMAL, mmf.MADV_RANDOM, mmf.MADV_SEQUENTIAL, mmf.MADV_WILLNEED):
        assert m.madvise(opt) is None
        m.madvise(opt, 3, 4)  # unaligned start: widened (CPython: EINVAL)
    m.madvise(mmf.MADV_NORMAL, 11, 100)
    m.madvise(mmf.MADV_DONTNEED, 0, 0)  # an empty range does nothing
    assert m[:] == b"hello\nworld\n"
    with pytest.raises(ValueError, match="madvise start out of bounds"):
        m.madvise(mmf.MADV_NORMAL, 12)
    with pytest.raises(ValueError, match="madvise start out of bounds"):
        m.madvise(mmf.MADV_NORMAL, -1)
    with pytest.raises(ValueError, match="madvise length invalid"):
        m.madvise(mmf.MADV_NORMAL, 0, -1)
    with pytest.raises(OverflowError, match="madvise length too large"):
        m.madvise(mmf.MADV_NORMAL, 1, sys.maxsize)
    with pytest.raises(OSError) as e:
        m.madvise(0x7FFF)
    assert e.value.errno == errno.EINVAL


def test_write_errors(m, ro):
    m.seek(10)
    with pytest.raises(ValueError, match="data out of range"):
        m.write(b"abc")
    assert m.tell() == 10  # all or nothing
    m.seek(12)
    with pytest.raises(ValueError):
        m.write_byte(1)
    with pytest.raises(ValueError):
        m.read_byte()
    with pytest.raises(TypeError):
        m.write("str")
    with pytest.raises(OverflowError):
        m.write_byte(256)
    with pytest.raises(OverflowError):
        m.write_byte(-1)
    for call in (lambda: ro.write(b"a"), lambda: ro.write_byte(1), lambda: ro.move(0, 1, 1),
                 lambda: ro.__setitem__(0, 1), lambda: ro.__setitem__(slice(0, 1), b"a"), lambda: ro.resize(3)):
        with pytest.raises(TypeError):
            call()


def test_seek_errors(m):
    for args in [(-1,), (13,), (1, 3), (1, -1), (-13, 2), (1, 2), (2**63 - 1, 1)]:
        with pytest.raises(ValueError):
            m.seek(*args)
    with pytest.raises(OverflowError):
        m.seek(2**63)
    with pytest.raises(TypeError):
        m.seek("0")
    assert m.tell() == 0


def test_read_arguments(m):
    with pytest.raises(TypeError):
        m.read("1")
    with pytest.raises(TypeError):
        m.read(1.5)
    assert m.read(2**63 - 1) == b"hello\nworld\n"
    with pytest.raises(OverflowError):
        m.read(2**63)
    with pytest.raises(TypeError):
        m.readline("1")


def test_every_method_on_a_closed_map(closed_map):
    c = closed_map
    calls = [lambda: c.read(1), c.read_byte, c.readline, lambda: c.write(b"a"), lambda: c.write_byte(1),
             lambda: c.seek(0), c.tell, c.size, lambda: c.find(b"a"), lambda: c.rfind(b"a"),
             lambda: c.move(0, 0, 0), lambda: c.move(2**64, 0, 0), c.flush, lambda: c.flush(0, 2**64),
             lambda: c.resize(1), lambda: c.resize(-1), lambda: c.madvise(mmf.MADV_NORMAL), lambda: len(c),
             lambda: c[0], lambda: c[0:1], lambda: c.__setitem__(0, 1), lambda: memoryview(c), lambda: list(c),
             c.__enter__]
    for call in calls:
        with pytest.raises(ValueError, match="mmap closed or invalid"):
            call()
    assert c.closed
    c.close()  # idempotent
    assert repr(c) == "<mmf.mmap closed=True>"


def test_closed_while_parsing_an_argument():
    """An __index__ that closes the map: the call then sees a closed map (gh-103987)."""
    for op in ("read", "seek", "getitem", "setitem", "find"):
        mm = mmf.mmap(-1, 100)

        class X:
            def __index__(self):
                mm.close()
                return 10

        with pytest.raises(ValueError, match="closed"):
            if op == "read":
                mm.read(X())
            elif op == "seek":
                mm.seek(X())
            elif op == "getitem":
                mm[X()]
            elif op == "setitem":
                mm[X()] = 1
            else:
                mm.find(b"a", X())


def test_constructor_bad_input(tmp_path):
    p = tmp_path / "f"
    p.write_bytes(b"x" * 100)
    empty = tmp_path / "e"
    empty.write_bytes(b"")
    with open(p, "r+b") as f:
        fd = f.fileno()
        cases = [
            ((fd, -1), {}, OverflowError),
            ((fd, 10), {"offset": -1}, OverflowError),
            ((fd, 2**63), {}, OverflowError),
            ((fd, 10), {"offset": 2**63}, OverflowError),
            ((fd, 101), {}, ValueError),
            ((fd, 0), {"offset": 100}, ValueError),
            ((fd, 50), {"offset": 51}, ValueError),
            ((fd, 10), {"access": 4}, ValueError),
            ((fd, 10), {"access": -1}, ValueError),
            ((fd, 10), {"access": mmf.ACCESS_READ, "flags": mmf.MAP_PRIVATE}, ValueError),
            ((fd, 10), {"access": mmf.ACCESS_READ, "prot": mmf.PROT_READ}, ValueError),
            ((fd, 10), {"flags": 0x40000000}, ValueError),
            ((fd, 10), {"prot": 4}, ValueError),
            ((fd, 10), {"tagname": 1}, TypeError),
            ((fd, 10), {"tagname": "name"}, ValueError),
            (("0", 10), {}, TypeError),
            ((None, 10), {}, TypeError),
            ((fd,), {}, TypeError),
            ((fd, 10, 0, 0, 0, 0, 0), {}, TypeError),
            ((-2, 10), {}, OSError),
            ((2**31, 10), {}, OverflowError),
            ((-1, 0), {}, OSError),
            ((-1, 2**62), {}, OSError),
            ((-1, 10), {"tagname": "bad/name"}, ValueError),
            ((-1, 10), {"tagname": ""}, ValueError),
        ]
        for args, kw, exc in cases:
            with pytest.raises(exc):
                mmf.mmap(*args, **kw)
    with open(empty, "rb") as f:
        with pytest.raises(ValueError, match="cannot mmap an empty file"):
            mmf.mmap(f.fileno(), 0, access=mmf.ACCESS_READ)
    r, w = os.pipe()
    try:
        with pytest.raises(OSError):
            mmf.mmap(r, 10)
    finally:
        os.close(r)
        os.close(w)
    with pytest.raises(OSError) as e:
        mmf.mmap(1000000, 10)
    assert e.value.errno == errno.EBADF


def test_any_offset_and_prot(tmp_path, read_file):
    p = tmp_path / "f"
    p.write_bytes(bytes(range(100)))
    with open(p, "r+b") as f:
        mm = mmf.mmap(f.fileno(), 10, offset=7)  # CPython: EINVAL, not a multiple of the granularity
        assert mm[:] == bytes(range(7, 17))
        ro = mmf.mmap(f.fileno(), 0, prot=mmf.PROT_READ)
        with pytest.raises(TypeError):
            ro.write(b"x")
        cp = mmf.mmap(f.fileno(), 0, flags=mmf.MAP_PRIVATE)
        cp[0] = 200
        assert read_file(p)[0] == 0
        with pytest.raises(TypeError):
            cp.resize(10)  # a private map is COPY (CPython resizes the file)
        for x in (mm, ro, cp):
            x.close()


def test_buffer_protocol_pins_the_map(m):
    v = memoryview(m)
    assert v.readonly is False and len(v) == 12
    v[0] = ord("J")
    assert m[0] == ord("J")
    with pytest.raises(BufferError):
        m.close()
    with pytest.raises(BufferError):
        m.resize(20)
    w = memoryview(m)
    v.release()
    with pytest.raises(BufferError):
        m.close()
    w.release()
    m.resize(20)
    assert len(m) == 20
    m.close()
    with pytest.raises(ValueError):
        memoryview(m)


def test_read_only_buffer(ro):
    v = memoryview(ro)
    assert v.readonly
    with pytest.raises(TypeError):
        v[0] = 1
    v.release()
    assert bytes(ro) == b"hello\nworld\n"


def test_resize_and_size(m, path):
    m.seek(10)
    m.resize(4)
    assert len(m) == 4 and m.size() == 4 and os.path.getsize(path) == 4
    assert m.tell() == 10 and m.read() == b""
    m.resize(0)  # allowed: an empty, open map (CPython: EINVAL)
    assert len(m) == 0 and not m.closed and m[:] == b""
    m.resize(8192)
    assert m[0] == 0
    for bad in (-1,):
        with pytest.raises(ValueError):
            m.resize(bad)
    with pytest.raises(OverflowError):
        m.resize(2**63)
    with pytest.raises(OSError):
        m.resize(2**63 - 1)  # EFBIG from the file system
    assert len(m) == 8192


def test_anonymous_maps_resize_and_size():
    mm = mmf.mmap(-1, 4096)
    assert mm.size() == 4096  # CPython: OSError EBADF
    mm[-1] = 7
    mm.resize(3 * 4096)  # CPython grows it, then touching the new part is SIGBUS
    mm[3 * 4096 - 1] = 9
    assert mm[4095] == 7 and mm[-1] == 9
    mm.close()


def test_trackfd_false(path):
    with open(path, "r+b") as f:
        mm = mmf.mmap(f.fileno(), 0, trackfd=False)
    with pytest.raises(OSError) as e:
        mm.size()
    assert e.value.errno == errno.EBADF
    with pytest.raises(ValueError):
        mm.resize(4)
    mm[0] = ord("H")
    assert mm[:1] == b"H"
    mm.close()


def test_pickling_refused(m):
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError):
            pickle.dumps(m, proto)


def test_context_manager_weakref_subclass_repr(path):
    with mmf.mmap(-1, 10) as mm:
        assert not mm.closed
        r = weakref.ref(mm)
        assert repr(mm) == "<mmf.mmap closed=False, access=ACCESS_DEFAULT, length=10, pos=0, offset=0>"
    assert mm.closed
    del mm
    gc.collect()
    assert r() is None

    class Sub(mmf.mmap):
        def __new__(cls, n):
            return mmf.mmap.__new__(cls, -1, n)

    s = Sub(5)
    assert isinstance(s, mmf.mmap) and len(s) == 5
    with open(path, "rb") as f:
        with mmf.mmap(f.fileno(), 5, access=mmf.ACCESS_READ, offset=3) as mm:
            mm.seek(2)
            assert repr(mm) == "<mmf.mmap closed=False, access=ACCESS_READ, length=5, pos=2, offset=3>"


def test_concat_and_repeat_are_type_errors():
    mm = mmf.mmap(-1, 4)
    with pytest.raises(TypeError):
        mm + mm
    with pytest.raises(TypeError):
        mm * 2


def test_named_maps_are_shared_by_name():
    name = "mmf-py-test-%d" % os.getpid()
    try:
        a = mmf.mmap(-1, 100, tagname=name)
        b = mmf.mmap(-1, 100, tagname=name)
        a[0:5] = b"hello"
        assert b[0:5] == b"hello"
        assert a.size() >= 100
        with pytest.raises(io.UnsupportedOperation):
            a.resize(200)  # other processes map it; a named map does not change size
        with pytest.raises(ValueError):
            mmf.mmap(-1, 1 << 20, tagname=name)  # larger than the existing map
        a.close()
        b.close()
    finally:
        mmf.unlink_named(name)
    mmf.unlink_named(name)  # a missing name is not an error
    with pytest.raises(ValueError):
        mmf.unlink_named("bad/name")
    with pytest.raises(TypeError):
        mmf.unlink_named(None)
    with pytest.raises(ValueError):
        mmf.unlink_named("a\0b")


def test_gil_is_released_during_a_long_find():
    """With a switch interval far longer than the searches, the main thread
    gets the GIL back while the worker is still searching only if find
    releases it."""
    mm = mmf.mmap(-1, 64 << 20)
    mm[-3:] = b"end"
    done = []
    old = sys.getswitchinterval()
    sys.setswitchinterval(5.0)
    try:
        t = threading.Thread(target=lambda: done.append([mm.find(b"end") for _ in range(20)]))
        t.start()
        time.sleep(0.005)
        searching = not done
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert done == [[(64 << 20) - 3] * 20]
    assert searching, "the main thread ran only after every search: find held the GIL"


def test_threads_share_one_map():
    mm = mmf.mmap(-1, 1 << 16)
    errors = []

    def work(k):
        try:
            for i in range(2000):
                mm[k * 1000 + (i % 1000)] = k
                mm.find(b"\xff")
                mm.read_byte() if mm.tell() < len(mm) else mm.seek(0)
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert errors == []
    assert all(mm[k * 1000] == k for k in range(4))


def _both(fn, tmp_path, content=b"hello\nworld\n", **kw):
    """fn(module, map) for the standard mmap and for mmf on equal files:
    (result or exception type) of each."""
    out = []
    for mod in (std, mmf):
        p = tmp_path / ("f-" + mod.__name__)
        p.write_bytes(content)
        with open(p, "r+b") as f:
            mm = mod.mmap(f.fileno(), 0, **kw)
        try:
            out.append(("ok", fn(mod, mm)))
        except Exception as e:  # noqa: BLE001 - the type is what is compared
            out.append(("raised", type(e)))
        finally:
            try:
                mm.close()
            except BufferError:
                pass
    return out


SAME_AS_CPYTHON = {
    "read_huge": lambda mod, m: m.read(2**63),
    "read_str": lambda mod, m: m.read("x"),
    "read_byte_end": lambda mod, m: (m.seek(12), m.read_byte()),
    "write_past_end": lambda mod, m: (m.seek(10), m.write(b"abc")),
    "write_int": lambda mod, m: m.write(5),
    "write_byte_big": lambda mod, m: m.write_byte(256),
    "write_byte_neg": lambda mod, m: m.write_byte(-1),
    "write_byte_end": lambda mod, m: (m.seek(12), m.write_byte(1)),
    "seek_neg": lambda mod, m: m.seek(-1),
    "seek_past": lambda mod, m: m.seek(13),
    "seek_whence": lambda mod, m: m.seek(0, 3),
    "seek_huge": lambda mod, m: m.seek(2**63),
    "seek_cur_overflow": lambda mod, m: (m.seek(5), m.seek(2**63 - 1, 1)),
    "find_huge": lambda mod, m: m.find(b"o", 2**63),
    "find_none": lambda mod, m: m.find(b"o", None),
    "find_str": lambda mod, m: m.find("o"),
    "find_neg": lambda mod, m: m.find(b"o", -3, -1),
    "rfind_big_end": lambda mod, m: m.rfind(b"o", 0, 2**63 - 1),
    "move_neg": lambda mod, m: m.move(-1, 0, 1),
    "move_past": lambda mod, m: m.move(0, 11, 2),
    "move_dest_end_zero": lambda mod, m: m.move(13, 0, 0),
    "move_huge": lambda mod, m: m.move(0, 0, 2**63),
    "flush_neg": lambda mod, m: m.flush(-1, 1),
    "flush_past": lambda mod, m: m.flush(6, 7),
    "flush_huge": lambda mod, m: m.flush(0, 2**64),
    "resize_neg": lambda mod, m: m.resize(-1),
    "resize_huge": lambda mod, m: m.resize(2**63),
    "madvise_start": lambda mod, m: m.madvise(mod.MADV_NORMAL, 12),
    "madvise_len": lambda mod, m: m.madvise(mod.MADV_NORMAL, 0, -1),
    "madvise_overflow": lambda mod, m: m.madvise(mod.MADV_NORMAL, 1, sys.maxsize),
    "getitem_past": lambda mod, m: m[12],
    "getitem_neg": lambda mod, m: m[-13],
    "getitem_huge": lambda mod, m: m[2**64],
    "getitem_float": lambda mod, m: m[1.5],
    "slice_past": lambda mod, m: m[100:200],
    "slice_steps": lambda mod, m: (m[::3], m[::-2], m[10:1:-4], m[-2**70:2**70:2**65]),
    "setitem_big": lambda mod, m: m.__setitem__(0, 256),
    "setitem_bytes": lambda mod, m: m.__setitem__(0, b"a"),
    "setslice_size": lambda mod, m: m.__setitem__(slice(0, 2), b"abc"),
    "setslice_ext": lambda mod, m: (m.__setitem__(slice(None, None, -3), b"ABCD"), m[:])[1],
    "setslice_str": lambda mod, m: m.__setitem__(slice(0, 1), "a"),
    "delitem": lambda mod, m: m.__delitem__(0),
    "delslice": lambda mod, m: m.__delitem__(slice(0, 1)),
    "iterate": lambda mod, m: list(m),
    "contains": lambda mod, m: (b"w" in m, b"z" in m),
    "close_exported": lambda mod, m: (memoryview(m), m.close()),
    "resize_exported": lambda mod, m: (memoryview(m), m.resize(3)),
}


@pytest.mark.parametrize("name", sorted(SAME_AS_CPYTHON))
def test_same_result_or_exception_type_as_cpython(name, tmp_path):
    std_out, mmf_out = _both(SAME_AS_CPYTHON[name], tmp_path)
    assert mmf_out == std_out


@pytest.mark.parametrize("access", ["ACCESS_READ", "ACCESS_COPY"])
@pytest.mark.parametrize("name", ["write", "write_byte", "move", "setitem", "setslice", "resize", "resize_neg",
                                  "setitem_past", "setitem_value", "setslice_size", "delitem", "write_past",
                                  "write_byte_str", "move_neg", "memoryview_write"])
def test_read_only_and_copy_errors_as_cpython(access, name, tmp_path):
    calls = {
        "write": lambda mod, m: m.write(b"a"),
        "write_byte": lambda mod, m: m.write_byte(1),
        "move": lambda mod, m: m.move(0, 1, 1),
        "setitem": lambda mod, m: m.__setitem__(0, 1),
        "setslice": lambda mod, m: m.__setitem__(slice(0, 1), b"a"),
        "resize": lambda mod, m: m.resize(30),
        "resize_neg": lambda mod, m: m.resize(-1),
        "setitem_past": lambda mod, m: m.__setitem__(100, 1),
        "setitem_value": lambda mod, m: m.__setitem__(0, 300),
        "setslice_size": lambda mod, m: m.__setitem__(slice(0, 2), b"abc"),
        "delitem": lambda mod, m: m.__delitem__(0),
        "write_past": lambda mod, m: (m.seek(10), m.write(b"abc")),
        "write_byte_str": lambda mod, m: m.write_byte("a"),
        "move_neg": lambda mod, m: m.move(-1, 0, 0),
        "memoryview_write": lambda mod, m: memoryview(m).__setitem__(0, 1),
    }
    std_out, mmf_out = _both(lambda mod, m: calls[name](mod, m), tmp_path, access=getattr(std, access))
    assert mmf_out == std_out


NONE_CALLS = {
    "read": lambda m: m.read(None),  # allowed: reads to the end
    "read_byte": None,
    "readline": lambda m: m.readline(None),
    "write": lambda m: m.write(None),
    "write_byte": lambda m: m.write_byte(None),
    "seek": lambda m: m.seek(None),
    "seek_whence": lambda m: m.seek(0, None),
    "find": lambda m: m.find(None),
    "rfind": lambda m: m.rfind(b"a", None),
    "move": lambda m: m.move(None, 0, 0),
    "flush": lambda m: m.flush(None),
    "resize": lambda m: m.resize(None),
    "madvise": lambda m: m.madvise(None),
    "getitem": lambda m: m[None],
    "setitem": lambda m: m.__setitem__(0, None),
    "setslice": lambda m: m.__setitem__(slice(0, 1), None),
}


@pytest.mark.parametrize("name", sorted(k for k, v in NONE_CALLS.items() if v is not None))
def test_none_where_a_value_is_needed(name, m):
    if name == "read":
        assert m.read(None) == b"hello\nworld\n"
        return
    with pytest.raises(TypeError):
        NONE_CALLS[name](m)
    assert m[:] == b"hello\nworld\n" and m.tell() == 0


def test_overflowing_offset_plus_length(tmp_path):
    p = tmp_path / "f"
    p.write_bytes(b"x" * 100)
    with open(p, "r+b") as f:
        for length, offset in ((2**62, 2**62), (2**63 - 1, 1), (1, 2**63 - 1), (99, 2)):
            with pytest.raises(ValueError):
                mmf.mmap(f.fileno(), length, offset=offset)
        mm = mmf.mmap(f.fileno(), 10, offset=90)
    with pytest.raises(ValueError, match="new size out of range"):
        mm.resize(2**63 - 1 - 50)  # offset + new size overflows Py_ssize_t
    assert len(mm) == 10
    for s in (slice(2**62, 2**63 - 1), slice(-(2**63), 2**63 - 1, 2**62), slice(9, 2**63 - 1, -(2**63 - 1))):
        assert mm[s] == b"x" * len(range(*s.indices(10)))
    with pytest.raises(IndexError):
        mm[2**62:2**63 - 1] = b"a"
    assert mm.find(b"x", 2**62, -(2**62)) == -1
    with pytest.raises(ValueError):
        mm.move(2**62, 2**62, 2**62)
    with pytest.raises(ValueError):
        mm.flush(2**62, 2**62)
    with pytest.raises(OverflowError, match="madvise length too large"):
        mm.madvise(mmf.MADV_NORMAL, 5, 2**63 - 5)
    mm.close()


def test_module_level_bad_input():
    for name in ("", "x" * 32, ".dot", "-dash", "sla/sh", "sp ace", "é"):
        with pytest.raises(ValueError):
            mmf.unlink_named(name)
        with pytest.raises(ValueError):
            mmf.mmap(-1, 10, tagname=name)
    with pytest.raises(TypeError):
        mmf.unlink_named(b"bytes")
    with pytest.raises(TypeError):
        mmf.unlink_named()
    with pytest.raises(FileNotFoundError):
        mmf.mmap(-1, 0, tagname="mmf-py-never-created-%d" % os.getpid())  # length 0 opens only: it does not exist
