"""Runs the shared conformance vectors (tests/conformance/vectors, the C
runner's format) through the mmf package: every op through the Python API
that a user of mmf.mmap calls, the @improvement statements included (mmf
makes them; CPython's mmap is what they improve on).

The parsing, the op-to-method emulation and the exception-to-status
comparison are the CPython oracle's (tests/conformance/cpython_oracle.py),
imported with mmf in place of mmap, so that both runners read the vectors
the same way. What differs here:

  readline <cap>   mm.readline(cap): mmf's readline takes the C API's cap
  setup ... create the file exists already (the runner writes it); with
                   `create` a short file is extended, which mmf.mmap(fd)
                   cannot ask for (mmf_open_fd takes no MMF_OPEN_CREATE):
                   such sections are skipped, with their reason
  read_at/write_at past the end  a Python slice is clamped (empty), as the
                   language requires of every sequence; the C API's
                   OUT_OF_RANGE there is not reachable through a slice:
                   skipped, with their reason
  FaultError and io.UnsupportedOperation are FAULT and UNSUPPORTED.

Usage: conformance_runner.py VECTOR_DIR. Output and exit codes as the
oracle's: "conformance: N passed, N failed, N skipped".
"""
import io
import os
import sys

import mmf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("MMF_SOURCE_DIR", os.path.join(HERE, "..", "..", "..")),
                                "tests", "conformance"))
import cpython_oracle as oracle  # noqa: E402 - found through the path above

oracle.mmap = mmf
oracle.RUN_IMPROVEMENTS = False  # this runner decides per statement (NOT_EXPRESSIBLE)

# Improvements of the C API that a Python program cannot ask for: the reason
# (as the vector gives it) -> why mmf.mmap cannot express it.
NOT_EXPRESSIBLE = {
    "read_at with pos > length is OUT_OF_RANGE (a Python slice is silently empty)":
        "a Python slice past the end is empty, as for every sequence",
    "write_at with pos > length is OUT_OF_RANGE even for no data (a Python slice assignment of b\"\" is a no-op)":
        "a Python slice assignment past the end is clamped, as for every sequence",
    "create extends a file shorter than offset+length (mmf.h MMF_OPEN_CREATE)":
        "mmf.mmap(fileno, ...) has no create flag (mmf_open_fd takes none)",
}

_cpython_statuses = oracle.exc_statuses


def exc_statuses(e):
    if isinstance(e, mmf.FaultError):
        return {"FAULT"}
    if isinstance(e, io.UnsupportedOperation):
        return {"UNSUPPORTED"}
    return _cpython_statuses(e)


oracle.exc_statuses = exc_statuses

_run = oracle.Section.run


def run(self, c):
    if c.op == "readline":
        return [self.mm.readline(oracle.clamp_ssize(c.args[0]) if c.args[0] < (1 << 63) else -1)]
    return _run(self, c)


oracle.Section.run = run


def main(argv):
    # Mark every improvement the Python API can express as an ordinary
    # statement (mmf must make it); the rest stay @improvement and are
    # skipped with the oracle's counting.
    parse = oracle.parse_file

    def parse_file(path):
        sections = parse(path)
        for st, calls in sections:
            for s in [st] + calls:
                if s.improvement is not None:
                    if s.improvement in NOT_EXPRESSIBLE:
                        s.improvement = NOT_EXPRESSIBLE[s.improvement]
                    else:
                        s.improvement = None
        return sections

    oracle.parse_file = parse_file
    return oracle.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
