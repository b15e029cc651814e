#!/usr/bin/env python3
"""Run the conformance vectors against CPython's real mmap module.

Counting: a vector is a call line, or a setup line whose expected status is
not OK. A setup that should succeed but fails counts its calls as failed.

Usage: cpython_oracle.py [VECTOR_DIR]   (default: vectors/ next to this script)

CPython is the reference for every vector except those marked
`@improvement`: such a statement, and every later statement of its section,
is skipped (and counted, with its reason). The format is described in
README.md next to this script.

How C-API ops are emulated with the mmap object:

  read <cap>            mm.read(cap)   (cap as unsigned 64-bit, clamped to
                        sys.maxsize: read(n) clamps to what remains anyway)
  read_byte             mm.read_byte()
  readline <cap>        mm.readline(); a line longer than cap can only be an
                        @improvement (the cap is a C-API addition)
  write <bytes>         mm.write(data)
  write_byte <b>        mm.write_byte(b)
  seek <off> <whence>   mm.seek(off, whence), then mm.tell() is the result
  tell                  mm.tell()
  read_at <pos> <cap>   mm[pos:pos+cap]
  write_at <pos> <b>    mm[pos:pos+len(b)] = b   (IndexError if the clamped
                        slice is shorter than the data)
  find/rfind s a b      mm.find(s[, a[, b]]); an omitted start followed by an
                        end is passed as mm.tell(), CPython's own default
  move d s n            mm.move(d, s, n)
  flush <off> <size>    mm.flush(off, size); size 0 means "to the end" in the
                        C API, so it becomes len(mm) - off (0 if off > len(mm),
                        so that CPython reports the range error itself)
  resize <n>            mm.resize(n)
  len / size            len(mm) / mm.size()
  madvise a s l         mm.madvise(a, s[, l]); l == 0 ("to the end") omits l;
                        advice 0..4 are MADV_NORMAL, RANDOM, SEQUENTIAL,
                        WILLNEED, DONTNEED, any other value is passed as an
                        advice the OS does not know
  acquire               memoryview(mm), kept in a list; result len(view)
  release               views.pop().release(). Python has no separate release
                        on the map, so this runner emulates the C API: CLOSED
                        if the map is closed, INVALID_ARGUMENT if nothing is
                        acquired.
  close / closed        mm.close() / mm.closed
  content               mm[:]
  file                  the temporary file's bytes

Exceptions are compared with statuses by class (see EXC_STATUSES below).
"""

import errno
import mmap
import os
import sys
import tempfile

STATUSES = ["OK", "INVALID_ARGUMENT", "CLOSED", "READ_ONLY", "OUT_OF_RANGE",
            "BUSY", "IO", "NO_MEMORY", "UNSUPPORTED", "FAULT"]

OPS = {
    # op: (argument kinds, number of results on OK)
    # kinds: u = unsigned (negative wraps to 2**64), i = signed int64,
    #        w = C int (whence, advice), b = byte string,
    #        o = signed int64 but not INT64_MIN, or '-' (omitted), y = 0..255
    "read": ("u", 1), "read_byte": ("", 1), "readline": ("u", 1),
    "write": ("b", 0), "write_byte": ("y", 0), "seek": ("iw", 1),
    "tell": ("", 1), "read_at": ("uu", 1), "write_at": ("ub", 0),
    "find": ("boo", 1), "rfind": ("boo", 1), "move": ("uuu", 0),
    "flush": ("uu", 0), "resize": ("u", 0), "len": ("", 1), "size": ("", 1),
    "madvise": ("wuu", 0), "acquire": ("", 1), "release": ("", 0),
    "close": ("", 0), "closed": ("", 1), "content": ("", 1), "file": ("", 1),
}
# ops whose single result is a byte string (the others are integers)
BYTES_RESULT = {"read", "readline", "read_at", "content", "file"}

U64 = 1 << 64
I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1

# MMF_ORACLE_RUN_IMPROVEMENTS=1 runs the @improvement statements too, to show
# that CPython really differs there (expect failures, a maintenance aid).
RUN_IMPROVEMENTS = os.environ.get("MMF_ORACLE_RUN_IMPROVEMENTS") == "1"

ADVICE = {0: "MADV_NORMAL", 1: "MADV_RANDOM", 2: "MADV_SEQUENTIAL",
          3: "MADV_WILLNEED", 4: "MADV_DONTNEED"}
