/*
 * mmf._mmf: the class mmf.mmap, CPython's mmap.mmap rebuilt on libmmf's C ABI
 * (capi/include/mmf.h). Everything the library does (ranges, clamping,
 * search, resizing, the fault guard) is left to it; this file parses Python
 * arguments the way CPython's Modules/mmapmodule.c does, so that the same
 * mistakes raise the same exception types, and turns mmf statuses into
 * exceptions. The CPython C API directly (not nanobind): the Debian package
 * builds with python3-dev alone, one source serves CPython 3.8 to 3.13, and
 * the buffer protocol and sequence slots are native here.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>
#include <limits.h>
#include <mmf.h>
#include <structmember.h>
#include <sys/mman.h>

/* Bulk calls on at least this many bytes release the GIL: below it the
 * release/reacquire costs more than the copy it lets run in parallel. */
#define MMF_PY_GIL_THRESHOLD 65536 /* 64 KiB */

/* Runs stmt without the GIL. Safe because the call holds a reference to the
 * object, so mmf_free cannot run meanwhile, and every other mmf call may
 * run concurrently on the same handle (mmf.h, "Thread safety"). */
#define NOGIL(stmt)                                 \
  do {                                              \
    PyThreadState* nogil_ts_ = PyEval_SaveThread(); \
    stmt;                                           \
    PyEval_RestoreThread(nogil_ts_);                \
  } while (0)

typedef struct {
  PyObject_HEAD mmf_map* map;
  mmf_access access;     /* resolved at open: never DEFAULT */
  mmf_access req_access; /* as asked for (prot mapped), which repr shows as CPython does */
  unsigned long long offset;
  int trackfd;
  PyObject* weakreflist;
} MmapObject;

static PyObject* fault_error;       /* mmf.FaultError, an OSError subclass */
static PyObject* unsupported_error; /* io.UnsupportedOperation (OSError and ValueError) */

/* Messages CPython's mmap module uses for the same mistakes, so that code
 * matching on them keeps working; mmf's own detail follows in parentheses. */
#define MSG_CLOSED "mmap closed or invalid"
#define MSG_READONLY "mmap can't modify a readonly memory map."

/* Raises the exception for status st of the last mmf call on this thread.
 * range_type/range_msg: what OUT_OF_RANGE means for this call in CPython;
 * ro_msg: its READ_ONLY message; busy_msg: its BUSY message. */
static PyObject* raise_status(mmf_status st, PyObject* range_type, const char* range_msg, const char* ro_msg,
                              const char* busy_msg) {
  const char* detail = mmf_last_error();
  int os_error = mmf_last_os_error();
  switch (st) {
    case MMF_OK:
      PyErr_SetString(PyExc_SystemError, "mmf: raise_status called with MMF_OK");
      return NULL;
    case MMF_ERR_CLOSED:
      PyErr_Format(PyExc_ValueError, MSG_CLOSED " (%s)", detail);
      return NULL;
    case MMF_ERR_READ_ONLY:
      PyErr_Format(PyExc_TypeError, "%s (%s)", ro_msg ? ro_msg : MSG_READONLY, detail);
      return NULL;
    case MMF_ERR_OUT_OF_RANGE:
      PyErr_Format(range_type ? range_type : PyExc_ValueError, "%s (%s)", range_msg ? range_msg : "out of range",
                   detail);
      return NULL;
    case MMF_ERR_BUSY:
      PyErr_Format(PyExc_BufferError, "%s (%s)", busy_msg ? busy_msg : "exported buffers exist", detail);
      return NULL;
    case MMF_ERR_INVALID_ARGUMENT:
      PyErr_Format(PyExc_ValueError, "invalid argument (%s)", detail);
      return NULL;
    case MMF_ERR_UNSUPPORTED:
      PyErr_Format(unsupported_error, "%s", detail);
      return NULL;
    case MMF_ERR_FAULT: {
      PyObject* e = PyObject_CallFunction(fault_error, "is", EFAULT, detail);
      if (e) {
        PyErr_SetObject(fault_error, e);
        Py_DECREF(e);
      }
      return NULL;
    }
    case MMF_ERR_NO_MEMORY:
    case MMF_ERR_IO:
    default: {
      /* CPython reports a refused mmap/mremap as OSError(ENOMEM) */
      if (st == MMF_ERR_NO_MEMORY && os_error == 0) os_error = ENOMEM;
      /* The portable kind picks the class; the errno rides along for code
       * that reads it. OSError(errno, msg) itself maps the rest. */
      PyObject* type = PyExc_OSError;
      switch (mmf_last_error_kind()) {
        case MMF_KIND_NOT_FOUND:
          type = PyExc_FileNotFoundError;
          break;
        case MMF_KIND_EXISTS:
          type = PyExc_FileExistsError;
          break;
        case MMF_KIND_PERMISSION:
          type = PyExc_PermissionError;
          break;
        default:
          break;
      }
      PyObject* e =
          os_error ? PyObject_CallFunction(type, "is", os_error, detail) : PyObject_CallFunction(type, "s", detail);
      if (e) {
        PyErr_SetObject((PyObject*)Py_TYPE(e), e);
        Py_DECREF(e);
      }
      return NULL;
    }
  }
}

/* The common case: a call whose only range error is a ValueError. */
static PyObject* raise_simple(mmf_status st, const char* range_msg) {
  return raise_status(st, PyExc_ValueError, range_msg, NULL, NULL);
}

static PyObject* raise_closed(void) {
  PyErr_SetString(PyExc_ValueError, MSG_CLOSED);
  return NULL;
}

/* The map's length, or -1 with the exception set (closed: ValueError). */
static Py_ssize_t map_length(MmapObject* self) {
  uint64_t n = 0;
  mmf_status st = mmf_length(self->map, &n);
  if (st != MMF_OK) {
    raise_simple(st, NULL);
    return -1;
  }
  if (n > (uint64_t)PY_SSIZE_T_MAX) {
    PyErr_SetString(PyExc_OverflowError, "mmap length does not fit in Py_ssize_t");
    return -1;
  }
  return (Py_ssize_t)n;
}

static int is_writable(MmapObject* self) {
  if (self->access != MMF_ACCESS_READ) return 1;
  PyErr_SetString(PyExc_TypeError, MSG_READONLY);
  return 0;
}

