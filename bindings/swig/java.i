/*
 * java.i - the Java side of the shared interface (mmf.i).
 *
 * Generates package-private classes in org.mmf (the public API is written by
 * hand in bindings/java/src/main/java/org/mmf):
 *   NativeMap     the handle (mmf_map) with one method per C call
 *   NativeJNI     the JNI entry points (loads libmmfjni through NativeLoader)
 *   Native        the module class: the MMF_* constants
 *
 * Status -> exception: every `mmf_swig_error *err` parameter becomes a local
 * of the JNI function; after the call (and after any pinned array has been
 * released) a non-zero status is thrown as the org.mmf exception built by
 * MmfErrors.fromNative(status, osError, messageBytes), in the same native call and on
 * the same thread that produced mmf_last_error().
 *
 * Run: swig -java -package org.mmf -outdir <dir> -I<capi/include> -o <c file> java.i
 */
%module Native

%{
#include <jni.h>
%}

/* ---- classes: package-private, no finalize() (MappedFile uses a Cleaner) */
%typemap(javaclassmodifiers) SWIGTYPE "final class"
%typemap(javafinalize) SWIGTYPE ""
%pragma(java) jniclassclassmodifiers = "final class"
%pragma(java) moduleclassmodifiers = "final class"
/* The MMF_* constants would land in a public interface; the Java layer has
 * its own enums with the same (ABI-fixed) values instead. */
#define MMF_SWIG_NO_CONSTANTS
%pragma(java) jniclasscode = %{
  static {
    NativeLoader.load();
  }

  /*
   * Typed positional access (MappedFile.getLong and the rest): hand-written
   * JNI functions at the end of java.i, not SWIG wrappers, so that a call
   * passes and returns primitives only (no array to pin, no error record
   * to set up). The value travels as the bits of a long in the machine's
   * byte order; MappedFile swaps them for the map's ByteOrder.
   */

  /** mmf_read_at of exactly width (1, 2, 4 or 8) bytes at pos; throws the mmf exception. */
  static native long typedGet(long map, long pos, int width);

  /** mmf_write_at of the low width (1, 2, 4 or 8) bytes of bits at pos; throws the mmf exception. */
  static native void typedPut(long map, long pos, long bits, int width);

  /*
   * Small array copies (MappedFile.get and put of at most smallMax() bytes):
   * through a buffer on the C stack and one Get/SetByteArrayRegion, instead
   * of pinning the array (GetArrayLength, GetPrimitiveArrayCritical and its
   * release: three JNI calls around a copy of a few bytes).
   */

  /** The most bytes getSmall and putSmall copy (the size of their C buffer). */
  static native int smallMax();

  /**
   * mmf_read_at of up to len bytes at pos into dst[off..off+len); returns the count. The caller
   * has checked the slice; a bad one is the JVM's ArrayIndexOutOfBoundsException.
   */
  static native long getSmall(long map, long pos, byte[] dst, int off, int len);

  /** mmf_write_at of src[off..off+len) at pos, all or nothing. The caller has checked the slice. */
  static native void putSmall(long map, long pos, byte[] src, int off, int len);

  /*
   * Tiny copies (get of at most 7 bytes, put of at most 8) travel packed in
   * a long, byte i in bits 8i..8i+7, so that no array is touched from C at
   * all (Set/GetByteArrayRegion is a call back into the JVM, with its own
   * thread-state transitions). getPacked returns the count in bits 56..63.
   */

  /** mmf_read_at of up to len (0..7) bytes at pos: (count << 56) | the bytes, packed. */
  static native long getPacked(long map, long pos, int len);

  /** mmf_write_at of the len (0..8) bytes packed in bits at pos, all or nothing. */
  static native void putPacked(long map, long pos, long bits, int len);

  /*
   * Direct reads (mmf_direct.h; DirectReads.java): the typed gets load the
   * bytes themselves, through direct ByteBuffers over the library's memory.
   */

  /**
   * mmf_direct_layout_of(map) as {epoch, block, blockSize, seq, view, data, length, slotSize,
   * slotActive, slotView} (addresses and offsets), or null when direct reads are not available
   * or the library's layout is not the version this binding was written for.
   */
  static native long[] directLayout(long map);

  /** mmf_direct_slot_claim(): a slot for the calling thread, or 0. */
  static native long directSlotClaim();

  /** mmf_direct_slot_release(slot). */
  static native void directSlotRelease(long slot);

  /** A direct ByteBuffer over [address, address + capacity) (NewDirectByteBuffer). */
  static native java.nio.ByteBuffer directBuffer(long address, long capacity);
%}