UNKNOWN_ADVICE = 0x7fff  # no OS defines this advice: madvise() fails EINVAL


class VectorError(Exception):
    """A malformed vector file."""


def decode_bytes(tok, where):
    if not tok.startswith("s:"):
        raise VectorError("%s: expected a byte string (s:...), got %r" % (where, tok))
    out = bytearray()
    s = tok[2:]
    i = 0
    while i < len(s):
        c = s[i]
        if c == "%":
            h = s[i + 1:i + 3]
            if len(h) != 2 or any(ch not in "0123456789abcdefABCDEF" for ch in h):
                raise VectorError("%s: bad %%XX escape in %r" % (where, tok))
            out.append(int(h, 16))
            i += 3
        else:
            if not (0x21 <= ord(c) <= 0x7e):
                raise VectorError("%s: byte %r must be written %%XX in %r" % (where, c, tok))
            out.append(ord(c))
            i += 1
    return bytes(out)


def parse_int(tok, where, lo=I64_MIN, hi=I64_MAX):
    t = tok[1:] if tok[:1] == "-" else tok
    if not t or not t.isdigit() or not t.isascii():
        raise VectorError("%s: expected an integer, got %r" % (where, tok))
    v = int(tok)
    if not lo <= v <= hi:
        raise VectorError("%s: integer %s out of range [%d, %d]" % (where, tok, lo, hi))
    return v


def parse_unsigned(tok, where):
    """Negative values wrap to the unsigned 64-bit value with the same bits."""
    v = parse_int(tok, where, I64_MIN, U64 - 1)
    return v + U64 if v < 0 else v


def parse_arg(kind, tok, where):
    if kind == "u":
        return parse_unsigned(tok, where)
    if kind == "i":
        return parse_int(tok, where)
    if kind == "b":
        return decode_bytes(tok, where)
    if kind == "w":
        return parse_int(tok, where, -(1 << 31), (1 << 31) - 1)
    if kind == "y":
        return parse_int(tok, where, 0, 255)
    if kind == "o":
        if tok == "-":
            return None
        # INT64_MIN is MMF_POS_DEFAULT in the C API: write "-" instead
        return parse_int(tok, where, I64_MIN + 1, I64_MAX)
    raise AssertionError(kind)


def parse_status(tok, where):
    if tok not in STATUSES:
        raise VectorError("%s: unknown status %r" % (where, tok))
    return tok


class Setup:
    def __init__(self, kind, where, line):
        self.kind = kind            # "file" or "anon"
        self.where = where
        self.line = line
        self.content = b""
        self.anon_length = 0
        self.access = "default"
        self.offset = 0
        self.length = 0
        self.private = False
        self.create = False
        self.status = "OK"
        self.results = []
        self.improvement = None


class Call:
    def __init__(self, op, args, status, results, where, line):
        self.op, self.args, self.status, self.results = op, args, status, results
        self.where, self.line = where, line
        self.improvement = None


def parse_setup(toks, where, line):
    if len(toks) < 3:
        raise VectorError("%s: setup needs 'file <content>' or 'anon <length>'" % where)
    st = Setup(toks[1], where, line)
    rest = toks[3:]
    if "=>" in rest:
        k = rest.index("=>")
        if k != len(rest) - 2:
            raise VectorError("%s: '=> STATUS' must end a setup line" % where)
        st.status = parse_status(rest[k + 1], where)
        rest = rest[:k]
    if st.kind == "file":
        st.content = decode_bytes(toks[2], where)
    elif st.kind == "anon":
        st.anon_length = parse_unsigned(toks[2], where)
    else:
        raise VectorError("%s: setup kind must be 'file' or 'anon', got %r" % (where, toks[1]))
    seen = set()
    for opt in rest:
        name = opt.split("=", 1)[0]
        if name in seen:
            raise VectorError("%s: option %r given twice" % (where, name))
        seen.add(name)
        if opt.startswith("access="):
            st.access = opt[7:]
            if st.access not in ("default", "read", "write", "copy"):
                raise VectorError("%s: unknown access %r" % (where, st.access))
        elif opt.startswith("offset=") and st.kind == "file":
            st.offset = parse_unsigned(opt[7:], where)
        elif opt.startswith("length=") and st.kind == "file":
            st.length = parse_unsigned(opt[7:], where)
        elif opt == "private":
            st.private = True
        elif opt == "create" and st.kind == "file":
            st.create = True
        else:
            raise VectorError("%s: unknown setup option %r for %s" % (where, opt, st.kind))
    return st