static int check_open(MmapObject* self) {
  if (self->map && !mmf_closed(self->map)) return 1;
  raise_closed();
  return 0;
}

/* ---- construction ---------------------------------------------------- */

static PyObject* mmap_new(PyTypeObject* type, PyObject* args, PyObject* kwds) {
  static char* keywords[] = {"fileno", "length", "flags", "prot", "access", "offset", "trackfd", "tagname", NULL};
  int fd;
  Py_ssize_t length;
  int flags = MAP_SHARED;
  int prot = PROT_WRITE | PROT_READ;
  int access = MMF_ACCESS_DEFAULT;
  long long offset = 0;
  int trackfd = 1;
  PyObject* tagname = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "in|iiiL$pO:mmap", keywords, &fd, &length, &flags, &prot, &access,
                                   &offset, &trackfd, &tagname))
    return NULL;
  if (length < 0) {
    PyErr_SetString(PyExc_OverflowError, "memory mapped length must be positive");
    return NULL;
  }
  if (offset < 0) {
    PyErr_SetString(PyExc_OverflowError, "memory mapped offset must be positive");
    return NULL;
  }
  if (access != MMF_ACCESS_DEFAULT && (flags != MAP_SHARED || prot != (PROT_WRITE | PROT_READ))) {
    PyErr_SetString(PyExc_ValueError, "mmap can't specify both access and flags, prot.");
    return NULL;
  }
  if (tagname != Py_None && !PyUnicode_Check(tagname)) {
    PyErr_Format(PyExc_TypeError, "mmap() argument 'tagname' must be str or None, not %.200s",
                 Py_TYPE(tagname)->tp_name);
    return NULL;
  }
  mmf_options o = MMF_OPTIONS_INIT;
  switch (access) {
    case MMF_ACCESS_READ:
    case MMF_ACCESS_WRITE:
    case MMF_ACCESS_COPY:
      o.access = (mmf_access)access;
      break;
    case MMF_ACCESS_DEFAULT:
      /* CPython maps prot to an access; PROT_EXEC has no mmf equivalent. */
      if (prot & ~(PROT_READ | PROT_WRITE)) {
        PyErr_SetString(PyExc_ValueError, "mmf.mmap supports only PROT_READ and PROT_WRITE in prot");
        return NULL;
      }
      if ((prot & PROT_READ) && (prot & PROT_WRITE))
        o.access = MMF_ACCESS_DEFAULT;
      else if (prot & PROT_WRITE)
        o.access = MMF_ACCESS_WRITE;
      else
        o.access = MMF_ACCESS_READ;
      break;
    default:
      PyErr_SetString(PyExc_ValueError, "mmap invalid access parameter.");
      return NULL;
  }
  {
    /* Flags CPython passes to mmap(2): the sharing mode decides COPY; the
     * rest mmf either has (POPULATE) or Linux ignores (DENYWRITE,
     * EXECUTABLE); anything else would silently mean something mmf does
     * not do, so it is refused. */
    int known = MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_POPULATE
    known |= MAP_POPULATE;
    if (flags & MAP_POPULATE) o.flags |= MMF_OPEN_POPULATE;
#endif
#ifdef MAP_DENYWRITE
    known |= MAP_DENYWRITE;
#endif
#ifdef MAP_EXECUTABLE
    known |= MAP_EXECUTABLE;
#endif
    if (flags & ~known) {
      PyErr_Format(PyExc_ValueError, "mmf.mmap does not support the mmap flags 0x%x", (unsigned)(flags & ~known));
      return NULL;
    }
    if ((flags & MAP_PRIVATE) && o.access == MMF_ACCESS_DEFAULT) o.flags |= MMF_MAP_PRIVATE;
  }

  mmf_map* map = NULL;
  mmf_status st;
  if (tagname != Py_None) {
    if (fd != -1) {
      PyErr_SetString(PyExc_ValueError, "mmf.mmap: tagname names an anonymous shared map: fileno must be -1");
      return NULL;
    }
    const char* name = PyUnicode_AsUTF8(tagname);
    if (!name) return NULL;
    NOGIL(st = mmf_open_named(name, (uint64_t)length, &o, &map));
  } else if (fd == -1) {
    NOGIL(st = mmf_open_anonymous((uint64_t)length, &o, &map));
    if (st == MMF_ERR_INVALID_ARGUMENT) {
      /* length 0 (or offset): CPython's mmap(2) fails with EINVAL */
      PyObject* e = PyObject_CallFunction(PyExc_OSError, "is", EINVAL, mmf_last_error());
      if (e) {
        PyErr_SetObject((PyObject*)Py_TYPE(e), e);
        Py_DECREF(e);
      }
      return NULL;
    }
  } else if (fd < 0) {
    errno = EBADF;
    return PyErr_SetFromErrno(PyExc_OSError);
  } else {
    o.offset = (uint64_t)offset;
    o.length = (uint64_t)length;
    NOGIL(st = mmf_open_fd(fd, &o, &map));
    if (st == MMF_ERR_INVALID_ARGUMENT) {
      /* the options were checked above: what is left is the empty file */
      PyErr_Format(PyExc_ValueError, "cannot mmap an empty file (%s)", mmf_last_error());
      return NULL;
    }
    if (st == MMF_ERR_OUT_OF_RANGE) {
      PyErr_Format(PyExc_ValueError, "%s (%s)",
                   length == 0 ? "mmap offset is greater than file size" : "mmap length is greater than file size",
                   mmf_last_error());
      return NULL;
    }
  }
  if (st != MMF_OK) return raise_simple(st, NULL);

  MmapObject* self = (MmapObject*)type->tp_alloc(type, 0);
  if (!self) {
    mmf_free(map);
    return NULL;
  }
  self->map = map;
  self->offset = (unsigned long long)offset;
  self->trackfd = trackfd;
  self->weakreflist = NULL;
  mmf_access a = MMF_ACCESS_WRITE;
  if (mmf_access_of(map, &a) != MMF_OK) {
    Py_DECREF(self);
    return raise_simple(MMF_ERR_CLOSED, NULL);
  }
  self->access = a;
  self->req_access = o.access;
  return (PyObject*)self;
}