%rename(NativeMap) mmf_map;
%ignore mmf_swig_error;
%ignore mmf_swig_buffer;
%ignore mmf_map::buffer_acquire;
%ignore mmf_map::open_fd;   /* Java has no portable file descriptors */

/* ---- the calls that can fail with MMF_ERR_IO declare the checked
 * IOException (MmfIOException); every other status is unchecked. */
%javaexception("java.io.IOException") mmf_map::open { $action }
%javaexception("java.io.IOException") mmf_map::open_anonymous { $action }
%javaexception("java.io.IOException") mmf_map::open_named { $action }
%javaexception("java.io.IOException") mmf_map::unlink_named { $action }
%javaexception("java.io.IOException") mmf_map::flush { $action }
%javaexception("java.io.IOException") mmf_map::resize { $action }
%javaexception("java.io.IOException") mmf_map::size { $action }
%javaexception("java.io.IOException") mmf_map::madvise { $action }

/* ---- 64-bit values: Java long for both int64_t and uint64_t (same bits) */
%apply int64_t { uint64_t };
%apply int64_t { size_t };

/* ---- the error record (mmf_swig_java_throw is defined after %include) */

%typemap(in, numinputs = 0) mmf_swig_error* err (mmf_swig_error tmp) %{
  tmp.status = 0;
  tmp.os_error = 0;
  tmp.kind = 0;
  tmp.message[0] = '\0';
  $1 = &tmp;
%}
/* freearg runs after every argout, so after the pinned arrays are released:
 * no JNI call is made inside a critical region. */
%typemap(freearg) mmf_swig_error* err %{
  if (tmp$argnum.status != 0) mmf_swig_java_throw(jenv, &tmp$argnum);
%}

/* ---- byte arrays read or written in place: pinned for the call */
%{
static char mmf_swig_empty_array[1];
%}
%typemap(jni) (char* MMF_ARR, size_t MMF_ARR_LEN) "jbyteArray"
%typemap(jtype) (char* MMF_ARR, size_t MMF_ARR_LEN) "byte[]"
%typemap(jstype) (char* MMF_ARR, size_t MMF_ARR_LEN) "byte[]"
%typemap(javain) (char* MMF_ARR, size_t MMF_ARR_LEN) "$javainput"
%typemap(in) (char* MMF_ARR, size_t MMF_ARR_LEN) %{
  if (!$input) {
    SWIG_JavaThrowException(jenv, SWIG_JavaNullPointerException, "null byte array");
    return $null;
  }
  $2 = (size_t)(*jenv)->GetArrayLength(jenv, $input);
  if ($2 == 0) {
    $1 = mmf_swig_empty_array;
  } else {
    /* The mmf call never calls back into the JVM; it may wait for another
     * thread's mmf call on the same map, which runs no Java code either. */
    $1 = (char*)(*jenv)->GetPrimitiveArrayCritical(jenv, $input, NULL);
    if (!$1) return $null; /* OutOfMemoryError pending */
  }
%}
%typemap(argout) (char* MMF_ARR, size_t MMF_ARR_LEN) %{
  if ($2 != 0) (*jenv)->ReleasePrimitiveArrayCritical(jenv, $input, $1, 0);
%}

/* ---- read-only bytes (paths): copied, not pinned (open may block on I/O) */
%typemap(jni) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "jbyteArray"
%typemap(jtype) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "byte[]"
%typemap(jstype) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "byte[]"
%typemap(javain) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) "$javainput"
%typemap(in) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) %{
  if (!$input) {
    SWIG_JavaThrowException(jenv, SWIG_JavaNullPointerException, "null byte array");
    return $null;
  }
  $2 = (size_t)(*jenv)->GetArrayLength(jenv, $input);
  $1 = (char*)malloc($2 + 1);
  if (!$1) {
    SWIG_JavaThrowException(jenv, SWIG_JavaOutOfMemoryError, "no memory for a byte array copy");
    return $null;
  }
  (*jenv)->GetByteArrayRegion(jenv, $input, 0, (jsize)$2, (jbyte*)$1);
%}
%typemap(freearg) (const char* MMF_BYTES, size_t MMF_BYTES_LEN) %{
  free((char*)$1);
%}

