/* Loads the jar's mmfjni.dll as a JVM would (LoadLibrary), looks up each JNI
 * entry point named on the command line, then runs a few of them whose
 * success path needs no JVM (they touch their JNIEnv only to throw): the
 * granularity, an anonymous map, an 8-byte typed write and read, its length,
 * close and free. Under Wine this shows that the DLL resolves its imports on
 * Windows with no other DLL of ours and that the Windows build of the core
 * works behind the JNI glue (check_maven.sh). No JVM exists here, so a failing
 * call would reach the glue's throw with a null JNIEnv and crash this program:
 * a failure all the same.
 *   load_check.exe mmfjni.dll SYMBOL... */
#include <stdio.h>
#include <windows.h>

/* The JNI types on Windows x86-64: jint is a 32-bit long, jlong 64 bits. */
typedef long long jlong_t;
typedef long jint_t;

typedef jlong_t (*granularity_fn)(void* env, void* cls);
typedef jlong_t (*open_anonymous_fn)(void* env, void* cls, jlong_t length, jint_t access, jlong_t offset,
                                     jlong_t flags);
typedef void (*typed_put_fn)(void* env, void* cls, jlong_t map, jlong_t pos, jlong_t bits, jint_t width);
typedef jlong_t (*typed_get_fn)(void* env, void* cls, jlong_t map, jlong_t pos, jint_t width);
typedef jlong_t (*length_fn)(void* env, void* cls, jlong_t map, void* self);
typedef void (*close_fn)(void* env, void* cls, jlong_t map, void* self);
typedef void (*delete_fn)(void* env, void* cls, jlong_t map);

static FARPROC need(HMODULE dll, const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (f == NULL) {
    fprintf(stderr, "load_check: no %s\n", name);
    ExitProcess(1);
  }
  return f;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: load_check DLL SYMBOL...\n");
    return 2;
  }
  HMODULE dll = LoadLibraryA(argv[1]);
  if (dll == NULL) {
    fprintf(stderr, "load_check: LoadLibrary(%s) failed: error %lu\n", argv[1], GetLastError());
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    need(dll, argv[i]);
  }

  /* Function pointers come back as FARPROC; the cast through void * is the
   * documented way to call an export by its real type. */
  granularity_fn granularity =
      (granularity_fn)(void*)need(dll, "Java_org_mmf_NativeJNI_NativeMap_1allocation_1granularity");
  open_anonymous_fn open_anonymous =
      (open_anonymous_fn)(void*)need(dll, "Java_org_mmf_NativeJNI_NativeMap_1open_1anonymous");
  typed_put_fn typed_put = (typed_put_fn)(void*)need(dll, "Java_org_mmf_NativeJNI_typedPut");
  typed_get_fn typed_get = (typed_get_fn)(void*)need(dll, "Java_org_mmf_NativeJNI_typedGet");
  length_fn length = (length_fn)(void*)need(dll, "Java_org_mmf_NativeJNI_NativeMap_1length");
  close_fn close_map = (close_fn)(void*)need(dll, "Java_org_mmf_NativeJNI_NativeMap_1close");
  delete_fn free_map = (delete_fn)(void*)need(dll, "Java_org_mmf_NativeJNI_delete_1NativeMap");

  jlong_t g = granularity(NULL, NULL);
  jlong_t map = open_anonymous(NULL, NULL, 4096, 0 /* DEFAULT */, 0, 0);
  if (map == 0) {
    fprintf(stderr, "load_check: open_anonymous returned no map\n");
    return 1;
  }
  const jlong_t bits = 0x1122334455667788LL;
  typed_put(NULL, NULL, map, 8, bits, 8);
  jlong_t got = typed_get(NULL, NULL, map, 8, 8);
  jlong_t len = length(NULL, NULL, map, NULL);
  close_map(NULL, NULL, map, NULL);
  free_map(NULL, NULL, map);
  if (g != 65536 || got != bits || len != 4096) {
    fprintf(stderr, "load_check: granularity %lld (want 65536), read back 0x%llx, length %lld\n", g,
            (unsigned long long)got, len);
    return 1;
  }
  printf("load_check: %s loaded, %d entry points found, an anonymous map written and read back\n", argv[1], argc - 2);
  return 0;
}
