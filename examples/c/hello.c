/*
 * hello.c - the first example of Python's mmap documentation, through the C
 * API:
 *
 *   with open("hello.txt", "wb") as f: f.write(b"Hello Python!\n")
 *   with open("hello.txt", "r+b") as f:
 *       mm = mmap.mmap(f.fileno(), 0)
 *       print(mm.readline())   # prints "Hello Python!"
 *       print(mm[:5])          # prints "Hello"
 *       mm[6:] = b" world!\n"
 *       mm.seek(0)
 *       print(mm.readline())   # prints "Hello  world!"
 *       mm.close()
 *
 * Note: as in Python, " world!\n" replaces "Python!\n" from index 6, after
 * the space at index 5, so the last line has two spaces: "Hello  world!".
 *
 * The file is a new one in the temporary directory ($TMPDIR, %TEMP% or
 * /tmp), created by mmf itself with MMF_OPEN_CREATE | MMF_OPEN_EXCLUSIVE so
 * that it is never someone else's (standard C has no mkdtemp), and removed
 * at the end. Only standard C and mmf.h: it builds wherever the library
 * does. Every status is checked; on failure the program prints
 * mmf_last_error() and exits with status 1.
 */
#include <mmf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char file_path[4096];

static void cleanup(void) {
  if (file_path[0] != '\0') {
    (void)remove(file_path);
  }
}

/* A new, empty file of our own in dir: a fresh name, created exclusively
 * (owner only) through mmf; another name is tried if one is taken. */
static int create_own_file(const char* dir) {
  mmf_options o = MMF_OPTIONS_INIT;
  unsigned long seed = (unsigned long)time(NULL) ^ (unsigned long)clock();
  int attempt;
  o.flags = MMF_OPEN_CREATE | MMF_OPEN_EXCLUSIVE | MMF_OPEN_OWNER_ONLY;
  o.length = 1; /* mmf maps at least one byte; the file is rewritten below */
  for (attempt = 0; attempt < 100; ++attempt) {
    mmf_map* m = NULL;
    if ((size_t)snprintf(file_path, sizeof file_path, "%s/mmf-hello-%lx-%d.txt", dir, seed, attempt) >=
        sizeof file_path) {
      break;
    }
    if (mmf_open(file_path, &o, &m) == MMF_OK) {
      mmf_free(m);
      return 1;
    }
  }
  fprintf(stderr, "hello: cannot create a file in %s: %s\n", dir, mmf_last_error());
  file_path[0] = '\0';
  return 0;
}

/* Print the failing call with the library's message and stop. */
static void check(mmf_status s, const char* what) {
  if (s != MMF_OK) {
    fprintf(stderr, "hello: %s failed: %s (%s)\n", what, mmf_last_error(), mmf_strerror(s));
    cleanup();
    exit(1);
  }
}

static void print_bytes(const char* buf, size_t n) {
  /* The line read from the map ends with '\n' already, as Python's print of
   * a bytes line without its own newline would look. */
  if (fwrite(buf, 1, n, stdout) != n) {
    perror("hello: fwrite");
    cleanup();
    exit(1);
  }
  if (n == 0 || buf[n - 1] != '\n') {
    putchar('\n');
  }
}

int main(void) {
  const char* tmp = getenv("TMPDIR");
  mmf_map* mm = NULL;
  char buf[64];
  size_t n = 0;
  FILE* f;

  if (tmp == NULL || tmp[0] == '\0') {
    tmp = getenv("TEMP");
  }
  if (tmp == NULL || tmp[0] == '\0') {
    tmp = "/tmp";
  }
  if (!create_own_file(tmp)) {
    return 1;
  }

  /* write a simple example file */
  f = fopen(file_path, "wb");
  if (f == NULL || fputs("Hello Python!\n", f) == EOF || fclose(f) != 0) {
    perror("hello: writing hello.txt");
    cleanup();
    return 1;
  }

  /* memory-map the file; length 0 (the default options) means whole file */
  check(mmf_open(file_path, NULL, &mm), "mmf_open");

  /* read content via standard file methods */
  check(mmf_readline(mm, buf, sizeof buf, &n), "mmf_readline");
  print_bytes(buf, n); /* prints "Hello Python!" */

  /* read content via slice notation: mm[:5] */
  check(mmf_read_at(mm, 0, buf, 5, &n), "mmf_read_at");
  print_bytes(buf, n); /* prints "Hello" */

  /* update content using slice notation: mm[6:] = " world!\n";
   * note that new content must have same size */
  check(mmf_write_at(mm, 6, " world!\n", strlen(" world!\n")), "mmf_write_at");

  /* ... and read again using standard file methods */
  check(mmf_seek(mm, 0, MMF_SEEK_SET, NULL), "mmf_seek");
  check(mmf_readline(mm, buf, sizeof buf, &n), "mmf_readline");
  print_bytes(buf, n); /* prints "Hello  world!" */

  /* close the map */
  check(mmf_close(mm), "mmf_close");
  mmf_free(mm);
  cleanup();
  return 0;
}
