/*
 * mmf.i - the SWIG interface shared by the Java, C# and Go bindings.
 *
 * Not a %module on its own: each language's file (java.i, csharp.i, go.i)
 * declares its %module, defines the typemaps listed below, then does
 * %include "mmf.i". Only the public C ABI (mmf.h) is used.
 *
 * Shape: the opaque handle mmf_map becomes a class (rename it in the
 * language file); every fallible call is a method whose LAST parameter is
 * `mmf_swig_error *err`. The method body stores the status and a copy of
 * mmf_last_error() in *err before it returns, inside the same native call,
 * so the thread-local message can never be lost to a thread switch (Go moves
 * goroutines between threads between cgo calls) or overwritten by another
 * mmf call. What a language does with *err is its own typemap:
 *
 *   Java, C#  %typemap(in, numinputs=0) mmf_swig_error *err  points it at a
 *             local; a typemap that runs after the call (Java: freearg)
 *             raises the language's exception when err->status != 0.
 *   Go        leaves the parameter visible (or maps it to a Go struct
 *             pointer): the Go layer passes a *SwigError and turns a non-zero
 *             status into an `error` value, never a panic.
 *
 * Typemap patterns the language file must provide:
 *
 *   (const char *MMF_BYTES, size_t MMF_BYTES_LEN)   read-only bytes (a
 *        byte[] / []byte); the C side reads them during the call only.
 *   (char *MMF_ARR, size_t MMF_ARR_LEN)             a byte array the call
 *        reads or writes in place (Java pins it); the method takes
 *        (array, int64_t off, int64_t len) and checks off/len against the
 *        array's length, so a bad slice is MMF_ERR_OUT_OF_RANGE, never a
 *        wild pointer.
 *
 * 64-bit values: every position, length and count is int64_t or uint64_t
 * exactly as in mmf.h. Java has no unsigned types and applies its long
 * typemaps to uint64_t (java.i), so a negative Java long reaches the C
 * library as the unsigned value with the same bits, which the library
 * rejects as out of range: the same rule as the conformance vectors.
 * Do not build with -DSWIGWORDSIZE64: nothing here depends on `long`.
 */