/* ---- JNIEnv for the Java-only methods below */
%typemap(in, numinputs = 0) JNIEnv* jenv_arg %{
  $1 = jenv;
%}
%typemap(jni) jobjectArray "jobjectArray"
%typemap(jtype) jobjectArray "java.nio.ByteBuffer[]"
%typemap(jstype) jobjectArray "java.nio.ByteBuffer[]"
%typemap(javaout) jobjectArray {
    return $jnicall;
  }
%typemap(out) jobjectArray %{
  $result = $1;
%}

%include "mmf.i"

/* ---- the thrower used by the err typemaps above */
%{
/* Throws the org.mmf exception for e (MmfErrors.fromNative); keeps any
 * exception that is already pending (an OutOfMemoryError, say). */
static void mmf_swig_java_throw(JNIEnv* jenv, const mmf_swig_error* e) {
  jclass cls;
  jmethodID mid;
  jbyteArray msg;
  jobject ex;
  jsize n = (jsize)strlen(e->message);
  if ((*jenv)->ExceptionCheck(jenv)) return;
  cls = (*jenv)->FindClass(jenv, "org/mmf/MmfErrors");
  if (!cls) return;
  mid = (*jenv)->GetStaticMethodID(jenv, cls, "fromNative", "(III[B)Ljava/lang/Throwable;");
  if (!mid) return;
  msg = (*jenv)->NewByteArray(jenv, n);
  if (!msg) return;
  (*jenv)->SetByteArrayRegion(jenv, msg, 0, n, (const jbyte*)e->message);
  ex = (*jenv)->CallStaticObjectMethod(jenv, cls, mid, (jint)e->status, (jint)e->os_error, (jint)e->kind, msg);
  if (ex && !(*jenv)->ExceptionCheck(jenv)) (void)(*jenv)->Throw(jenv, (jthrowable)ex);
}
%}


%extend mmf_map {
  /* Pins the map (mmf_buffer_acquire) and returns it as direct ByteBuffers
   * of at most `chunk` bytes each (at least one buffer, possibly empty).
   * If the buffers cannot be made the pin is released again. */
  jobjectArray buffer_acquire_java(JNIEnv* jenv_arg, int64_t chunk, mmf_swig_error* err) {
    JNIEnv* jenv = jenv_arg;
    void* p = NULL;
    uint64_t n = 0, count, k;
    jclass bbcls;
    jobjectArray arr;
    if (chunk <= 0 || chunk > INT32_MAX) {
      mmf_swig_failf(err, MMF_ERR_INVALID_ARGUMENT, "buffer_acquire(chunk=%lld): not in 1..2^31-1",
                     (long long)chunk);
      return NULL;
    }
    if (mmf_swig_fail(err, mmf_buffer_acquire($self, &p, &n))) return NULL;
    count = n == 0 ? 1 : (n - 1) / (uint64_t)chunk + 1;
    bbcls = (*jenv)->FindClass(jenv, "java/nio/ByteBuffer");
    arr = bbcls && count <= INT32_MAX ? (*jenv)->NewObjectArray(jenv, (jsize)count, bbcls, NULL) : NULL;
    for (k = 0; arr && k < count; k++) {
      uint64_t at = k * (uint64_t)chunk;
      uint64_t len = n - at < (uint64_t)chunk ? n - at : (uint64_t)chunk;
      jobject bb = (*jenv)->NewDirectByteBuffer(jenv, len ? (char*)p + at : (void*)mmf_swig_empty_array, (jlong)len);
      if (!bb) {
        arr = NULL;
        break;
      }
      (*jenv)->SetObjectArrayElement(jenv, arr, (jsize)k, bb);
      (*jenv)->DeleteLocalRef(jenv, bb);
    }
    if (!arr) {
      (void)mmf_buffer_release($self);
      if (!(*jenv)->ExceptionCheck(jenv))
        mmf_swig_failf(err, MMF_ERR_NO_MEMORY, "buffer_acquire: the JVM could not create direct ByteBuffers");
      return NULL;
    }
    return arr;
  }
}

/* ---- typed positional access: NativeJNI.typedGet / typedPut (declared in
 * jniclasscode above). One mmf call each, so bounds, read-only and closed
 * checks and the fault guard are mmf_read_at's and mmf_write_at's. The hot
 * path touches no error record: it is filled only on failure, out of line. */