static void mmap_dealloc(MmapObject* self) {
  if (self->weakreflist) PyObject_ClearWeakRefs((PyObject*)self);
  if (self->map) {
    mmf_map* m = self->map;
    self->map = NULL;
    /* Unmapping waits for readers on other threads of other handles. */
    NOGIL(mmf_free(m));
  }
  Py_TYPE(self)->tp_free((PyObject*)self);
}

/* ---- methods ----------------------------------------------------------- */

static PyObject* mmap_close(MmapObject* self, PyObject* Py_UNUSED(ignored)) {
  mmf_status st;
  NOGIL(st = mmf_close(self->map));
  if (st != MMF_OK) return raise_status(st, NULL, NULL, NULL, "cannot close exported pointers exist");
  Py_RETURN_NONE;
}

static PyObject* mmap_closed_get(MmapObject* self, void* Py_UNUSED(closure)) {
  return PyBool_FromLong(mmf_closed(self->map));
}

static PyObject* mmap_enter(MmapObject* self, PyObject* Py_UNUSED(ignored)) {
  if (!check_open(self)) return NULL;
  Py_INCREF(self);
  return (PyObject*)self;
}

static PyObject* mmap_exit(MmapObject* self, PyObject* Py_UNUSED(args)) { return mmap_close(self, NULL); }

/* read(n=None): None or negative reads to the end. */
/* Arguments of the hot methods are parsed by hand (METH_FASTCALL): tuple
 * parsing would cost more than the library call behind them. */
static int too_many_args(const char* name, Py_ssize_t nargs, Py_ssize_t max) {
  if (nargs <= max) return 0;
  PyErr_Format(PyExc_TypeError, "%s expected at most %zd argument%s, got %zd", name, max, max == 1 ? "" : "s", nargs);
  return 1;
}

/* Small reads are sized by the request; only larger ones ask the library
 * how much remains, so that read(huge) allocates no more than the map has. */
#define SMALL_READ 4096

/* read(n=None): None or negative reads to the end. */
static PyObject* mmap_read(MmapObject* self, PyObject* const* args, Py_ssize_t nargs) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  if (too_many_args("read", nargs, 1)) return NULL;
  PyObject* arg = nargs ? args[0] : Py_None;
  Py_ssize_t n = -1;
  if (arg != Py_None) {
    if (!PyIndex_Check(arg)) {
      PyErr_Format(PyExc_TypeError, "argument should be integer or None, not '%.200s'", Py_TYPE(arg)->tp_name);
      return NULL;
    }
    n = PyNumber_AsSsize_t(arg, PyExc_OverflowError);
    if (n == -1 && PyErr_Occurred()) return NULL;
  }
  mmf_status st = MMF_OK;
  size_t cap = 0;
  if (n >= 0 && n <= SMALL_READ) {
    cap = (size_t)n;
  } else {
    uint64_t len = 0, pos = 0;
    st = mmf_length(self->map, &len);
    if (st == MMF_OK) st = mmf_tell(self->map, &pos);
    if (st != MMF_OK) return raise_simple(st, NULL);
    uint64_t remaining = pos < len ? len - pos : 0;
    cap = (n < 0 || (uint64_t)n > remaining) ? (size_t)remaining : (size_t)n;
    if (cap > (size_t)PY_SSIZE_T_MAX) cap = (size_t)PY_SSIZE_T_MAX;
  }
  PyObject* out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)cap);
  if (!out) return NULL;
  size_t got = 0;
  if (cap >= MMF_PY_GIL_THRESHOLD) {
    NOGIL(st = mmf_read(self->map, PyBytes_AS_STRING(out), cap, &got));
  } else {
    st = mmf_read(self->map, PyBytes_AS_STRING(out), cap, &got);
  }
  if (st != MMF_OK) {
    Py_DECREF(out);
    return raise_simple(st, NULL);
  }
  if (got != cap && _PyBytes_Resize(&out, (Py_ssize_t)got) < 0) return NULL;
  return out;
}

static PyObject* mmap_read_byte(MmapObject* self, PyObject* Py_UNUSED(ignored)) {
  uint8_t b = 0;
  mmf_status st = mmf_read_byte(self->map, &b);
  if (st != MMF_OK) return raise_simple(st, "read byte out of range");
  return PyLong_FromLong(b);
}

/* readline(size=-1): CPython's takes no argument; size (as io's readline)
 * stops after that many bytes, so a long line can be read in pieces. */
static PyObject* mmap_readline(MmapObject* self, PyObject* const* args, Py_ssize_t nargs) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  if (too_many_args("readline", nargs, 1)) return NULL;
  Py_ssize_t limit = -1;
  if (nargs) {
    limit = PyNumber_AsSsize_t(args[0], PyExc_OverflowError);
    if (limit == -1 && PyErr_Occurred()) return NULL;
  }
  size_t want = limit < 0 ? SIZE_MAX : (size_t)limit;
  char small[256];
  size_t got = 0;
  /* Short lines, the common case, take one call and no heap buffer. */
  size_t cap = want < sizeof small ? want : sizeof small;
  mmf_status st = mmf_readline(self->map, small, cap, &got);
  if (st != MMF_OK) return raise_simple(st, NULL);
  if (got < cap || got == want || small[got - 1] == '\n') return PyBytes_FromStringAndSize(small, (Py_ssize_t)got);
  /* A long line: the rest of it is at most what remains of the map. */
  uint64_t len = 0, pos = 0;
  st = mmf_length(self->map, &len);
  if (st == MMF_OK) st = mmf_tell(self->map, &pos);
  if (st != MMF_OK) return raise_simple(st, NULL);
  uint64_t rest = pos < len ? len - pos : 0;
  if (rest > want - got) rest = want - got;
  if (rest > (uint64_t)(PY_SSIZE_T_MAX - (Py_ssize_t)got)) rest = (uint64_t)(PY_SSIZE_T_MAX - (Py_ssize_t)got);
  PyObject* out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(got + rest));
  if (!out) return NULL;
  memcpy(PyBytes_AS_STRING(out), small, got);
  size_t more = 0;
  if (rest >= MMF_PY_GIL_THRESHOLD) {
    NOGIL(st = mmf_readline(self->map, PyBytes_AS_STRING(out) + got, (size_t)rest, &more));
  } else {
    st = mmf_readline(self->map, PyBytes_AS_STRING(out) + got, (size_t)rest, &more);
  }
  if (st != MMF_OK) {
    Py_DECREF(out);
    return raise_simple(st, NULL);
  }
  if (more != rest && _PyBytes_Resize(&out, (Py_ssize_t)(got + more)) < 0) return NULL;
  return out;
}

