/*
 * platform_test.c - file maps where Windows and POSIX differ, checked on
 * both with the expectation of each (ON_WINDOWS(windows, posix)):
 *   - a shrink while another map of the same file is open: POSIX truncates
 *     (the other map's pages past the end then fault); Windows refuses with
 *     MMF_ERR_IO and the map keeps its length and contents
 *   - growing while another map is open works on both
 *   - mmf_allocation_granularity: the page size on POSIX, 64 KiB on Windows;
 *     unaligned offsets work on both
 * Prints one line per failed check, then "platform_test: N passed, M failed".
 */
#include <mmf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#define ON_WINDOWS(w, p) (w)
#else
#define ON_WINDOWS(w, p) (p)
#endif

static int g_pass, g_fail;

static void check(int ok, int line, const char* what) {
  if (ok) {
    g_pass++;
  } else {
    g_fail++;
    printf("FAIL platform_test.c:%d: %s (last error: %s)\n", line, what, mmf_last_error());
  }
}
#define CHECK(cond) check((cond) != 0, __LINE__, #cond)
#define CHECK_ST(call, want) check((call) == (want), __LINE__, #call " == " #want)

static long file_size(const char* path) {
  FILE* f = fopen(path, "rb");
  long n;
  if (f == NULL) return -1;
  if (fseek(f, 0, SEEK_END) != 0)
    n = -1;
  else
    n = ftell(f);
  fclose(f);
  return n;
}

static int write_file(const char* path, size_t n) {
  FILE* f = fopen(path, "wb");
  size_t k;
  if (f == NULL) return 0;
  for (k = 0; k < n; k++) fputc((int)('a' + k % 26), f);
  return fclose(f) == 0;
}

static mmf_map* open_file(const char* path, uint64_t offset, uint64_t length) {
  mmf_options o;
  mmf_map* m = NULL;
  mmf_options_init(&o);
  o.offset = offset;
  o.length = length;
  if (mmf_open(path, &o, &m) != MMF_OK) printf("platform_test: mmf_open: %s\n", mmf_last_error());
  return m;
}

static uint64_t len_of(mmf_map* m) {
  uint64_t n = 0;
  return mmf_length(m, &n) == MMF_OK ? n : UINT64_MAX;
}

int main(void) {
  char path[512];
  const char* dir = getenv(ON_WINDOWS("TEMP", "TMPDIR"));
  mmf_map *a, *b;
  char buf[8];
  size_t n = 0;
  uint64_t g = mmf_allocation_granularity();
  if (dir == NULL || dir[0] == '\0') dir = ON_WINDOWS(".", "/tmp");
  snprintf(path, sizeof path, "%s/mmf-platform-%lu.bin", dir, (unsigned long)(uintptr_t)&g % 100000u);

  CHECK(g == ON_WINDOWS((uint64_t)65536, mmf_page_size()));

  if (!write_file(path, 100000)) {
    printf("FAIL: cannot write %s\n", path);
    return 1;
  }
  a = open_file(path, 0, 0);
  b = open_file(path, 0, 0);
  CHECK(a != NULL && b != NULL);
  if (a != NULL && b != NULL) {
    /* shrink while b holds the file */
    CHECK_ST(mmf_resize(a, 10), ON_WINDOWS(MMF_ERR_IO, MMF_OK));
    CHECK(len_of(a) == ON_WINDOWS(100000u, 10u));
    CHECK(file_size(path) == ON_WINDOWS(100000L, 10L));
    CHECK(mmf_read_at(a, 0, buf, 3, &n) == MMF_OK && n == 3 && memcmp(buf, "abc", 3) == 0);
    /* Windows: the old map is intact, at its full length */
    CHECK_ST(mmf_read_at(a, 99999, buf, 1, &n), ON_WINDOWS(MMF_OK, MMF_ERR_OUT_OF_RANGE));
    /* grow while b holds the file: fine everywhere */
    CHECK_ST(mmf_resize(a, 200000), MMF_OK);
    CHECK(len_of(a) == 200000u);
    CHECK(file_size(path) == 200000L);
    CHECK_ST(mmf_write_at(a, 199999, "Z", 1), MMF_OK);
    CHECK(mmf_read_at(a, 199999, buf, 1, &n) == MMF_OK && buf[0] == 'Z');
    /* b still sees the bytes it mapped */
    CHECK(mmf_read_at(b, 0, buf, 3, &n) == MMF_OK && n == 3 && memcmp(buf, "abc", 3) == 0);
    mmf_free(b);
    b = NULL;
    /* alone, the shrink works everywhere */
    CHECK_ST(mmf_resize(a, 10), MMF_OK);
    CHECK(file_size(path) == 10L);
    mmf_free(a);
  } else {
    mmf_free(a);
    mmf_free(b);
  }

  /* an offset that is no multiple of the granularity */
  CHECK(write_file(path, 100000));
  a = open_file(path, g + 3, 5);
  CHECK(a != NULL);
  if (a != NULL) {
    CHECK(mmf_read_at(a, 0, buf, 5, &n) == MMF_OK && n == 5);
    CHECK(buf[0] == (char)('a' + (g + 3) % 26));
    mmf_free(a);
  }
  remove(path);
  printf("platform_test: %d passed, %d failed\n", g_pass, g_fail);
  return g_fail == 0 ? 0 : 1;
}