def parse_call(toks, where, line):
    op = toks[0]
    if op not in OPS:
        raise VectorError("%s: unknown op %r" % (where, op))
    if "=>" not in toks:
        raise VectorError("%s: missing '=> STATUS'" % where)
    k = toks.index("=>")
    kinds, nres = OPS[op]
    argt = toks[1:k]
    if len(argt) != len(kinds):
        raise VectorError("%s: %s takes %d argument(s), got %d" % (where, op, len(kinds), len(argt)))
    args = [parse_arg(kd, t, where) for kd, t in zip(kinds, argt)]
    if k + 1 >= len(toks):
        raise VectorError("%s: missing status after '=>'" % where)
    status = parse_status(toks[k + 1], where)
    rtoks = toks[k + 2:]
    want = nres if status == "OK" else 0
    if len(rtoks) != want:
        raise VectorError("%s: %s => %s takes %d result(s), got %d" % (where, op, status, want, len(rtoks)))
    if op == "closed" and status != "OK":
        raise VectorError("%s: closed always returns OK" % where)
    results = []
    for t in rtoks:
        if op in BYTES_RESULT:
            results.append(decode_bytes(t, where))
        elif op in ("len", "size", "tell", "acquire", "seek"):
            results.append(parse_unsigned(t, where))
        else:
            results.append(parse_int(t, where))
    return Call(op, args, status, results, where, line)


def parse_file(path):
    """Returns a list of sections: (Setup, [Call, ...])."""
    name = os.path.basename(path)
    sections = []
    pending = None  # (reason, where) of an @improvement waiting for its statement
    pending_win = None  # (tokens from "=>", where) of a @windows waiting for its statement
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise VectorError("%s: not UTF-8: %s" % (name, e))
    for lineno, raw in enumerate(text.split("\n"), 1):
        where = "%s:%d" % (name, lineno)
        s = raw.rstrip("\r").strip(" \t")
        if not s or s.startswith("#"):
            continue
        if "\t" in s:
            raise VectorError("%s: tabs are not allowed, separate tokens with spaces" % where)
        toks = s.split()
        if toks[0] == "@improvement":
            if len(toks) < 2:
                raise VectorError("%s: @improvement needs a reason" % where)
            if pending:
                raise VectorError("%s: two @improvement lines in a row" % where)
            pending = (" ".join(toks[1:]), where)
            continue
        if toks[0] == "@windows":
            # The expectation on Windows; CPython here is the POSIX oracle, so
            # it is only checked for form (against the next statement).
            if len(toks) < 3 or toks[1] != "=>":
                raise VectorError("%s: @windows needs '=> STATUS [result]'" % where)
            if pending_win:
                raise VectorError("%s: two @windows lines in a row" % where)
            pending_win = (toks[1:], where)
            continue
        if toks[0].startswith("@"):
            raise VectorError("%s: unknown directive %r" % (where, toks[0]))
        if pending_win:
            head = toks[: toks.index("=>")] if "=>" in toks else toks
            if toks[0] == "setup":
                parse_setup(head + pending_win[0], pending_win[1], lineno)
            else:
                parse_call(head + pending_win[0], pending_win[1], lineno)
            pending_win = None
        if toks[0] == "setup":
            stmt = parse_setup(toks, where, lineno)
            sections.append((stmt, []))
        else:
            if not sections:
                raise VectorError("%s: call before the first setup" % where)
            stmt = parse_call(toks, where, lineno)
            st = sections[-1][0]
            if st.status != "OK":
                raise VectorError("%s: calls after a setup that must fail (%s)" % (where, st.where))
            if stmt.op == "file" and st.kind != "file":
                raise VectorError("%s: 'file' in an anon section" % where)
            sections[-1][1].append(stmt)
        if pending:
            stmt.improvement = pending[0]
            pending = None
    if pending:
        raise VectorError("%s: @improvement not followed by a statement" % pending[1])
    if pending_win:
        raise VectorError("%s: @windows not followed by a statement" % pending_win[1])
    return sections