static PyObject* mmap_write(MmapObject* self, PyObject* args) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  Py_buffer data;
  if (!PyArg_ParseTuple(args, "y*:write", &data)) return NULL;
  if (!check_open(self) || !is_writable(self)) {
    PyBuffer_Release(&data);
    return NULL;
  }
  mmf_status st;
  if (data.len >= MMF_PY_GIL_THRESHOLD) {
    NOGIL(st = mmf_write(self->map, data.buf, (size_t)data.len));
  } else {
    st = mmf_write(self->map, data.buf, (size_t)data.len);
  }
  Py_ssize_t n = data.len;
  PyBuffer_Release(&data);
  if (st != MMF_OK) return raise_simple(st, "data out of range");
  return PyLong_FromSsize_t(n);
}

static PyObject* mmap_write_byte(MmapObject* self, PyObject* args) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  unsigned char b;
  if (!PyArg_ParseTuple(args, "b:write_byte", &b)) return NULL;
  if (!check_open(self) || !is_writable(self)) return NULL;
  mmf_status st = mmf_write_byte(self->map, b);
  if (st != MMF_OK) return raise_simple(st, "write byte out of range");
  Py_RETURN_NONE;
}

static PyObject* mmap_seek(MmapObject* self, PyObject* args) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  Py_ssize_t dist;
  int how = 0;
  if (!PyArg_ParseTuple(args, "n|i:seek", &dist, &how)) return NULL;
  if (!check_open(self)) return NULL;
  if (how < 0 || how > 2) {
    PyErr_SetString(PyExc_ValueError, "unknown seek type");
    return NULL;
  }
  uint64_t pos = 0;
  mmf_status st = mmf_seek(self->map, (int64_t)dist, how, &pos);
  if (st != MMF_OK) return raise_simple(st, "seek out of range");
  return PyLong_FromUnsignedLongLong(pos);
}

static PyObject* mmap_seekable(MmapObject* self, PyObject* Py_UNUSED(ignored)) {
  (void)self;
  Py_RETURN_TRUE;
}

static PyObject* mmap_tell(MmapObject* self, PyObject* Py_UNUSED(ignored)) {
  uint64_t pos = 0;
  mmf_status st = mmf_tell(self->map, &pos);
  if (st != MMF_OK) return raise_simple(st, NULL);
  return PyLong_FromUnsignedLongLong(pos);
}

static PyObject* mmap_size(MmapObject* self, PyObject* Py_UNUSED(ignored)) {
  if (!check_open(self)) return NULL;
  if (!self->trackfd) {
    /* CPython keeps no descriptor then, so fstat fails */
    errno = EBADF;
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  uint64_t n = 0;
  mmf_status st = mmf_size(self->map, &n);
  if (st != MMF_OK) return raise_simple(st, NULL);
  return PyLong_FromUnsignedLongLong(n);
}

static PyObject* find_impl(MmapObject* self, PyObject* args, int reverse) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  Py_buffer sub;
  Py_ssize_t start = PY_SSIZE_T_MIN, end = PY_SSIZE_T_MIN;
  int have_start = 0, have_end = 0;
  Py_ssize_t nargs = PyTuple_GET_SIZE(args);
  if (!PyArg_ParseTuple(args, reverse ? "y*|nn:rfind" : "y*|nn:find", &sub, &start, &end)) return NULL;
  have_start = nargs > 1;
  have_end = nargs > 2;
  /* INT64_MIN is the library's "omitted"; as an explicit value it means
   * "before the start", which INT64_MIN + 1 clamps to just the same. */
  int64_t s = have_start ? (start == PY_SSIZE_T_MIN ? INT64_MIN + 1 : (int64_t)start) : MMF_POS_DEFAULT;
  int64_t e = have_end ? (end == PY_SSIZE_T_MIN ? INT64_MIN + 1 : (int64_t)end) : MMF_POS_DEFAULT;
  uint64_t len = 0;
  mmf_status st = mmf_length(self->map, &len);
  int64_t found = -1;
  if (st == MMF_OK) {
    if (len >= MMF_PY_GIL_THRESHOLD) {
      NOGIL(st = reverse ? mmf_rfind(self->map, sub.buf, (size_t)sub.len, s, e, &found)
                         : mmf_find(self->map, sub.buf, (size_t)sub.len, s, e, &found));
    } else {
      st = reverse ? mmf_rfind(self->map, sub.buf, (size_t)sub.len, s, e, &found)
                   : mmf_find(self->map, sub.buf, (size_t)sub.len, s, e, &found);
    }
  }
  PyBuffer_Release(&sub);
  if (st != MMF_OK) return raise_simple(st, NULL);
  return PyLong_FromLongLong(found);
}

static PyObject* mmap_find(MmapObject* self, PyObject* args) { return find_impl(self, args, 0); }
static PyObject* mmap_rfind(MmapObject* self, PyObject* args) { return find_impl(self, args, 1); }

static PyObject* mmap_move(MmapObject* self, PyObject* args) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  Py_ssize_t dest, src, cnt;
  if (!PyArg_ParseTuple(args, "nnn:move", &dest, &src, &cnt)) return NULL;
  if (!check_open(self) || !is_writable(self)) return NULL;
  if (dest < 0 || src < 0 || cnt < 0) {
    PyErr_SetString(PyExc_ValueError, "source, destination, or count out of range");
    return NULL;
  }
  mmf_status st;
  if (cnt >= MMF_PY_GIL_THRESHOLD) {
    NOGIL(st = mmf_move(self->map, (uint64_t)dest, (uint64_t)src, (uint64_t)cnt));
  } else {
    st = mmf_move(self->map, (uint64_t)dest, (uint64_t)src, (uint64_t)cnt);
  }
  if (st != MMF_OK) return raise_simple(st, "source, destination, or count out of range");
  Py_RETURN_NONE;
}