%{
#define MMF_JAVA_TYPED_OK(w) ((w) == 1 || (w) == 2 || (w) == 4 || (w) == 8)

/* Throws for a typed call that failed with s, or (s == MMF_OK) read only
 * n < width bytes because the map ends at pos + n. */
static __attribute__((noinline, cold)) void mmf_java_typed_fail(JNIEnv* jenv, const char* call, mmf_status s,
                                                                 jlong pos, jint width, size_t n) {
  mmf_swig_error e;
  e.status = 0;
  if (!MMF_JAVA_TYPED_OK(width)) {
    mmf_swig_failf(&e, MMF_ERR_INVALID_ARGUMENT, "%s(pos=%lld): width %d is not 1, 2, 4 or 8", call,
                   (long long)pos, (int)width);
  } else if (s != MMF_OK) {
    (void)mmf_swig_fail(&e, s);
  } else {
    mmf_swig_failf(&e, MMF_ERR_OUT_OF_RANGE, "%s(pos=%lld): %d bytes do not fit, the map ends at %llu", call,
                   (long long)pos, (int)width, (unsigned long long)((uint64_t)pos + n));
  }
  mmf_swig_java_throw(jenv, &e);
}

/* getLong and getDouble. Its own function, so that typedGet is a tail call
 * with no frame: two scalar locals, written only by mmf_read_at with their
 * exact sizes, so the stack protector's canary (loads and a store per call)
 * guards nothing here. */
#if defined(__has_attribute)
#if __has_attribute(no_stack_protector)
#define MMF_JAVA_NO_CANARY __attribute__((no_stack_protector))
#endif
#endif
#ifndef MMF_JAVA_NO_CANARY
#define MMF_JAVA_NO_CANARY
#endif
static __attribute__((noinline)) MMF_JAVA_NO_CANARY jlong mmf_java_get8(JNIEnv* jenv, mmf_map* m, jlong pos) {
  uint64_t v;
  size_t n = 0;
  const mmf_status s = mmf_read_at(m, (uint64_t)pos, &v, 8, &n);
  if (s == MMF_OK && n == 8) return (jlong)v;
  mmf_java_typed_fail(jenv, "typedGet", s, pos, 8, n);
  return 0;
}

/* 1, 2 and 4 bytes, and bad widths. */
static __attribute__((noinline)) jlong mmf_java_get_narrow(JNIEnv* jenv, mmf_map* m, jlong pos, jint width) {
  unsigned char b[8];
  size_t n = 0;
  mmf_status s;
  if (!MMF_JAVA_TYPED_OK(width)) {
    mmf_java_typed_fail(jenv, "typedGet", MMF_OK, pos, width, 0);
    return 0;
  }
  s = mmf_read_at(m, (uint64_t)pos, b, (size_t)width, &n);
  if (s != MMF_OK || n != (size_t)width) {
    mmf_java_typed_fail(jenv, "typedGet", s, pos, width, n);
    return 0;
  }
  /* memcpy into the narrow type keeps the machine's byte order. */
  switch (width) {
    case 1:
      return (jlong)b[0];
    case 2: {
      uint16_t v;
      memcpy(&v, b, 2);
      return (jlong)v;
    }
    case 4: {
      uint32_t v;
      memcpy(&v, b, 4);
      return (jlong)v;
    }
    default: {
      uint64_t v;
      memcpy(&v, b, 8);
      return (jlong)v;
    }
  }
}

JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_typedGet(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos,
                                                        jint width);
JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_typedGet(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos,
                                                        jint width) {
  mmf_map* m = (mmf_map*)(intptr_t)jmap;
  (void)jcls;
  if (width == 8) return mmf_java_get8(jenv, m, pos);
  return mmf_java_get_narrow(jenv, m, pos, width);
}

JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_typedPut(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos, jlong bits,
                                                       jint width);
JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_typedPut(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos, jlong bits,
                                                       jint width) {
  mmf_map* m = (mmf_map*)(intptr_t)jmap;
  unsigned char b[8];
  mmf_status s;
  (void)jcls;
  switch (width) {
    case 1: {
      uint8_t v = (uint8_t)bits;
      memcpy(b, &v, 1);
      break;
    }
    case 2: {
      uint16_t v = (uint16_t)bits;
      memcpy(b, &v, 2);
      break;
    }
    case 4: {
      uint32_t v = (uint32_t)bits;
      memcpy(b, &v, 4);
      break;
    }
    case 8: {
      uint64_t v = (uint64_t)bits;
      memcpy(b, &v, 8);
      break;
    }
    default:
      mmf_java_typed_fail(jenv, "typedPut", MMF_OK, pos, width, 0);
      return;
  }
  s = mmf_write_at(m, (uint64_t)pos, b, (size_t)width);
  if (s != MMF_OK) mmf_java_typed_fail(jenv, "typedPut", s, pos, width, 0);
}
%}

