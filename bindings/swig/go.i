/*
 * go.i - the Go side of the shared interface (mmf.i).
 *
 * Generates the internal package example.invalid/mmf/bindings/go/internal/native
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

  /* sizeof(mmf_swig_error) and sizeof(mmf_swig_go_view), for the layout test. */
  static uint64_t error_record_size() { return (uint64_t)sizeof(mmf_swig_error); }
  static uint64_t view_record_size() { return (uint64_t)sizeof(mmf_swig_go_view); }
}