static PyObject* mmap_flush(MmapObject* self, PyObject* args) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  Py_ssize_t offset = 0, size = -1;
  int have_size;
  if (!PyArg_ParseTuple(args, "|nn:flush", &offset, &size)) return NULL;
  have_size = PyTuple_GET_SIZE(args) > 1;
  Py_ssize_t len = map_length(self);
  if (len < 0) return NULL;
  if (!have_size) size = len - offset;
  if (size < 0 || offset < 0 || len - offset < size) {
    PyErr_SetString(PyExc_ValueError, "flush values out of range");
    return NULL;
  }
  /* mmf's size 0 means "to the end": flushing more than asked is harmless,
   * and an empty range has nothing to flush. */
  if (size == 0) Py_RETURN_NONE;
  mmf_status st;
  NOGIL(st = mmf_flush(self->map, (uint64_t)offset, (uint64_t)size, MMF_FLUSH_SYNC));
  if (st != MMF_OK) return raise_simple(st, "flush values out of range");
  Py_RETURN_NONE;
}

static PyObject* mmap_resize(MmapObject* self, PyObject* args) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  Py_ssize_t new_size;
  if (!PyArg_ParseTuple(args, "n:resize", &new_size)) return NULL;
  /* READ and COPY maps: mmf refuses them (BufferError first while
   * exported, as CPython). */
  if (!self->trackfd && self->access != MMF_ACCESS_READ && self->access != MMF_ACCESS_COPY) {
    PyErr_SetString(PyExc_ValueError, "mmap can't resize with trackfd=False.");
    return NULL;
  }
  int fixed = self->access == MMF_ACCESS_READ || self->access == MMF_ACCESS_COPY;
  if (fixed && new_size < 0) new_size = 0; /* mmf refuses the map before it looks at the size */
  if (new_size < 0 || (unsigned long long)(PY_SSIZE_T_MAX - new_size) < self->offset) {
    PyErr_SetString(PyExc_ValueError, "new size out of range");
    return NULL;
  }
  mmf_status st;
  NOGIL(st = mmf_resize(self->map, (uint64_t)new_size));
  if (st != MMF_OK)
    return raise_status(st, PyExc_ValueError, "new size out of range",
                        "mmap can't resize a readonly or copy-on-write memory map.",
                        "mmap can't resize with extant buffers exported.");
  Py_RETURN_NONE;
}

/* The MADV_* values this module exports, as mmf's portable advice. */
static int advice_of(int option) {
  switch (option) {
    case MADV_NORMAL:
      return MMF_ADVICE_NORMAL;
    case MADV_RANDOM:
      return MMF_ADVICE_RANDOM;
    case MADV_SEQUENTIAL:
      return MMF_ADVICE_SEQUENTIAL;
    case MADV_WILLNEED:
      return MMF_ADVICE_WILLNEED;
    case MADV_DONTNEED:
      return MMF_ADVICE_DONTNEED;
    default:
      return -1;
  }
}

static PyObject* mmap_madvise(MmapObject* self, PyObject* args) {
  /* CPython checks this before parsing the arguments */
  if (!check_open(self)) return NULL;
  int option;
  Py_ssize_t start = 0, length = 0;
  if (!PyArg_ParseTuple(args, "i|nn:madvise", &option, &start, &length)) return NULL;
  int have_length = PyTuple_GET_SIZE(args) > 2;
  Py_ssize_t len = map_length(self);
  if (len < 0) return NULL;
  if (start < 0 || start >= len) {
    PyErr_SetString(PyExc_ValueError, "madvise start out of bounds");
    return NULL;
  }
  if (!have_length) length = len - start;
  if (length < 0) {
    PyErr_SetString(PyExc_ValueError, "madvise length invalid");
    return NULL;
  }
  if (PY_SSIZE_T_MAX - start < length) {
    PyErr_SetString(PyExc_OverflowError, "madvise length too large");
    return NULL;
  }
  int advice = advice_of(option);
  if (advice < 0) {
    /* what madvise(2) says to an advice it does not know */
    PyObject* e = PyObject_CallFunction(PyExc_OSError, "is", EINVAL, "mmf.mmap.madvise: unknown option");
    if (e) {
      PyErr_SetObject((PyObject*)Py_TYPE(e), e);
      Py_DECREF(e);
    }
    return NULL;
  }
  /* An empty range is a no-op for madvise(2); mmf's length 0 would mean
   * "to the end", which for MADV_DONTNEED discards data. */
  if (length == 0) Py_RETURN_NONE;
  mmf_status st;
  NOGIL(st = mmf_madvise(self->map, advice, (uint64_t)start, (uint64_t)length));
  if (st != MMF_OK) return raise_simple(st, "madvise start out of bounds");
  Py_RETURN_NONE;
}

static PyObject* mmap_repr(MmapObject* self) {
  const char* name = Py_TYPE(self)->tp_name;
  if (mmf_closed(self->map)) return PyUnicode_FromFormat("<%s closed=True>", name);
  static const char* const access_names[] = {"ACCESS_DEFAULT", "ACCESS_READ", "ACCESS_WRITE", "ACCESS_COPY"};
  uint64_t len = 0, pos = 0;
  mmf_status st = mmf_length(self->map, &len);
  if (st == MMF_OK) st = mmf_tell(self->map, &pos);
  if (st != MMF_OK) return PyUnicode_FromFormat("<%s closed=True>", name);
  return PyUnicode_FromFormat("<%s closed=False, access=%s, length=%llu, pos=%llu, offset=%llu>", name,
                              access_names[self->req_access & 3], (unsigned long long)len, (unsigned long long)pos,
                              self->offset);
}

static PyObject* mmap_reduce(MmapObject* self, PyObject* Py_UNUSED(args)) {
  PyErr_Format(PyExc_TypeError, "cannot pickle '%.200s' object", Py_TYPE(self)->tp_name);
  return NULL;
}

/* ---- sequence and mapping --------------------------------------------- */

static Py_ssize_t mmap_length(MmapObject* self) { return map_length(self); }

/* sq_item: what iteration and `in` use; a one-byte bytes, as in CPython. */
static PyObject* mmap_item(MmapObject* self, Py_ssize_t i) {
  uint64_t len = 0;
  mmf_status st = mmf_length(self->map, &len);
  if (st != MMF_OK) return raise_simple(st, NULL);
  if (i < 0 || (uint64_t)i >= len) {
    PyErr_SetString(PyExc_IndexError, "mmap index out of range");
    return NULL;
  }
  char b;
  size_t n = 0;
  st = mmf_read_at(self->map, (uint64_t)i, &b, 1, &n);
  if (st == MMF_OK && n != 1) st = MMF_ERR_OUT_OF_RANGE; /* shrunk by another thread */
  if (st != MMF_OK) return raise_status(st, PyExc_IndexError, "mmap index out of range", NULL, NULL);
  return PyBytes_FromStringAndSize(&b, 1);
}