def exc_statuses(e):
    """The statuses a CPython exception may stand for."""
    msg = str(e)
    if isinstance(e, BufferError):
        return {"BUSY"}
    if isinstance(e, IndexError):
        return {"OUT_OF_RANGE"}
    if isinstance(e, OverflowError):
        return {"OUT_OF_RANGE", "INVALID_ARGUMENT"}
    if isinstance(e, ValueError):
        if "closed" in msg:
            return {"CLOSED"}
        return {"OUT_OF_RANGE", "INVALID_ARGUMENT"}
    if isinstance(e, TypeError):
        return {"READ_ONLY", "INVALID_ARGUMENT"}
    if isinstance(e, MemoryError):
        return {"NO_MEMORY"}
    if isinstance(e, OSError):
        if e.errno == errno.ENOMEM:
            return {"NO_MEMORY"}
        return {"IO", "INVALID_ARGUMENT"}
    return set()


def fmt_bytes(b):
    out = ["s:"]
    for c in b:
        if 0x21 <= c <= 0x7e and c != 0x25:
            out.append(chr(c))
        else:
            out.append("%%%02X" % c)
    return "".join(out)


def fmt_results(op, results):
    if op in BYTES_RESULT:
        return " ".join(fmt_bytes(r) for r in results)
    return " ".join(str(r) for r in results)


def clamp_ssize(v):
    return min(v, sys.maxsize)


class Section:
    def __init__(self, setup, tmpdir):
        self.setup = setup
        self.mm = None
        self.f = None
        self.path = None
        self.views = []
        self.tmpdir = tmpdir

    def open(self):
        st = self.setup
        kw = {}
        if st.access != "default":
            kw["access"] = {"read": mmap.ACCESS_READ, "write": mmap.ACCESS_WRITE,
                            "copy": mmap.ACCESS_COPY}[st.access]
        if st.private:
            kw["flags"] = mmap.MAP_PRIVATE
        if st.kind == "anon":
            self.mm = mmap.mmap(-1, st.anon_length, **kw)
            return []
        fd, self.path = tempfile.mkstemp(prefix="mmf-conf-", dir=self.tmpdir)
        with os.fdopen(fd, "wb") as w:
            w.write(st.content)
        # `create`: the file already exists, so CPython's only difference is
        # the extension of a short file -- which is marked @improvement.
        self.f = open(self.path, "rb" if st.access == "read" else "r+b")
        if st.offset:
            kw["offset"] = st.offset
        self.mm = mmap.mmap(self.f.fileno(), st.length, **kw)
        return []

    def cleanup(self):
        for v in self.views:
            try:
                v.release()
            except Exception:
                pass
        self.views = []
        if self.mm is not None:
            try:
                self.mm.close()
            except Exception:
                pass
        if self.f is not None:
            self.f.close()
        if self.path is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass

    def run(self, c):
        """Returns the list of results (raises on error)."""
        mm, a, op = self.mm, c.args, c.op
        if op == "read":
            return [mm.read(clamp_ssize(a[0]))]
        if op == "read_byte":
            return [mm.read_byte()]
        if op == "readline":
            line = mm.readline()
            if len(line) > a[0]:
                raise VectorError("%s: readline returned %d bytes, more than cap %d: "
                                  "a cap-truncated line must be @improvement"
                                  % (c.where, len(line), a[0]))
            return [line]
        if op == "write":
            mm.write(a[0])
            return []
        if op == "write_byte":
            mm.write_byte(a[0])
            return []
        if op == "seek":
            mm.seek(a[0], a[1])
            return [mm.tell()]
        if op == "tell":
            return [mm.tell()]
        if op == "read_at":
            return [mm[a[0]:a[0] + a[1]]]
        if op == "write_at":
            mm[a[0]:a[0] + len(a[1])] = a[1]
            return []
        if op in ("find", "rfind"):
            fn = mm.find if op == "find" else mm.rfind
            sub, start, end = a
            if end is not None:
                if start is None:
                    start = mm.tell()  # CPython's default for start
                return [fn(sub, start, end)]
            if start is not None:
                return [fn(sub, start)]
            return [fn(sub)]
        if op == "move":
            mm.move(a[0], a[1], a[2])
            return []
        if op == "flush":
            off, size = a
            if size == 0:
                n = len(mm)  # raises CLOSED on a closed map, like flush would
                size = n - off if off <= n else 0
            mm.flush(off, size)
            return []
        if op == "resize":
            mm.resize(a[0])
            return []
        if op == "len":
            return [len(mm)]
        if op == "size":
            return [mm.size()]
        if op == "madvise":
            adv, start, length = a
            option = getattr(mmap, ADVICE[adv]) if adv in ADVICE else UNKNOWN_ADVICE
            if length == 0:
                mm.madvise(option, start)
            else:
                mm.madvise(option, start, length)
            return []
        if op == "acquire":
            v = memoryview(mm)
            self.views.append(v)
            return [len(v)]
        if op == "release":
            if mm.closed:
                raise ValueError("mmap closed or invalid (emulated release)")
            if not self.views:
                return "INVALID_ARGUMENT"  # emulated: nothing acquired
            self.views.pop().release()
            return []
        if op == "close":
            mm.close()
            return []
        if op == "closed":
            return [1 if mm.closed else 0]
        if op == "content":
            return [mm[:]]
        if op == "file":
            with open(self.path, "rb") as r:
                return [r.read()]
        raise AssertionError(op)


