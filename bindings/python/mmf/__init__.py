"""mmf: the standard ``mmap`` module rebuilt on libmmf.

``import mmf as mmap`` is a drop-in for the standard module on Unix: the
class :class:`mmap` has the standard constructor, methods and attributes.
A file truncated under a map raises :class:`FaultError` (an ``OSError``)
instead of killing the interpreter with SIGBUS; ``tagname=`` names a shared
map on POSIX too; ``find``/``rfind`` use libmmf's search. Every difference
from the standard module is listed in the package's README.
"""

from ._mmf import (  # noqa: F401 - re-exported
    ACCESS_COPY,
    ACCESS_DEFAULT,
    ACCESS_READ,
    ACCESS_WRITE,
    ALLOCATIONGRANULARITY,
    MADV_DONTNEED,
    MADV_NORMAL,
    MADV_RANDOM,
    MADV_SEQUENTIAL,
    MADV_WILLNEED,
    MAP_ANON,
    MAP_ANONYMOUS,
    MAP_PRIVATE,
    MAP_SHARED,
    PAGESIZE,
    PROT_READ,
    PROT_WRITE,
    FaultError,
    __libmmf_version__,
    error,
    mmap,
    unlink_named,
)
from . import _mmf

# Linux-only flags, present when the platform defines them (as in mmap).
for _name in ("MAP_POPULATE", "MAP_DENYWRITE", "MAP_EXECUTABLE"):
    if hasattr(_mmf, _name):
        globals()[_name] = getattr(_mmf, _name)
del _name

__all__ = [n for n in dir(_mmf) if not n.startswith("_")]