/* Reads [lo, hi) into dst, which holds hi - lo bytes. */
static int read_range(MmapObject* self, Py_ssize_t lo, Py_ssize_t hi, char* dst) {
  size_t want = (size_t)(hi - lo), got = 0;
  mmf_status st;
  if (want >= MMF_PY_GIL_THRESHOLD) {
    NOGIL(st = mmf_read_at(self->map, (uint64_t)lo, dst, want, &got));
  } else {
    st = mmf_read_at(self->map, (uint64_t)lo, dst, want, &got);
  }
  if (st == MMF_OK && got != want) st = MMF_ERR_OUT_OF_RANGE; /* shrunk by another thread */
  if (st != MMF_OK) {
    raise_status(st, PyExc_IndexError, "mmap slice out of range", NULL, NULL);
    return -1;
  }
  return 0;
}

static PyObject* mmap_subscript(MmapObject* self, PyObject* item) {
  /* CPython checks this before it converts the index */
  if (!check_open(self)) return NULL;
  if (PyIndex_Check(item)) {
    Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) return NULL;
    mmf_status st;
    if (i < 0) {
      uint64_t len = 0;
      st = mmf_length(self->map, &len);
      if (st != MMF_OK) return raise_simple(st, NULL);
      i += (Py_ssize_t)len;
      if (i < 0) {
        PyErr_SetString(PyExc_IndexError, "mmap index out of range");
        return NULL;
      }
    }
    /* The library checks the index: at or past the end it reads nothing
     * (pos == length) or refuses (pos > length). */
    unsigned char b;
    size_t n = 0;
    st = mmf_read_at(self->map, (uint64_t)i, &b, 1, &n);
    if (st == MMF_OK && n != 1) st = MMF_ERR_OUT_OF_RANGE;
    if (st != MMF_OK) return raise_status(st, PyExc_IndexError, "mmap index out of range", NULL, NULL);
    return PyLong_FromLong(b);
  }
  if (!PySlice_Check(item)) {
    PyErr_SetString(PyExc_TypeError, "mmap indices must be integers");
    return NULL;
  }
  Py_ssize_t start, stop, step;
  if (PySlice_Unpack(item, &start, &stop, &step) < 0) return NULL;
  if (step == 1 && start >= 0 && stop >= start && stop - start <= SMALL_READ) {
    /* A short forward slice needs no length: the library clamps it. */
    PyObject* out = PyBytes_FromStringAndSize(NULL, stop - start);
    if (!out) return NULL;
    size_t got = 0;
    mmf_status st = mmf_read_at(self->map, (uint64_t)start, PyBytes_AS_STRING(out), (size_t)(stop - start), &got);
    if (st == MMF_ERR_OUT_OF_RANGE) { /* start past the end: a Python slice is empty there */
      st = MMF_OK;
      got = 0;
    }
    if (st != MMF_OK) {
      Py_DECREF(out);
      return raise_status(st, PyExc_IndexError, "mmap slice out of range", NULL, NULL);
    }
    if (got != (size_t)(stop - start) && _PyBytes_Resize(&out, (Py_ssize_t)got) < 0) return NULL;
    return out;
  }
  Py_ssize_t len = map_length(self);
  if (len < 0) return NULL;
  Py_ssize_t n = PySlice_AdjustIndices(len, &start, &stop, step);
  if (n <= 0) return PyBytes_FromStringAndSize("", 0);
  PyObject* out = PyBytes_FromStringAndSize(NULL, n);
  if (!out) return NULL;
  char* dst = PyBytes_AS_STRING(out);
  if (step == 1) {
    if (read_range(self, start, start + n, dst) < 0) {
      Py_DECREF(out);
      return NULL;
    }
    return out;
  }
  Py_ssize_t lo = step > 0 ? start : start + (n - 1) * step;
  Py_ssize_t span = (n - 1) * (step > 0 ? step : -step) + 1;
  if (span / 4 <= n) {
    /* dense: one read of the covering range, then pick */
    char* tmp = PyMem_Malloc((size_t)span);
    if (!tmp) {
      Py_DECREF(out);
      return PyErr_NoMemory();
    }
    if (read_range(self, lo, lo + span, tmp) < 0) {
      PyMem_Free(tmp);
      Py_DECREF(out);
      return NULL;
    }
    for (Py_ssize_t k = 0, p = start - lo; k < n; k++, p += step) dst[k] = tmp[p];
    PyMem_Free(tmp);
    return out;
  }
  /* sparse: byte by byte, never a buffer as large as the span */
  for (Py_ssize_t k = 0, p = start; k < n; k++, p += step) {
    if (read_range(self, p, p + 1, dst + k) < 0) {
      Py_DECREF(out);
      return NULL;
    }
  }
  return out;
}

static int write_range(MmapObject* self, Py_ssize_t pos, const void* src, Py_ssize_t n) {
  mmf_status st;
  if (n >= MMF_PY_GIL_THRESHOLD) {
    NOGIL(st = mmf_write_at(self->map, (uint64_t)pos, src, (size_t)n));
  } else {
    st = mmf_write_at(self->map, (uint64_t)pos, src, (size_t)n);
  }
  if (st != MMF_OK) {
    raise_status(st, PyExc_IndexError, "mmap slice out of range", NULL, NULL);
    return -1;
  }
  return 0;
}