def check(stmt, fn, failures):
    """Run fn(); compare status and results with stmt. Returns True on pass."""
    try:
        got = fn()
        if got == "INVALID_ARGUMENT":
            got_status, got_results, statuses = "INVALID_ARGUMENT", [], {"INVALID_ARGUMENT"}
        else:
            got_status, got_results, statuses = "OK", got, {"OK"}
    except VectorError:
        raise
    except Exception as e:  # noqa: BLE001 - any exception is a result here
        got_status, got_results = "%s(%s)" % (type(e).__name__, e), []
        statuses = exc_statuses(e)
    op = getattr(stmt, "op", "setup")
    if stmt.status in statuses and (stmt.status != "OK" or got_results == stmt.results):
        return True
    exp = stmt.status + ((" " + fmt_results(op, stmt.results)) if stmt.results else "")
    gs = got_status + ((" " + fmt_results(op, got_results)) if got_results else "")
    failures.append("%s: %s: expected %s, got %s" % (stmt.where, op, exp, gs))
    return False


def main(argv):
    vdir = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors")
    files = sorted(f for f in os.listdir(vdir) if f.endswith(".vec"))
    if not files:
        print("conformance: no .vec files in %s" % vdir)
        return 2
    tmpdir = os.environ.get("TMPDIR") or "/tmp"
    passed = failed = skipped = 0
    failures = []
    skip_lines = []
    for name in files:
        try:
            sections = parse_file(os.path.join(vdir, name))
        except VectorError as e:
            print("malformed vector: %s" % e)
            return 2
        fskip = {}
        for st, calls in sections:
            stmts = [st] + calls
            skip_from = None
            for k, s in enumerate(stmts if not RUN_IMPROVEMENTS else []):
                if s.improvement is not None:
                    skip_from = k
                    break
            if skip_from is not None:
                n = len(stmts) - skip_from
                if skip_from == 0 and st.status == "OK":
                    n -= 1  # a setup that must succeed is not a vector itself
                reason = stmts[skip_from].improvement
                fskip[reason] = fskip.get(reason, 0) + n
                skipped += n
                stmts = stmts[:skip_from]
            if not stmts:
                continue
            sec = Section(st, tmpdir)
            try:
                ok = check(st, sec.open, failures)
                if st.status != "OK":
                    # a setup that must fail is a vector of its own
                    passed, failed = passed + ok, failed + (not ok)
                    continue
                if not ok:
                    failed += max(1, len(stmts) - 1)  # none of its calls can run
                    continue
                for c in stmts[1:]:
                    try:
                        ok = check(c, lambda c=c: sec.run(c), failures)
                    except VectorError as e:
                        failures.append(str(e))
                        ok = False
                    if ok:
                        passed += 1
                    else:
                        failed += 1
            finally:
                sec.cleanup()
        for reason, n in sorted(fskip.items()):
            skip_lines.append("skip %s: %d (@improvement %s)" % (name, n, reason))
    for f in failures:
        print("FAIL " + f)
    for s in skip_lines:
        print(s)
    print("conformance: %d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
