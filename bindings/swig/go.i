/*
 * go.i - the Go side of the shared interface (mmf.i).
 *
 * Generates the internal package example.invalid/mmf/internal/native
 * (bindings/go/internal/native/native.go and native_wrap.c, committed so that
 * Go users need no SWIG; bindings/go/generate.sh regenerates them and CTest's
 * go.generated checks that regenerating changes nothing). The public API is
 * written by hand in bindings/go (package mmf).
 *
 *   NativeMap          the handle (mmf_map), one method per C call
 *   NewNativeMap...    the static factories (NativeMapOpen, NativeMapOpen_fd, ...)
 *   ErrorRecord        the Go twin of mmf_swig_error, allocated by Go
 *   ViewRecord         the Go twin of mmf_swig_go_view (an acquired buffer)
 *
 * Status -> error: the `mmf_swig_error *err` parameter stays visible and is a
 * *ErrorRecord, memory owned by Go that the C body fills in the same cgo call
 * (so on the same OS thread) that produced mmf_last_error(). The Go layer
 * turns a non-zero Status into an error value. Nothing here panics: no
 * typemap calls _swig_gopanic, and the wrappers have no null checks that
 * would (TestGeneratedCodeHasNoPanics checks the generated files).
 *
 * The records are plain Go structs passed as pointers: cgo pins them for the
 * call, they hold no Go pointers, and reading the status costs no further
 * cgo call (a SWIG proxy struct would need one per field and a C malloc).
 *
 * Run (from bindings/swig, so the generated "source:" lines hold no absolute
 * path): swig -go -cgo -intgosize 64 -Wall -Werror -I../../capi/include
 *        -outdir ../go/internal/native -o ../go/internal/native/native_wrap.c go.i
 */
%module native

%rename(NativeMap) mmf_map;
/* The records are passed as Go structs (below), not as SWIG proxy classes. */
%ignore mmf_swig_error;
%ignore mmf_swig_buffer;
/* Replaced by view_acquire, which hands Go a real pointer (no uintptr). */
%ignore mmf_map::buffer_acquire;
/* Strings returned by C would go through SWIG's swigCopyString, which turns a
 * uintptr into an unsafe.Pointer (go vet's unsafeptr check); version_into
 * copies into a Go slice instead, and the Go layer names statuses itself. */
%ignore mmf_map::version;
%ignore mmf_map::strerror;
/* go vet (stdmethods) wants any method named Seek to be io.Seeker's. */
%rename(seek_to) mmf_map::seek;

/* ---- the error record: a *ErrorRecord owned by Go, filled by C */
%typemap(gotype) mmf_swig_error* err "*ErrorRecord"
%typemap(in) mmf_swig_error* err %{
  $1 = (mmf_swig_error*)$input;
%}

/* ---- byte slices read or written in place (pinned by cgo for the call) */
%{
static char mmf_swig_go_empty[1];
%}
%typemap(gotype) (char* MMF_ARR, size_t MMF_ARR_LEN) "[]byte"
%typemap(in) (char* MMF_ARR, size_t MMF_ARR_LEN) %{
  /* A nil or empty slice may have a nil array: never do arithmetic on it. */
  $2 = $input.len > 0 ? (size_t)$input.len : 0;
  $1 = $2 > 0 ? ($1_ltype)$input.array : mmf_swig_go_empty;
%}

/* A second byte slice in the same call (get_u64s' output). */
%apply (char* MMF_ARR, size_t MMF_ARR_LEN) { (char* MMF_OUT, size_t MMF_OUT_LEN) };

/* ---- read-only bytes (paths): a Go string, copied by the C body */
%typemap(gotype) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "string"
%typemap(in) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) %{
  $2 = $input.n > 0 ? (size_t)$input.n : 0;
  $1 = $2 > 0 ? ($1_ltype)$input.p : mmf_swig_go_empty;
%}

/* ---- an acquired buffer: a *ViewRecord owned by Go, filled by C */
%typemap(gotype) mmf_swig_go_view* out "*ViewRecord"
%typemap(in) mmf_swig_go_view* out %{
  $1 = (mmf_swig_go_view*)$input;
%}

%insert(go_wrapper) %{

// ErrorMessageMax is the size of ErrorRecord.Message (MMF_SWIG_MESSAGE_MAX).
const ErrorMessageMax = 4352

// ErrorRecord is the Go twin of the C struct mmf_swig_error: the status of a
// failed call, mmf_last_os_error() and a NUL-terminated copy of
// mmf_last_error(), with mmf_last_error_kind(), written by the C body inside the same cgo call. C writes
// it only on failure: reset Status to 0 before reusing a record.
type ErrorRecord struct {
	Status  int32
	OSError int32
	Kind    int32
	Message [ErrorMessageMax]byte
}

// ViewRecord is the Go twin of mmf_swig_go_view: the address and length of a
// buffer acquired with NativeMap.View_acquire.
type ViewRecord struct {
	Data   unsafe.Pointer
	Length uint64
}
%}