static int mmap_ass_subscript(MmapObject* self, PyObject* item, PyObject* value) {
  /* CPython refuses a read-only map before it looks at the index or value */
  if (!check_open(self) || !is_writable(self)) return -1;
  if (PyIndex_Check(item)) {
    Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) return -1;
    Py_ssize_t len = map_length(self);
    if (len < 0) return -1;
    if (i < 0) i += len;
    if (i < 0 || i >= len) {
      PyErr_SetString(PyExc_IndexError, "mmap index out of range");
      return -1;
    }
    if (value == NULL) {
      PyErr_SetString(PyExc_TypeError, "mmap doesn't support item deletion");
      return -1;
    }
    if (!PyIndex_Check(value)) {
      PyErr_SetString(PyExc_TypeError, "mmap item value must be an int");
      return -1;
    }
    Py_ssize_t v = PyNumber_AsSsize_t(value, PyExc_TypeError);
    if (v == -1 && PyErr_Occurred()) return -1;
    if (v < 0 || v > 255) {
      PyErr_SetString(PyExc_ValueError, "mmap item value must be in range(0, 256)");
      return -1;
    }
    unsigned char b = (unsigned char)v;
    return write_range(self, i, &b, 1);
  }
  if (!PySlice_Check(item)) {
    PyErr_SetString(PyExc_TypeError, "mmap indices must be integer");
    return -1;
  }
  Py_ssize_t start, stop, step;
  if (PySlice_Unpack(item, &start, &stop, &step) < 0) return -1;
  Py_ssize_t len = map_length(self);
  if (len < 0) return -1;
  Py_ssize_t n = PySlice_AdjustIndices(len, &start, &stop, step);
  if (value == NULL) {
    PyErr_SetString(PyExc_TypeError, "mmap object doesn't support slice deletion");
    return -1;
  }
  Py_buffer buf;
  if (PyObject_GetBuffer(value, &buf, PyBUF_SIMPLE) < 0) return -1;
  int rc = 0;
  if (buf.len != n) {
    PyErr_SetString(PyExc_IndexError, "mmap slice assignment is wrong size");
    rc = -1;
  } else if (n == 0) {
    rc = 0;
  } else if (step == 1) {
    rc = write_range(self, start, buf.buf, n);
  } else {
    const unsigned char* src = buf.buf;
    for (Py_ssize_t k = 0, p = start; k < n && rc == 0; k++, p += step) rc = write_range(self, p, src + k, 1);
  }
  PyBuffer_Release(&buf);
  return rc;
}

/* ---- buffer protocol ---------------------------------------------------- */

static int mmap_getbuffer(MmapObject* self, Py_buffer* view, int flags) {
  void* data = NULL;
  uint64_t len = 0;
  mmf_status st = mmf_buffer_acquire(self->map, &data, &len);
  if (st != MMF_OK) {
    raise_simple(st, NULL);
    return -1;
  }
  static char empty[1];
  if (PyBuffer_FillInfo(view, (PyObject*)self, data ? data : empty, (Py_ssize_t)len, self->access == MMF_ACCESS_READ,
                        flags) < 0) {
    mmf_buffer_release(self->map);
    return -1;
  }
  return 0;
}

static void mmap_releasebuffer(MmapObject* self, Py_buffer* Py_UNUSED(view)) { mmf_buffer_release(self->map); }

/* ---- type --------------------------------------------------------------- */

static PyMethodDef mmap_methods[] = {
    {"close", (PyCFunction)mmap_close, METH_NOARGS,
     "close($self, /)\n--\n\nClose the map. Idempotent. BufferError while a memoryview of it exists."},
    {"find", (PyCFunction)mmap_find, METH_VARARGS,
     "find(sub[, start[, end]]) -> int\n\nLowest index of sub in [start, end) (start defaults to the "
     "position), or -1."},
    {"rfind", (PyCFunction)mmap_rfind, METH_VARARGS,
     "rfind(sub[, start[, end]]) -> int\n\nHighest index of sub in [start, end), or -1."},
    {"flush", (PyCFunction)mmap_flush, METH_VARARGS,
     "flush([offset[, size]])\n\nWrite changes back to the file and wait for the disk. ValueError for a "
     "range outside the map."},
    {"madvise", (PyCFunction)mmap_madvise, METH_VARARGS,
     "madvise(option[, start[, length]])\n\nAdvise the OS about the use of a range (MADV_* constants)."},
    {"move", (PyCFunction)mmap_move, METH_VARARGS,
     "move($self, dest, src, count, /)\n--\n\nCopy count bytes from src to dest (overlap allowed). ValueError if a "
     "range "
     "leaves the map; TypeError on a read-only map."},
    {"read", (PyCFunction)(void (*)(void))mmap_read, METH_FASTCALL,
     "read([n])\n\nRead up to n bytes (all that remains if n is None or negative) at the position."},
    {"read_byte", (PyCFunction)mmap_read_byte, METH_NOARGS,
     "read_byte($self, /)\n--\n\nRead the byte at the position. ValueError at the end."},
    {"readline", (PyCFunction)(void (*)(void))mmap_readline, METH_FASTCALL,
     "readline([size])\n\nRead up to and including the next newline (at most size bytes if size >= 0)."},
    {"resize", (PyCFunction)mmap_resize, METH_VARARGS,
     "resize($self, newsize, /)\n--\n\nResize the map and its file. TypeError on READ/COPY maps, BufferError while "
     "exported."},
    {"seek", (PyCFunction)mmap_seek, METH_VARARGS,
     "seek(pos[, whence]) -> int\n\nMove the position; returns it. ValueError outside [0, len]."},
    {"seekable", (PyCFunction)mmap_seekable, METH_NOARGS, "seekable($self, /)\n--\n\nAlways True."},
    {"size", (PyCFunction)mmap_size, METH_NOARGS,
     "size($self, /)\n--\n\nThe size of the file (of an anonymous map: "
     "its length)."},
    {"tell", (PyCFunction)mmap_tell, METH_NOARGS, "tell($self, /)\n--\n\nThe position."},
    {"write", (PyCFunction)mmap_write, METH_VARARGS,
     "write($self, bytes, /)\n--\n\nWrite at the position, all or nothing. ValueError past the end."},
    {"write_byte", (PyCFunction)mmap_write_byte, METH_VARARGS,
     "write_byte($self, byte, /)\n--\n\nWrite one byte at the position. ValueError at the end."},
    {"__enter__", (PyCFunction)mmap_enter, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)mmap_exit, METH_VARARGS, NULL},
    {"__reduce__", (PyCFunction)mmap_reduce, METH_NOARGS, NULL},
    {"__reduce_ex__", (PyCFunction)mmap_reduce, METH_O, NULL},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef mmap_getset[] = {{"closed", (getter)mmap_closed_get, NULL, "True once the map is closed.", NULL},
                                    {NULL, NULL, NULL, NULL, NULL}};