%{
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmf.h"

/* The result of a call that failed: the status and the calling thread's
 * mmf_last_error(), copied before the native call returns. */
#define MMF_SWIG_MESSAGE_MAX 4352
typedef struct mmf_swig_error {
  int status;
  int os_error; /* mmf_last_os_error(): errno behind an IO failure, else 0 */
  int kind;     /* mmf_last_error_kind(): the portable kind of os_error */
  char message[MMF_SWIG_MESSAGE_MAX];
} mmf_swig_error;

/* The address and length of an acquired buffer (mmf_buffer_acquire). */
typedef struct mmf_swig_buffer {
  uint64_t address;
  uint64_t length;
} mmf_swig_buffer;

/* Records s (if it is a failure) with the library's thread-local message.
 * Returns 1 when s is a failure. err may be NULL (the failure is then
 * dropped, which only a careless Go caller could do). */
static int mmf_swig_fail(mmf_swig_error* err, mmf_status s) {
  if (s == MMF_OK) return 0;
  if (err) {
    const char* msg = mmf_last_error();
    size_t n = strlen(msg);
    if (n >= sizeof err->message) n = sizeof err->message - 1;
    memcpy(err->message, msg, n);
    err->message[n] = '\0';
    err->status = (int)s;
    err->os_error = mmf_last_os_error();
    err->kind = (int)mmf_last_error_kind();
  }
  return 1;
}

/* A failure found by the binding itself (bad array slice, byte out of range). */
static void mmf_swig_failf(mmf_swig_error* err, mmf_status s, const char* fmt, ...) {
  va_list ap;
  if (!err) return;
  err->status = (int)s;
  err->os_error = 0;
  err->kind = (int)MMF_KIND_NONE;
  va_start(ap, fmt);
  (void)vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

/* Checks that [off, off+len) lies inside an array of n bytes. */
static int mmf_swig_slice_ok(mmf_swig_error* err, const char* call, size_t n, int64_t off, int64_t len) {
  if (off < 0 || len < 0 || (uint64_t)off > n || (uint64_t)len > n - (size_t)off) {
    mmf_swig_failf(err, MMF_ERR_OUT_OF_RANGE, "%s(off=%lld, len=%lld): slice outside an array of %llu bytes", call,
                   (long long)off, (long long)len, (unsigned long long)n);
    return 0;
  }
  return 1;
}

/* A NUL-terminated copy of a path or name (`what`) given as bytes; NULL (with
 * *err set) for an embedded NUL or no memory. The caller frees it. */
static char* mmf_swig_cstr(mmf_swig_error* err, const char* call, const char* what, const char* p, size_t n) {
  char* s;
  if (n > 0 && memchr(p, '\0', n)) {
    mmf_swig_failf(err, MMF_ERR_INVALID_ARGUMENT, "%s: the %s contains a NUL byte", call, what);
    return NULL;
  }
  s = (char*)malloc(n + 1);
  if (!s) {
    mmf_swig_failf(err, MMF_ERR_NO_MEMORY, "%s: no memory for a %s of %llu bytes", call, what,
                   (unsigned long long)n);
    return NULL;
  }
  if (n > 0) memcpy(s, p, n);
  s[n] = '\0';
  return s;
}

static void mmf_swig_options(mmf_options* o, int access, uint64_t offset, uint64_t length, uint32_t flags) {
  mmf_options_init(o);
  o->access = (mmf_access)access;
  o->offset = offset;
  o->length = length;
  o->flags = flags;
}
%}

%include <stdint.i>

/* The error record: visible to languages that pass it themselves (Go). */
%immutable;
typedef struct mmf_swig_error {
  int status;
  int os_error;
  int kind;
  char message[4352];
} mmf_swig_error;
typedef struct mmf_swig_buffer {
  uint64_t address;
  uint64_t length;
} mmf_swig_buffer;
%mutable;

/* Constants of mmf.h, under their C names, with the values the C compiler
 * reads from mmf.h when it builds the wrapper: nothing is restated here (a
 * language that has its own enums defines MMF_SWIG_NO_CONSTANTS before the
 * %include). */
#ifndef MMF_SWIG_NO_CONSTANTS
%constant int MMF_OK = MMF_OK;
%constant int MMF_ERR_INVALID_ARGUMENT = MMF_ERR_INVALID_ARGUMENT;
%constant int MMF_ERR_CLOSED = MMF_ERR_CLOSED;
%constant int MMF_ERR_READ_ONLY = MMF_ERR_READ_ONLY;
%constant int MMF_ERR_OUT_OF_RANGE = MMF_ERR_OUT_OF_RANGE;
%constant int MMF_ERR_BUSY = MMF_ERR_BUSY;
%constant int MMF_ERR_IO = MMF_ERR_IO;
%constant int MMF_ERR_NO_MEMORY = MMF_ERR_NO_MEMORY;
%constant int MMF_ERR_UNSUPPORTED = MMF_ERR_UNSUPPORTED;
%constant int MMF_ERR_FAULT = MMF_ERR_FAULT;
%constant int MMF_ACCESS_DEFAULT = MMF_ACCESS_DEFAULT;
%constant int MMF_ACCESS_READ = MMF_ACCESS_READ;
%constant int MMF_ACCESS_WRITE = MMF_ACCESS_WRITE;
%constant int MMF_ACCESS_COPY = MMF_ACCESS_COPY;
%constant int MMF_OPEN_CREATE = MMF_OPEN_CREATE;
%constant int MMF_OPEN_POPULATE = MMF_OPEN_POPULATE;
%constant int MMF_MAP_PRIVATE = MMF_MAP_PRIVATE;
%constant int MMF_OPEN_EXCLUSIVE = MMF_OPEN_EXCLUSIVE;
%constant int MMF_OPEN_NOFOLLOW = MMF_OPEN_NOFOLLOW;
%constant int MMF_OPEN_OWNER_ONLY = MMF_OPEN_OWNER_ONLY;
%constant int MMF_SEEK_SET = MMF_SEEK_SET;
%constant int MMF_SEEK_CUR = MMF_SEEK_CUR;
%constant int MMF_SEEK_END = MMF_SEEK_END;
%constant int MMF_FLUSH_SYNC = MMF_FLUSH_SYNC;
%constant int MMF_FLUSH_ASYNC = MMF_FLUSH_ASYNC;
%constant int MMF_ADVICE_NORMAL = MMF_ADVICE_NORMAL;
%constant int MMF_ADVICE_RANDOM = MMF_ADVICE_RANDOM;
%constant int MMF_ADVICE_SEQUENTIAL = MMF_ADVICE_SEQUENTIAL;
%constant int MMF_ADVICE_WILLNEED = MMF_ADVICE_WILLNEED;
%constant int MMF_ADVICE_DONTNEED = MMF_ADVICE_DONTNEED;
%constant int MMF_KIND_NONE = MMF_KIND_NONE;
%constant int MMF_KIND_OTHER = MMF_KIND_OTHER;
%constant int MMF_KIND_NOT_FOUND = MMF_KIND_NOT_FOUND;
%constant int MMF_KIND_EXISTS = MMF_KIND_EXISTS;
%constant int MMF_KIND_PERMISSION = MMF_KIND_PERMISSION;
%constant int MMF_KIND_NO_SPACE = MMF_KIND_NO_SPACE;
%constant int MMF_KIND_TOO_LARGE = MMF_KIND_TOO_LARGE;
%constant int MMF_KIND_LOOP = MMF_KIND_LOOP;
%constant int MMF_KIND_NAME_TOO_LONG = MMF_KIND_NAME_TOO_LONG;
#endif

/* The handle as a class. No constructor: the static open* methods make
 * handles (owned by the proxy); the destructor is mmf_free, which must be
 * the last call on the handle: the language layer guarantees that no call
 * is in flight when it runs. */
%nodefaultctor mmf_map;
typedef struct mmf_map {
} mmf_map;

%newobject mmf_map::open;
%newobject mmf_map::open_fd;
%newobject mmf_map::open_anonymous;
%newobject mmf_map::open_named;

%extend mmf_map {
  ~mmf_map() { mmf_free($self); }

  static mmf_map* open(const char* MMF_BYTES, size_t MMF_BYTES_LEN, int access, uint64_t offset, uint64_t length,
                       uint32_t flags, mmf_swig_error* err) {
    mmf_options o;
    mmf_map* m = NULL;
    char* path = mmf_swig_cstr(err, "mmf_open", "path", MMF_BYTES, MMF_BYTES_LEN);
    if (!path) return NULL;
    mmf_swig_options(&o, access, offset, length, flags);
    (void)mmf_swig_fail(err, mmf_open(path, &o, &m));
    free(path);
    return m;
  }

  static mmf_map* open_fd(int fd, int access, uint64_t offset, uint64_t length, uint32_t flags,
                          mmf_swig_error* err) {
    mmf_options o;
    mmf_map* m = NULL;
    mmf_swig_options(&o, access, offset, length, flags);
    (void)mmf_swig_fail(err, mmf_open_fd(fd, &o, &m));
    return m;
  }

  /* offset is passed through, so that the library alone refuses a nonzero
   * one (for named maps too). */
  static mmf_map* open_anonymous(uint64_t length, int access, uint64_t offset, uint32_t flags,
                                 mmf_swig_error* err) {
    mmf_options o;
    mmf_map* m = NULL;
    mmf_swig_options(&o, access, offset, 0, flags);
    (void)mmf_swig_fail(err, mmf_open_anonymous(length, &o, &m));
    return m;
  }

  /* A named shared map (mmf_open_named; the rules are there in mmf.h): the
   * name comes as bytes (UTF-8), copied into a C string that lives for the
   * call only. length 0 opens only; MMF_OPEN_EXCLUSIVE creates only. */
  static mmf_map* open_named(const char* MMF_BYTES, size_t MMF_BYTES_LEN, uint64_t length, int access,
                             uint64_t offset, uint32_t flags, mmf_swig_error* err) {
    mmf_options o;
    mmf_map* m = NULL;
    char* name = mmf_swig_cstr(err, "mmf_open_named", "name", MMF_BYTES, MMF_BYTES_LEN);
    if (!name) return NULL;
    mmf_swig_options(&o, access, offset, 0, flags);
    (void)mmf_swig_fail(err, mmf_open_named(name, length, &o, &m));
    free(name);
    return m;
  }

  /* Removes a name (mmf_unlink_named); a missing name is not an error. */
  static void unlink_named(const char* MMF_BYTES, size_t MMF_BYTES_LEN, mmf_swig_error* err) {
    char* name = mmf_swig_cstr(err, "mmf_unlink_named", "name", MMF_BYTES, MMF_BYTES_LEN);
    if (!name) return;
    (void)mmf_swig_fail(err, mmf_unlink_named(name));
    free(name);
  }

  void close(mmf_swig_error* err) { (void)mmf_swig_fail(err, mmf_close($self)); }

  int closed() { return mmf_closed($self); }

  uint64_t read(char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, mmf_swig_error* err) {
    size_t n = 0;
    if (!mmf_swig_slice_ok(err, "read", MMF_ARR_LEN, off, len)) return 0;
    if (mmf_swig_fail(err, mmf_read($self, MMF_ARR + off, (size_t)len, &n))) return 0;
    return n;
  }

  int read_byte(mmf_swig_error* err) {
    uint8_t b = 0;
    if (mmf_swig_fail(err, mmf_read_byte($self, &b))) return -1;
    return b;
  }

  uint64_t readline(char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, mmf_swig_error* err) {
    size_t n = 0;
    if (!mmf_swig_slice_ok(err, "readline", MMF_ARR_LEN, off, len)) return 0;
    if (mmf_swig_fail(err, mmf_readline($self, MMF_ARR + off, (size_t)len, &n))) return 0;
    return n;
  }

  void write(char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, mmf_swig_error* err) {
    if (!mmf_swig_slice_ok(err, "write", MMF_ARR_LEN, off, len)) return;
    (void)mmf_swig_fail(err, mmf_write($self, MMF_ARR + off, (size_t)len));
  }

  void write_byte(int b, mmf_swig_error* err) {
    if (b < 0 || b > 255) {
      mmf_swig_failf(err, MMF_ERR_INVALID_ARGUMENT, "write_byte(b=%d): not a byte value (0..255)", b);
      return;
    }
    (void)mmf_swig_fail(err, mmf_write_byte($self, (uint8_t)b));
  }

  uint64_t seek(int64_t off, int whence, mmf_swig_error* err) {
    uint64_t pos = 0;
    if (mmf_swig_fail(err, mmf_seek($self, off, whence, &pos))) return 0;
    return pos;
  }

  uint64_t tell(mmf_swig_error* err) {
    uint64_t pos = 0;
    if (mmf_swig_fail(err, mmf_tell($self, &pos))) return 0;
    return pos;
  }

  uint64_t read_at(uint64_t pos, char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, mmf_swig_error* err) {
    size_t n = 0;
    if (!mmf_swig_slice_ok(err, "read_at", MMF_ARR_LEN, off, len)) return 0;
    if (mmf_swig_fail(err, mmf_read_at($self, pos, MMF_ARR + off, (size_t)len, &n))) return 0;
    return n;
  }

  void write_at(uint64_t pos, char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, mmf_swig_error* err) {
    if (!mmf_swig_slice_ok(err, "write_at", MMF_ARR_LEN, off, len)) return;
    (void)mmf_swig_fail(err, mmf_write_at($self, pos, MMF_ARR + off, (size_t)len));
  }

  /* start/end: MMF_POS_DEFAULT (INT64_MIN) means "omitted". */
  int64_t find(char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, int64_t start, int64_t end,
               mmf_swig_error* err) {
    int64_t found = -1;
    if (!mmf_swig_slice_ok(err, "find", MMF_ARR_LEN, off, len)) return -1;
    if (mmf_swig_fail(err, mmf_find($self, MMF_ARR + off, (size_t)len, start, end, &found))) return -1;
    return found;
  }

  int64_t rfind(char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, int64_t start, int64_t end,
                mmf_swig_error* err) {
    int64_t found = -1;
    if (!mmf_swig_slice_ok(err, "rfind", MMF_ARR_LEN, off, len)) return -1;
    if (mmf_swig_fail(err, mmf_rfind($self, MMF_ARR + off, (size_t)len, start, end, &found))) return -1;
    return found;
  }

  void move(uint64_t dest, uint64_t src, uint64_t count, mmf_swig_error* err) {
    (void)mmf_swig_fail(err, mmf_move($self, dest, src, count));
  }

  void flush(uint64_t offset, uint64_t size, uint32_t flags, mmf_swig_error* err) {
    (void)mmf_swig_fail(err, mmf_flush($self, offset, size, flags));
  }

  void resize(uint64_t new_length, mmf_swig_error* err) { (void)mmf_swig_fail(err, mmf_resize($self, new_length)); }

  /* The access the map really has (mmf_access_of: never DEFAULT). */
  int access_of(mmf_swig_error* err) {
    mmf_access a = MMF_ACCESS_DEFAULT;
    if (mmf_swig_fail(err, mmf_access_of($self, &a))) return -1;
    return (int)a;
  }

  uint64_t length(mmf_swig_error* err) {
    uint64_t v = 0;
    if (mmf_swig_fail(err, mmf_length($self, &v))) return 0;
    return v;
  }

  uint64_t size(mmf_swig_error* err) {
    uint64_t v = 0;
    if (mmf_swig_fail(err, mmf_size($self, &v))) return 0;
    return v;
  }

  void madvise(int advice, uint64_t start, uint64_t len, mmf_swig_error* err) {
    (void)mmf_swig_fail(err, mmf_madvise($self, advice, start, len));
  }

  /* Pins the map and returns its address and length (mmf_buffer_acquire).
   * Languages that can wrap memory without a raw address (Java) replace it. */
  mmf_swig_buffer buffer_acquire(mmf_swig_error* err) {
    mmf_swig_buffer b;
    void* p = NULL;
    uint64_t n = 0;
    b.address = 0;
    b.length = 0;
    if (mmf_swig_fail(err, mmf_buffer_acquire($self, &p, &n))) return b;
    b.address = (uint64_t)(uintptr_t)p;
    b.length = n;
    return b;
  }

  void buffer_release(mmf_swig_error* err) { (void)mmf_swig_fail(err, mmf_buffer_release($self)); }

  static uint64_t page_size() { return mmf_page_size(); }
  static uint64_t allocation_granularity() { return mmf_allocation_granularity(); }
  static const char* version() { return mmf_version(); }
  static const char* strerror(int status) { return mmf_strerror((mmf_status)status); }
}
