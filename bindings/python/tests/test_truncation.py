"""A file truncated under the map by another process: with the standard
mmap the interpreter dies of SIGBUS; with mmf every call that touches the
lost pages raises mmf.FaultError (an OSError), the interpreter lives on,
and resize() recovers the map."""
import errno
import os
import subprocess
import sys

import pytest

import mmf

SIZE = 4 * mmf.PAGESIZE


def truncate_in_another_process(path, size):
    subprocess.run([sys.executable, "-c", "import os, sys; os.truncate(sys.argv[1], int(sys.argv[2]))",
                    path, str(size)], check=True)


@pytest.fixture
def truncated(tmp_path):
    p = str(tmp_path / "t.bin")
    with open(p, "wb") as f:
        f.write(b"a" * (SIZE - 6) + b"needle")
    with open(p, "r+b") as f:
        mm = mmf.mmap(f.fileno(), 0)
    truncate_in_another_process(p, 0)
    yield p, mm
    mm.close()


TOUCHING = {
    "read": lambda m: m.read(),
    "read_byte": lambda m: m.read_byte(),
    "readline": lambda m: m.readline(),
    "write": lambda m: m.write(b"x"),
    "write_byte": lambda m: m.write_byte(1),
    "getitem": lambda m: m[SIZE - 1],
    "getslice": lambda m: m[:],
    "getslice_step": lambda m: m[::7],
    "setitem": lambda m: m.__setitem__(SIZE - 1, 1),
    "setslice": lambda m: m.__setitem__(slice(0, 3), b"abc"),
    "find": lambda m: m.find(b"needle"),
    "rfind": lambda m: m.rfind(b"needle"),
    "move": lambda m: m.move(0, SIZE - 10, 10),
    "iterate": lambda m: list(m),
}


def test_no_buffer_export_once_a_fault_was_seen(truncated):
    """memoryview bypasses the guard (mmf.h, mmf_buffer_acquire): it is
    refused once a call has seen the truncation, until resize()."""
    _, mm = truncated
    with pytest.raises(mmf.FaultError):
        mm[0]
    with pytest.raises(mmf.FaultError):
        memoryview(mm)


@pytest.mark.parametrize("name", sorted(TOUCHING))
def test_every_touching_call_raises_and_the_interpreter_lives(truncated, name):
    _, mm = truncated
    with pytest.raises(OSError) as e:
        TOUCHING[name](mm)
    assert isinstance(e.value, mmf.FaultError), e.value
    assert e.value.errno == errno.EFAULT
    assert "trunc" in str(e.value) or "vanish" in str(e.value) or "fault" in str(e.value).lower()
    # and it keeps failing cleanly: the map is not usable again by accident
    with pytest.raises(mmf.FaultError):
        mm[0]
    # calls that do not touch the pages still work
    assert len(mm) == SIZE
    assert mm.tell() >= 0


def test_resize_recovers(truncated):
    p, mm = truncated
    with pytest.raises(mmf.FaultError):
        mm[:]
    mm.resize(SIZE)  # the file is extended again: zeros
    assert mm[:] == b"\0" * SIZE
    mm[:6] = b"back!\n"
    mm.flush()
    with open(p, "rb") as f:
        assert f.read(6) == b"back!\n"
    assert os.path.getsize(p) == SIZE


def test_the_standard_mmap_dies_where_mmf_raises(tmp_path):
    """The reason for all this: the same program with `import mmap` is killed."""
    p = str(tmp_path / "s.bin")
    with open(p, "wb") as f:
        f.write(b"a" * SIZE)
    code = ("import mmap, os, sys\n"
            "f = open(sys.argv[1], 'r+b'); m = mmap.mmap(f.fileno(), 0)\n"
            "os.truncate(sys.argv[1], 0)\n"
            "m[:]\n")
    r = subprocess.run([sys.executable, "-c", code, p])
    assert r.returncode < 0  # killed by a signal (SIGBUS)
