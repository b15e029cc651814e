/*
 * csharp.i - the C# side of the shared interface (mmf.i).
 *
 * Generates internal classes in namespace Mmf (the public API is written by
 * hand in bindings/csharp/src):
 *   NativeMap      the handle (mmf_map) with one method per C call
 *   NativePINVOKE  the P/Invoke entry points into libmmfcs (DllImport "mmfcs")
 *   Native         the module class (empty: the constants are C# enums)
 * and the C glue that goes into libmmfcs.so (linked to libmmf.so.1).
 *
 * Status -> exception: every `mmf_swig_error *err` parameter becomes a local
 * of the C wrapper; after the call a non-zero status is handed, still inside
 * the same native call and on the same thread that produced
 * mmf_last_error(), to a managed callback (MmfErrors.SetPending) that builds
 * the Mmf exception and stores it as SWIG's pending exception; the generated
 * C# method throws it as soon as the P/Invoke returns.
 *
 * 64-bit values: uint64_t is C# ulong and int64_t is long, as SWIG maps them.
 * SWIG 4.1 maps size_t to uint in C#; mmf.i only uses size_t inside the
 * array typemaps below, but any size_t is mapped to ulong here as well so
 * that nothing is ever cut to 32 bits (sizes over 4 GiB work).
 *
 * Byte arrays are pinned with `fixed` for the one call (no copy) and passed
 * as a {pointer, length} struct by value, so that the C side knows the
 * array's length and mmf.i's slice checks hold even if C# forgot its own.
 *
 * Run: swig -csharp -Wall -Werror -namespace Mmf -dllimport mmfcs -outdir <dir>
 *           -I<capi/include> -o <c file> csharp.i
 */
%module Native

/* ---- classes: internal, no SWIG finalizer (MappedFile owns the handle
 * through a SafeHandle and frees it with mmf_free when the last reference is
 * gone). NativeMap is unsafe so that the array typemaps can use `fixed`. */
%typemap(csclassmodifiers) SWIGTYPE "internal unsafe class"
%typemap(csinterfaces) SWIGTYPE ""
%typemap(csdispose) SWIGTYPE %{
  public void Dispose() {
    Dispose(true);
  }
%}
%pragma(csharp) imclassclassmodifiers = "internal class"
%pragma(csharp) moduleclassmodifiers = "internal class"
#define MMF_SWIG_NO_CONSTANTS

%rename(NativeMap) mmf_map;
%ignore mmf_swig_error;
%ignore mmf_swig_buffer;

/* ---- 64-bit values. size_t: see the comment at the top. */
%apply unsigned long long { size_t };

/* ---- the factories return the raw handle: MappedFile wraps it in its
 * SafeHandle at once (MapHandle), never in an owning proxy. */
%typemap(cstype) mmf_map* "global::System.IntPtr"
%typemap(csout, excode = SWIGEXCODE) mmf_map* {
    global::System.IntPtr ret = $imcall;$excode
    return ret;
  }

/* ---- the error record -> the pending exception (see the top). */
%typemap(in, numinputs = 0) mmf_swig_error* err (mmf_swig_error tmp) %{
  tmp.status = 0;
  tmp.os_error = 0;
  tmp.kind = 0;
  tmp.message[0] = '\0';
  $1 = &tmp;
%}
%typemap(freearg, canthrow = 1) mmf_swig_error* err %{
  if (tmp$argnum.status != 0) mmf_swig_cs_throw(&tmp$argnum);
%}