%{
#include <stdint.h>

/* An acquired buffer, as Go sees it (a real pointer: Go must not turn an
 * integer into an unsafe.Pointer). Declared before mmf.i because SWIG emits
 * the bodies of every %extend at the class in mmf.i. */
typedef struct mmf_swig_go_view {
  void* data;
  uint64_t length;
} mmf_swig_go_view;
%}

%{
/* What get_at returns for "failed": a value no u16/u32 can have, and an
 * unlikely u64 (one that equals it costs a second call, never a wrong
 * result). Go reads it as native.MMF_SWIG_GO_NO_VALUE (below). */
#define MMF_SWIG_GO_NO_VALUE 0xA5C396E10F4BD27EULL

/* b[0..width) as a little-endian integer (compilers make it one load). */
static uint64_t mmf_swig_go_le(const unsigned char* b, int width) {
  uint64_t v = 0;
  int i;
  for (i = width - 1; i >= 0; i--) v = v << 8 | b[i];
  return v;
}

static void mmf_swig_go_put_le(unsigned char* b, uint64_t v, int width) {
  int i;
  for (i = 0; i < width; i++) b[i] = (unsigned char)(v >> (8 * i));
}
%}
%constant uint64_t MMF_SWIG_GO_NO_VALUE = MMF_SWIG_GO_NO_VALUE;

%include "mmf.i"

%{
/* The Go structs above must have exactly this layout. */
typedef char mmf_swig_go_error_layout[sizeof(mmf_swig_error) == 4364 && MMF_SWIG_MESSAGE_MAX == 4352 ? 1 : -1];
typedef char mmf_swig_go_view_layout[sizeof(mmf_swig_go_view) == 16 ? 1 : -1];
%}