/* ---- small array copies: NativeJNI.getSmall / putSmall / smallMax */
%{
#define MMF_JAVA_SMALL_MAX 256

/* Throws for a small copy that failed with s, or (s == MMF_OK) had a length not in 0..max. */
static __attribute__((noinline, cold)) void mmf_java_small_fail(JNIEnv* jenv, const char* call, mmf_status s,
                                                                 jlong pos, jint len, int max) {
  mmf_swig_error e;
  e.status = 0;
  if (s == MMF_OK) {
    mmf_swig_failf(&e, MMF_ERR_INVALID_ARGUMENT, "%s(pos=%lld, len=%d): len not in 0..%d", call, (long long)pos,
                   (int)len, max);
  } else {
    (void)mmf_swig_fail(&e, s);
  }
  mmf_swig_java_throw(jenv, &e);
}

JNIEXPORT jint JNICALL Java_org_mmf_NativeJNI_smallMax(JNIEnv* jenv, jclass jcls);
JNIEXPORT jint JNICALL Java_org_mmf_NativeJNI_smallMax(JNIEnv* jenv, jclass jcls) {
  (void)jenv;
  (void)jcls;
  return MMF_JAVA_SMALL_MAX;
}

JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_getSmall(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos,
                                                        jbyteArray dst, jint off, jint len);
JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_getSmall(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos,
                                                        jbyteArray dst, jint off, jint len) {
  mmf_map* m = (mmf_map*)(intptr_t)jmap;
  char b[MMF_JAVA_SMALL_MAX];
  size_t n = 0;
  mmf_status s;
  (void)jcls;
  if (len < 0 || len > MMF_JAVA_SMALL_MAX) {
    mmf_java_small_fail(jenv, "getSmall", MMF_OK, pos, len, MMF_JAVA_SMALL_MAX);
    return 0;
  }
  if (!dst) {
    SWIG_JavaThrowException(jenv, SWIG_JavaNullPointerException, "null byte array");
    return 0;
  }
  s = mmf_read_at(m, (uint64_t)pos, b, (size_t)len, &n);
  if (s != MMF_OK) {
    mmf_java_small_fail(jenv, "getSmall", s, pos, len, MMF_JAVA_SMALL_MAX);
    return 0;
  }
  /* A bad slice: the JVM throws ArrayIndexOutOfBoundsException. */
  if (n > 0) (*jenv)->SetByteArrayRegion(jenv, dst, off, (jsize)n, (const jbyte*)b);
  return (jlong)n;
}

JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_putSmall(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos,
                                                       jbyteArray src, jint off, jint len);
JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_putSmall(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos,
                                                       jbyteArray src, jint off, jint len) {
  mmf_map* m = (mmf_map*)(intptr_t)jmap;
  char b[MMF_JAVA_SMALL_MAX];
  mmf_status s;
  (void)jcls;
  if (len < 0 || len > MMF_JAVA_SMALL_MAX) {
    mmf_java_small_fail(jenv, "putSmall", MMF_OK, pos, len, MMF_JAVA_SMALL_MAX);
    return;
  }
  if (!src) {
    SWIG_JavaThrowException(jenv, SWIG_JavaNullPointerException, "null byte array");
    return;
  }
  if (len > 0) {
    /* A bad slice: the JVM throws ArrayIndexOutOfBoundsException. */
    (*jenv)->GetByteArrayRegion(jenv, src, off, len, (jbyte*)b);
    if ((*jenv)->ExceptionCheck(jenv)) return;
  }
  s = mmf_write_at(m, (uint64_t)pos, b, (size_t)len);
  if (s != MMF_OK) mmf_java_small_fail(jenv, "putSmall", s, pos, len, MMF_JAVA_SMALL_MAX);
}
%}

/* ---- tiny copies: NativeJNI.getPacked / putPacked (the format is at their
 * declarations in jniclasscode above) */