static PySequenceMethods mmap_as_sequence = {
    .sq_length = (lenfunc)mmap_length,
    .sq_item = (ssizeargfunc)mmap_item,
};

static PyMappingMethods mmap_as_mapping = {
    .mp_length = (lenfunc)mmap_length,
    .mp_subscript = (binaryfunc)mmap_subscript,
    .mp_ass_subscript = (objobjargproc)mmap_ass_subscript,
};

static PyBufferProcs mmap_as_buffer = {
    .bf_getbuffer = (getbufferproc)mmap_getbuffer,
    .bf_releasebuffer = (releasebufferproc)mmap_releasebuffer,
};

PyDoc_STRVAR(mmap_doc,
             "mmap(fileno, length[, flags[, prot[, access[, offset]]]], *, trackfd=True, tagname=None)\n\n"
             "A memory-mapped file (fileno -1: anonymous memory, or with tagname a named shared map), with the\n"
             "interface of the standard mmap.mmap, on libmmf.");

static PyTypeObject MmapType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mmf.mmap",
    .tp_basicsize = sizeof(MmapObject),
    .tp_dealloc = (destructor)mmap_dealloc,
    .tp_repr = (reprfunc)mmap_repr,
    .tp_as_sequence = &mmap_as_sequence,
    .tp_as_mapping = &mmap_as_mapping,
    .tp_as_buffer = &mmap_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = mmap_doc,
    .tp_weaklistoffset = offsetof(MmapObject, weakreflist),
    .tp_methods = mmap_methods,
    .tp_getset = mmap_getset,
    .tp_new = mmap_new,
};

/* ---- module ------------------------------------------------------------- */

static PyObject* mod_unlink_named(PyObject* Py_UNUSED(module), PyObject* args) {
  const char* name;
  if (!PyArg_ParseTuple(args, "s:unlink_named", &name)) return NULL;
  mmf_status st = mmf_unlink_named(name);
  if (st != MMF_OK) return raise_simple(st, NULL);
  Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"unlink_named", mod_unlink_named, METH_VARARGS,
     "unlink_named($module, tagname, /)\n--\n\nRemove the name of a named shared map (see mmf_open_named in mmf.h). A "
     "name "
     "that does not exist is not an error; ValueError for a name that breaks the rules."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef mmf_module = {PyModuleDef_HEAD_INIT,
                                        "mmf._mmf",
                                        "The extension module behind the mmf package.",
                                        -1,
                                        module_methods,
                                        NULL,
                                        NULL,
                                        NULL,
                                        NULL};

static int add_int(PyObject* m, const char* name, long v) { return PyModule_AddIntConstant(m, name, v); }

/* CPython before 3.9 does not mark PyMODINIT_FUNC visible, and the module
 * is built with hidden visibility. */
__attribute__((visibility("default"))) PyMODINIT_FUNC PyInit__mmf(void) {
  if (PyType_Ready(&MmapType) < 0) return NULL;
  PyObject* m = PyModule_Create(&mmf_module);
  if (!m) return NULL;
  PyObject* io = PyImport_ImportModule("io");
  if (!io) goto fail;
  unsupported_error = PyObject_GetAttrString(io, "UnsupportedOperation");
  Py_DECREF(io);
  if (!unsupported_error) goto fail;
  fault_error = PyErr_NewExceptionWithDoc(
      "mmf.FaultError",
      "The mapped pages vanished (the file was truncated under the map). An OSError (errno EFAULT); the map "
      "keeps raising it until resize() or close().",
      PyExc_OSError, NULL);
  if (!fault_error) goto fail;
  Py_INCREF(fault_error);
  if (PyModule_AddObject(m, "FaultError", fault_error) < 0) goto fail;
  Py_INCREF(&MmapType);
  if (PyModule_AddObject(m, "mmap", (PyObject*)&MmapType) < 0) goto fail;
  Py_INCREF(PyExc_OSError);
  if (PyModule_AddObject(m, "error", PyExc_OSError) < 0) goto fail;
  if (add_int(m, "PAGESIZE", (long)mmf_page_size()) < 0 ||
      add_int(m, "ALLOCATIONGRANULARITY", (long)mmf_allocation_granularity()) < 0 ||
      add_int(m, "ACCESS_DEFAULT", MMF_ACCESS_DEFAULT) < 0 || add_int(m, "ACCESS_READ", MMF_ACCESS_READ) < 0 ||
      add_int(m, "ACCESS_WRITE", MMF_ACCESS_WRITE) < 0 || add_int(m, "ACCESS_COPY", MMF_ACCESS_COPY) < 0 ||
      add_int(m, "PROT_READ", PROT_READ) < 0 || add_int(m, "PROT_WRITE", PROT_WRITE) < 0 ||
      add_int(m, "MAP_SHARED", MAP_SHARED) < 0 || add_int(m, "MAP_PRIVATE", MAP_PRIVATE) < 0 ||
      add_int(m, "MAP_ANON", MAP_ANONYMOUS) < 0 || add_int(m, "MAP_ANONYMOUS", MAP_ANONYMOUS) < 0 ||
      add_int(m, "MADV_NORMAL", MADV_NORMAL) < 0 || add_int(m, "MADV_RANDOM", MADV_RANDOM) < 0 ||
      add_int(m, "MADV_SEQUENTIAL", MADV_SEQUENTIAL) < 0 || add_int(m, "MADV_WILLNEED", MADV_WILLNEED) < 0 ||
      add_int(m, "MADV_DONTNEED", MADV_DONTNEED) < 0)
    goto fail;
#ifdef MAP_POPULATE
  if (add_int(m, "MAP_POPULATE", MAP_POPULATE) < 0) goto fail;
#endif
#ifdef MAP_DENYWRITE
  if (add_int(m, "MAP_DENYWRITE", MAP_DENYWRITE) < 0) goto fail;
#endif
#ifdef MAP_EXECUTABLE
  if (add_int(m, "MAP_EXECUTABLE", MAP_EXECUTABLE) < 0) goto fail;
#endif
  if (PyModule_AddStringConstant(m, "__libmmf_version__", mmf_version()) < 0) goto fail;
  return m;
fail:
  Py_DECREF(m);
  return NULL;
}
