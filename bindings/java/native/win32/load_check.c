/* Loads the jar's mmfjni.dll as a JVM would (LoadLibrary) and looks up each
 * JNI entry point named on the command line: under Wine this shows that the
 * DLL resolves all its imports on Windows without any other DLL of ours
 * (check_maven.sh). No JVM is needed: nothing is called.
 *   load_check.exe mmfjni.dll SYMBOL... */
#include <stdio.h>
#include <windows.h>

int main(int argc, char **argv) {
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
    if (GetProcAddress(dll, argv[i]) == NULL) {
      fprintf(stderr, "load_check: %s has no %s\n", argv[1], argv[i]);
      return 1;
    }
  }
  printf("load_check: %s loaded, %d entry points found\n", argv[1], argc - 2);
  return 0;
}