%extend mmf_map {
  /* Pins the map (mmf_buffer_acquire) and stores its address and length in
   * *out; undo with buffer_release. */
  void view_acquire(mmf_swig_go_view* out, mmf_swig_error* err) {
    void* p = NULL;
    uint64_t n = 0;
    if (!out) {
      mmf_swig_failf(err, MMF_ERR_INVALID_ARGUMENT, "view_acquire: NULL out");
      return;
    }
    out->data = NULL;
    out->length = 0;
    if (mmf_swig_fail(err, mmf_buffer_acquire($self, &p, &n))) return;
    out->data = p;
    out->length = n;
  }

  /* Copies mmf_version() into MMF_ARR[off, off+len) (truncated, no NUL) and
   * returns its full length. */
  static uint64_t version_into(char* MMF_ARR, size_t MMF_ARR_LEN, int64_t off, int64_t len, mmf_swig_error* err) {
    const char* v = mmf_version();
    size_t n = strlen(v);
    if (!mmf_swig_slice_ok(err, "version_into", MMF_ARR_LEN, off, len)) return 0;
    memcpy(MMF_ARR + off, v, n < (size_t)len ? n : (size_t)len);
    return n;
  }

  /* ---- the fast calls: no error record (so no Go pointer crosses for the
   * typed ones, and Go needs no pooled 4 KiB record when nothing fails). A
   * failure is only signalled; the Go layer then makes the same call again
   * through the *_err twin, which fills a record. Every one of these calls
   * is all or nothing (a failed call changed nothing), so the second call is
   * harmless, and its outcome is the one reported. */

  /* The `width` bytes (2, 4 or 8) at pos as a little-endian integer, through
   * mmf_read_at (bounds, closed and fault checks, torn-write free). Returns
   * MMF_SWIG_GO_NO_VALUE on any failure: u16/u32 values never equal it, a
   * u64 that does sends Go to get_at_err, which tells the two apart. */
  uint64_t get_at(uint64_t pos, int64_t width) {
    unsigned char b[8];
    size_t n = 0;
    if (width != 2 && width != 4 && width != 8) return MMF_SWIG_GO_NO_VALUE;
    if (mmf_read_at($self, pos, b, (size_t)width, &n) != MMF_OK || n != (size_t)width) return MMF_SWIG_GO_NO_VALUE;
    return mmf_swig_go_le(b, (int)width);
  }

  /* get_at, with the failure recorded in *err (0 returned). */
  uint64_t get_at_err(uint64_t pos, int64_t width, mmf_swig_error* err) {
    unsigned char b[8];
    size_t n = 0;
    if (width != 2 && width != 4 && width != 8) {
      mmf_swig_failf(err, MMF_ERR_INVALID_ARGUMENT, "get_at(pos=%llu, width=%lld): width is not 2, 4 or 8",
                     (unsigned long long)pos, (long long)width);
      return 0;
    }
    if (mmf_swig_fail(err, mmf_read_at($self, pos, b, (size_t)width, &n))) return 0;
    if (n != (size_t)width) {
      mmf_swig_failf(err, MMF_ERR_OUT_OF_RANGE, "get_at(pos=%llu, width=%lld): only %llu bytes from pos to the end",
                     (unsigned long long)pos, (long long)width, (unsigned long long)n);
      return 0;
    }
    return mmf_swig_go_le(b, (int)width);
  }

  /* Writes the low `width` bytes (2, 4 or 8) of v at pos, little-endian,
   * through mmf_write_at (all or nothing). Returns the status. */
  int put_at(uint64_t pos, uint64_t v, int64_t width) {
    unsigned char b[8];
    if (width != 2 && width != 4 && width != 8) return (int)MMF_ERR_INVALID_ARGUMENT;
    mmf_swig_go_put_le(b, v, (int)width);
    return (int)mmf_write_at($self, pos, b, (size_t)width);
  }

  /* put_at, with the failure recorded in *err. */
  void put_at_err(uint64_t pos, uint64_t v, int64_t width, mmf_swig_error* err) {
    unsigned char b[8];
    if (width != 2 && width != 4 && width != 8) {
      mmf_swig_failf(err, MMF_ERR_INVALID_ARGUMENT, "put_at(pos=%llu, width=%lld): width is not 2, 4 or 8",
                     (unsigned long long)pos, (long long)width);
      return;
    }
    mmf_swig_go_put_le(b, v, (int)width);
    (void)mmf_swig_fail(err, mmf_write_at($self, pos, b, (size_t)width));
  }

  /* A gather: for each 8-byte position in MMF_ARR (host order, as Go's
   * []int64 holds them), the 8 bytes there as a little-endian integer into
   * the same index of MMF_OUT, each through mmf_read_at. One call for many
   * reads lets the CPU overlap their cache misses, which a call per read
   * does not. Returns the count read: all of them, or the index of the
   * first position that failed (recorded in *err; the values before it are
   * stored). */
  int64_t get_u64s(char* MMF_ARR, size_t MMF_ARR_LEN, char* MMF_OUT, size_t MMF_OUT_LEN, mmf_swig_error* err) {
    size_t count = MMF_ARR_LEN / 8;
    size_t i;
    if (MMF_ARR_LEN % 8 != 0 || MMF_OUT_LEN < MMF_ARR_LEN) {
      mmf_swig_failf(err, MMF_ERR_INVALID_ARGUMENT, "get_u64s(positions=%llu bytes, out=%llu bytes): not 8-byte slots",
                     (unsigned long long)MMF_ARR_LEN, (unsigned long long)MMF_OUT_LEN);
      return 0;
    }
    for (i = 0; i < count; i++) {
      uint64_t pos;
      uint64_t v;
      unsigned char b[8];
      size_t n = 0;
      memcpy(&pos, MMF_ARR + 8 * i, 8);
      if (mmf_swig_fail(err, mmf_read_at($self, pos, b, 8, &n))) return (int64_t)i;
      if (n != 8) {
        mmf_swig_failf(err, MMF_ERR_OUT_OF_RANGE, "get_u64s: position %llu (index %llu): only %llu bytes to the end",
                       (unsigned long long)pos, (unsigned long long)i, (unsigned long long)n);
        return (int64_t)i;
      }
      v = mmf_swig_go_le(b, 8);
      memcpy(MMF_OUT + 8 * i, &v, 8);
    }
    return (int64_t)count;
  }

  /* mmf_read_at into the whole slice: the count, or -1 on failure (Go then
   * calls read_at with a record). */
  int64_t read_at_fast(uint64_t pos, char* MMF_ARR, size_t MMF_ARR_LEN) {
    size_t n = 0;
    if (mmf_read_at($self, pos, MMF_ARR, MMF_ARR_LEN, &n) != MMF_OK) return -1;
    return (int64_t)n;
  }

  /* mmf_write_at of the whole slice: the status (Go then calls write_at with
   * a record). */
  int write_at_fast(uint64_t pos, char* MMF_ARR, size_t MMF_ARR_LEN) {
    return (int)mmf_write_at($self, pos, MMF_ARR, MMF_ARR_LEN);
  }

  /* sizeof(mmf_swig_error) and sizeof(mmf_swig_go_view), for the layout test. */
  static uint64_t error_record_size() { return (uint64_t)sizeof(mmf_swig_error); }
  static uint64_t view_record_size() { return (uint64_t)sizeof(mmf_swig_go_view); }
}