/* ---- byte arrays: pinned for the call, passed with their length */
%{
#include <stdint.h>
#include <string.h>
#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#endif

typedef struct mmf_swig_cs_bytes {
  char* p;
  uint64_t n;
} mmf_swig_cs_bytes;
static char mmf_swig_empty_array[1];
%}
%typemap(ctype) (char* MMF_ARR, size_t MMF_ARR_LEN), (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "mmf_swig_cs_bytes"
%typemap(imtype) (char* MMF_ARR, size_t MMF_ARR_LEN), (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "NativeBytes"
%typemap(cstype) (char* MMF_ARR, size_t MMF_ARR_LEN), (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "byte[]"
%typemap(csin, pre = "    fixed (byte* swig_p_$csinput = $csinput) {", terminator = "    }")
  (char* MMF_ARR, size_t MMF_ARR_LEN), (const char* MMF_BYTES, size_t MMF_BYTES_LEN)
  "new NativeBytes((global::System.IntPtr)swig_p_$csinput, $csinput)"
/* A null array arrives as {NULL, 0} (C# checks for null first; should it not,
 * the empty array keeps every pointer valid). */
%typemap(in) (char* MMF_ARR, size_t MMF_ARR_LEN), (const char* MMF_BYTES, size_t MMF_BYTES_LEN) %{
  $1 = $input.p && $input.n ? $input.p : mmf_swig_empty_array;
  $2 = $input.p ? (size_t)$input.n : 0;
%}

/* ---- buffer_acquire: the {address, length} record as a C# struct by value */
%typemap(ctype) mmf_swig_buffer "mmf_swig_buffer"
%typemap(imtype) mmf_swig_buffer "NativeBuffer"
%typemap(cstype) mmf_swig_buffer "NativeBuffer"
%typemap(out) mmf_swig_buffer %{
  $result = $1;
%}
%typemap(csout, excode = SWIGEXCODE) mmf_swig_buffer {
    NativeBuffer ret = $imcall;$excode
    return ret;
  }

/* ---- registration of the managed error callback; the delegate lives in a
 * static field of NativePINVOKE, so it is never collected. */
%pragma(csharp) imclasscode = %{
  [global::System.Runtime.InteropServices.UnmanagedFunctionPointer(
      global::System.Runtime.InteropServices.CallingConvention.Cdecl)]
  internal delegate void MmfErrorCallback(int status, int osError, int kind, global::System.IntPtr message, int length);

  private sealed class MmfErrorRegistration {
    internal readonly MmfErrorCallback Callback = new MmfErrorCallback(MmfErrors.SetPending);
    internal MmfErrorRegistration() {
      mmf_swig_cs_register(Callback);
    }
  }

  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint = "mmf_swig_cs_register")]
  private static extern void mmf_swig_cs_register(MmfErrorCallback callback);

  private static readonly MmfErrorRegistration mmfErrorRegistration = new MmfErrorRegistration();

  /* Forces the static initialisers (and so the registration) to run. */
  internal static void EnsureRegistered() {
    global::System.GC.KeepAlive(mmfErrorRegistration);
  }
%}

%include "mmf.i"

/* ---- the thrower used by the err typemap above */
%{
typedef void(SWIGSTDCALL* mmf_swig_cs_callback_t)(int status, int os_error, int kind, const char* message,
                                                  int length);
static mmf_swig_cs_callback_t mmf_swig_cs_callback;

#ifdef __cplusplus
extern "C"
#endif
SWIGEXPORT void SWIGSTDCALL mmf_swig_cs_register(mmf_swig_cs_callback_t cb) {
  mmf_swig_cs_callback = cb;
}

/* Hands the record to C#, which sets the pending exception. The message is
 * passed as bytes (C# decodes UTF-8), so no platform string marshalling is
 * involved (a path need not be valid in any encoding). */
static void mmf_swig_cs_throw(const mmf_swig_error* e) {
  size_t n = strlen(e->message);
  if (mmf_swig_cs_callback) mmf_swig_cs_callback(e->status, e->os_error, e->kind, e->message, (int)n);
}
%}

/* ---- the fast positional calls (typed reads and writes, spans): plain
 * exported C functions, not SWIG wrappers, so that the P/Invoke signature is
 * blittable (IntPtr, ulong, a pointer) and nothing is marshalled or
 * allocated. Each is ONE call into mmf_read_at/mmf_write_at, which do the
 * bounds, read-only and closed checks and the fault guard. They return the
 * status; on failure the error record is built out of line (it is 4 KiB on
 * the stack, which the hot path never touches) and handed to C# by the same
 * callback as every other call, still inside this native call, so the
 * generated layer's pending exception carries the library's message.
 * Declared in bindings/csharp/src/Interop.cs (NativeFast). */
%{
/* Hands a failed status (with mmf_last_error()) to C#. */
static SWIGUNUSED __attribute__((noinline, cold)) int mmf_cs_fail(mmf_status s) {
  mmf_swig_error e;
  e.message[0] = '\0';
  (void)mmf_swig_fail(&e, s);
  mmf_swig_cs_throw(&e);
  return (int)s;
}

/* A read that found fewer than len bytes before the end of the map. */
static SWIGUNUSED __attribute__((noinline, cold)) int mmf_cs_short(uint64_t pos, uint64_t len, uint64_t n) {
  mmf_swig_error e;
  mmf_swig_failf(&e, MMF_ERR_OUT_OF_RANGE,
                 "mmf_read_at(pos=%llu, cap=%llu): only %llu bytes between the position and the end",
                 (unsigned long long)pos, (unsigned long long)len, (unsigned long long)n);
  mmf_swig_cs_throw(&e);
  return (int)MMF_ERR_OUT_OF_RANGE;
}

#ifdef __cplusplus
extern "C" {
#endif

/* Does nothing: the cost of the crossing alone (the binding's floor). */
SWIGEXPORT void SWIGSTDCALL mmf_cs_noop(void) {}

/* Exactly len bytes at pos into dst (a typed read): fewer is OUT_OF_RANGE. */
SWIGEXPORT int SWIGSTDCALL mmf_cs_read_exact(mmf_map* m, uint64_t pos, void* dst, uint64_t len) {
  size_t n = 0;
  mmf_status s = mmf_read_at(m, pos, dst, (size_t)len, &n);
  if (s != MMF_OK) return mmf_cs_fail(s);
  if (n != len) return mmf_cs_short(pos, len, n);
  return 0;
}

/* ReadExact for Mono's raw internal call (MonoCalls in Interop.cs): the
 * same read, but a failure only returns its status, never calls back into
 * managed code (a raw internal call runs in GC-unsafe mode, where a call
 * into the runtime is not allowed); C# then repeats the read through
 * mmf_cs_read_exact for the exception. */
static int mmf_cs_read_exact_raw(mmf_map* m, uint64_t pos, void* dst, uint64_t len) {
  size_t n = 0;
  mmf_status s = mmf_read_at(m, pos, dst, (size_t)len, &n);
  if (s != MMF_OK) return (int)s;
  return n == len ? 0 : (int)MMF_ERR_OUT_OF_RANGE;
}

/* Registers mmf_cs_read_exact_raw as the body of Mmf.MonoCalls::Read
 * through Mono's embedding API, found at run time in the process (Debian's
 * mono-sgen exports it): 1 when registered, 0 when the process has no such
 * function (not Mono, or a platform without dlsym). A raw internal call has
 * no GC transition: about 3 ns instead of Mono's 40 ns P/Invoke wrapper
 * under hybrid suspend (csharp README, "Typed reads through a Mono internal
 * call", says what it costs in safety and why that is acceptable here). */
SWIGEXPORT int SWIGSTDCALL mmf_cs_register_mono_calls(void) {
#if defined(__unix__) || defined(__APPLE__)
  typedef void (*add_raw_fn)(const char*, const void*);
  add_raw_fn add = NULL;
  void* self = dlopen(NULL, RTLD_NOW);
  void* sym = self == NULL ? NULL : dlsym(self, "mono_dangerous_add_raw_internal_call");
  if (sym == NULL) return 0;
  /* An object pointer to a function pointer: ISO C has no cast for it. */
  memcpy(&add, &sym, sizeof add);
  add("Mmf.MonoCalls::Read", (const void*)(uintptr_t)&mmf_cs_read_exact_raw);
  return 1;
#else
  return 0;
#endif
}

/* Up to len bytes at pos into dst (a span read); *got receives the count. */
SWIGEXPORT int SWIGSTDCALL mmf_cs_read_at(mmf_map* m, uint64_t pos, void* dst, uint64_t len, uint64_t* got) {
  size_t n = 0;
  mmf_status s = mmf_read_at(m, pos, dst, (size_t)len, &n);
  *got = n;
  return s == MMF_OK ? 0 : mmf_cs_fail(s);
}

/* Up to len bytes at the cursor into dst, advancing it (a span read). */
SWIGEXPORT int SWIGSTDCALL mmf_cs_read(mmf_map* m, void* dst, uint64_t len, uint64_t* got) {
  size_t n = 0;
  mmf_status s = mmf_read(m, dst, (size_t)len, &n);
  *got = n;
  return s == MMF_OK ? 0 : mmf_cs_fail(s);
}

/* len bytes from src at the cursor, all or nothing (a span write). */
SWIGEXPORT int SWIGSTDCALL mmf_cs_write(mmf_map* m, const void* src, uint64_t len) {
  mmf_status s = mmf_write(m, src, (size_t)len);
  return s == MMF_OK ? 0 : mmf_cs_fail(s);
}

/* len bytes from src at pos, all or nothing. */
SWIGEXPORT int SWIGSTDCALL mmf_cs_write_at(mmf_map* m, uint64_t pos, const void* src, uint64_t len) {
  mmf_status s = mmf_write_at(m, pos, src, (size_t)len);
  return s == MMF_OK ? 0 : mmf_cs_fail(s);
}

#ifdef __cplusplus
}
#endif
%}