%{
JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_getPacked(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos, jint len);
JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_getPacked(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos,
                                                         jint len) {
  mmf_map* m = (mmf_map*)(intptr_t)jmap;
  unsigned char b[8];
  size_t n = 0, i;
  uint64_t r;
  mmf_status s;
  (void)jcls;
  if (len < 0 || len > 7) {
    mmf_java_small_fail(jenv, "getPacked", MMF_OK, pos, len, 7);
    return 0;
  }
  s = mmf_read_at(m, (uint64_t)pos, b, (size_t)len, &n);
  if (s != MMF_OK) {
    mmf_java_small_fail(jenv, "getPacked", s, pos, len, 7);
    return 0;
  }
  r = (uint64_t)n << 56;
  for (i = 0; i < n; i++) r |= (uint64_t)b[i] << (8 * i);
  return (jlong)r;
}

JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_putPacked(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos, jlong bits,
                                                        jint len);
JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_putPacked(JNIEnv* jenv, jclass jcls, jlong jmap, jlong pos, jlong bits,
                                                        jint len) {
  mmf_map* m = (mmf_map*)(intptr_t)jmap;
  unsigned char b[8];
  int i;
  mmf_status s;
  (void)jcls;
  if (len < 0 || len > 8) {
    mmf_java_small_fail(jenv, "putPacked", MMF_OK, pos, len, 8);
    return;
  }
  for (i = 0; i < len; i++) b[i] = (unsigned char)((uint64_t)bits >> (8 * i));
  s = mmf_write_at(m, (uint64_t)pos, b, (size_t)len);
  if (s != MMF_OK) mmf_java_small_fail(jenv, "putPacked", s, pos, len, 8);
}

/* ---- direct reads (NativeJNI.directLayout and the rest). */
#include "mmf_direct.h"

JNIEXPORT jlongArray JNICALL Java_org_mmf_NativeJNI_directLayout(JNIEnv* jenv, jclass jcls, jlong jmap);
JNIEXPORT jlongArray JNICALL Java_org_mmf_NativeJNI_directLayout(JNIEnv* jenv, jclass jcls, jlong jmap) {
  mmf_direct_layout l;
  jlong v[10];
  jlongArray arr;
  (void)jcls;
  memset(&l, 0, sizeof l);
  l.size = sizeof l;
  if (mmf_direct_layout_of((mmf_map*)(intptr_t)jmap, &l) != MMF_OK || l.version != MMF_DIRECT_VERSION) return NULL;
  v[0] = (jlong)(intptr_t)l.epoch;
  v[1] = (jlong)(intptr_t)l.block;
  v[2] = (jlong)l.block_size;
  v[3] = (jlong)l.seq_offset;
  v[4] = (jlong)l.view_offset;
  v[5] = (jlong)l.data_offset;
  v[6] = (jlong)l.length_offset;
  v[7] = (jlong)l.slot_size;
  v[8] = (jlong)l.slot_active_offset;
  v[9] = (jlong)l.slot_view_offset;
  arr = (*jenv)->NewLongArray(jenv, 10);
  if (arr) (*jenv)->SetLongArrayRegion(jenv, arr, 0, 10, v);
  return arr;
}

JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_directSlotClaim(JNIEnv* jenv, jclass jcls);
JNIEXPORT jlong JNICALL Java_org_mmf_NativeJNI_directSlotClaim(JNIEnv* jenv, jclass jcls) {
  (void)jenv;
  (void)jcls;
  return (jlong)(intptr_t)mmf_direct_slot_claim();
}

JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_directSlotRelease(JNIEnv* jenv, jclass jcls, jlong slot);
JNIEXPORT void JNICALL Java_org_mmf_NativeJNI_directSlotRelease(JNIEnv* jenv, jclass jcls, jlong slot) {
  (void)jenv;
  (void)jcls;
  mmf_direct_slot_release((void*)(intptr_t)slot);
}

JNIEXPORT jobject JNICALL Java_org_mmf_NativeJNI_directBuffer(JNIEnv* jenv, jclass jcls, jlong address,
                                                              jlong capacity);
JNIEXPORT jobject JNICALL Java_org_mmf_NativeJNI_directBuffer(JNIEnv* jenv, jclass jcls, jlong address,
                                                              jlong capacity) {
  (void)jcls;
  return (*jenv)->NewDirectByteBuffer(jenv, (void*)(intptr_t)address, capacity);
}
%}
