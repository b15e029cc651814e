"""Shared fixtures: a temporary file with known bytes, and its map."""
import pytest

import mmf


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "data.bin"
    p.write_bytes(b"hello\nworld\n")
    return str(p)


@pytest.fixture
def m(path):
    with open(path, "r+b") as f:
        mm = mmf.mmap(f.fileno(), 0)
    yield mm
    mm.close()


@pytest.fixture
def ro(path):
    with open(path, "rb") as f:
        mm = mmf.mmap(f.fileno(), 0, access=mmf.ACCESS_READ)
    yield mm
    mm.close()


def file_bytes(p):
    with open(p, "rb") as f:
        return f.read()


@pytest.fixture
def read_file():
    return file_bytes


@pytest.fixture
def closed_map():
    mm = mmf.mmap(-1, 16)
    mm.close()
    return mm
