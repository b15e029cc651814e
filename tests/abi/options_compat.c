/*
 * options_compat.c - mmf_options across header versions (mmf.h, "How the
 * struct grows"). Built twice: against the real mmf.h ("1.0") and against a
 * copy with one more trailing field, added_in_1_1 (MMF_TEST_HEADER_1_1; see
 * CMakeLists.txt, which also builds a library from that copy). CTest runs
 * both programs against both libraries.
 *
 *   options_compat LIB_VERSION LIB_DIR
 *
 * LIB_VERSION is the header version of the library the loader is expected
 * to pick ("1.0" or "1.1"), LIB_DIR its directory; the program checks in
 * /proc/self/maps that it really runs against that file, so a wrong
 * LD_LIBRARY_PATH cannot make the test pass against the wrong library.
 *
 * Every call gets a struct that ends exactly at a PROT_NONE page: a library
 * that reads or writes one byte past the caller's struct crashes the test.
 * A second copy of each call uses a struct followed by canary bytes, which
 * must come back untouched.
 */
#define _GNU_SOURCE
#include <mmf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef MMF_TEST_HEADER_1_1
#define HEADER "1.1"
#else
#define HEADER "1.0"
#endif

static int g_failed = 0;
static int g_passed = 0;

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (cond) {                                                                     \
      ++g_passed;                                                                   \
    } else {                                                                        \
      ++g_failed;                                                                   \
      printf("FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, mmf_last_error()); \
    }                                                                               \
  } while (0)

/* A struct whose last byte is the last byte before a PROT_NONE page. */
static mmf_options* guarded(size_t size) {
  static unsigned char* pages = NULL;
  long ps = sysconf(_SC_PAGESIZE);
  if (pages == NULL) {
    pages = mmap(NULL, (size_t)ps * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED || mprotect(pages + ps, (size_t)ps, PROT_NONE) != 0) {
      perror("options_compat: guard page");
      exit(2);
    }
  }
  /* 8-byte alignment: size is a multiple of 8 for every sizeof(mmf_options);
   * the hand-set 1.0 size (end of flags) is placed 4 bytes further on. */
  return (mmf_options*)(void*)(pages + ps - ((size + 7) & ~(size_t)7));
}

/* The file the loader mapped as libmmf, from /proc/self/maps. */
static int loaded_lib(char* out, size_t n) {
  char line[4096];
  int found = 0;
  FILE* f = fopen("/proc/self/maps", "r");
  if (f == NULL) return 0;
  while (!found && fgets(line, sizeof line, f) != NULL) {
    char* p = strchr(line, '/');
    if (p != NULL && strstr(p, "/libmmf.so") != NULL) {
      p[strcspn(p, "\n")] = '\0';
      snprintf(out, n, "%s", p);
      found = 1;
    }
  }
  fclose(f);
  return found;
}

/* Opens through all three calls with *o; returns how many succeeded. */
static int open_all(const mmf_options* o, const char* path, const char* name) {
  mmf_map* m = NULL;
  int ok = 0;
  if (mmf_open(path, o, &m) == MMF_OK) ++ok;
  mmf_free(m);
  m = NULL;
  if (mmf_open_anonymous(4096, o, &m) == MMF_OK) ++ok;
  mmf_free(m);
  m = NULL;
  if (mmf_open_named(name, 4096, o, &m) == MMF_OK) ++ok;
  mmf_free(m);
  (void)mmf_unlink_named(name);
  return ok;
}

int main(int argc, char** argv) {
  const char* lib_version;
  const char* lib_dir;
  char lib[4096] = "";
  char path[] = "/tmp/mmf-options-compat-XXXXXX";
  char name[64];
  int fd;
  mmf_options* o;
  size_t v10 = offsetof(mmf_options, flags) + sizeof(uint32_t); /* the 1.0 struct, without padding */

  if (argc != 3) {
    fprintf(stderr, "usage: %s LIB_VERSION LIB_DIR\n", argv[0]);
    return 2;
  }
  lib_version = argv[1];
  lib_dir = argv[2];
  if (!loaded_lib(lib, sizeof lib) || strncmp(lib, lib_dir, strlen(lib_dir)) != 0 || lib[strlen(lib_dir)] != '/' ||
      strchr(lib + strlen(lib_dir) + 1, '/') != NULL) {
    printf("FAIL: libmmf is %s, expected one in %s\n", lib, lib_dir);
    return 1;
  }
  printf("header %s (sizeof(mmf_options) %zu), library %s (%s)\n", HEADER, sizeof(mmf_options), lib_version, lib);

  fd = mkstemp(path);
  if (fd < 0 || write(fd, "0123456789abcdef", 16) != 16) {
    perror("options_compat: temp file");
    return 2;
  }
  close(fd);
  snprintf(name, sizeof name, "mmf-optcompat-%ld", (long)getpid());

  /* The documented way: mmf_options_init (compiled here, with this header's
   * sizeof), then the calls. */
  o = guarded(sizeof(mmf_options));
  mmf_options_init(o);
  CHECK(o->size == sizeof(mmf_options));
  CHECK(open_all(o, path, name) == 3);

  /* The initialiser, copied in. */
  {
    const mmf_options lit = MMF_OPTIONS_INIT;
    o = guarded(sizeof(mmf_options));
    *o = lit;
    CHECK(open_all(o, path, name) == 3);
  }

  /* Options that matter are honoured, whatever the other side's size:
   * READ makes writes fail. */
  {
    mmf_map* m = NULL;
    o = guarded(sizeof(mmf_options));
    mmf_options_init(o);
    o->access = MMF_ACCESS_READ;
    o->offset = 3;
    CHECK(mmf_open(path, o, &m) == MMF_OK);
    CHECK(mmf_write_byte(m, 1) == MMF_ERR_READ_ONLY);
    {
      uint64_t len = 0;
      CHECK(mmf_length(m, &len) == MMF_OK && len == 13);
    }
    mmf_free(m);
  }

  /* size set by hand to the 1.0 struct without its trailing padding: a
   * struct that ends at the end of flags. */
  {
    unsigned char* end;
    o = guarded(v10 + 4);
    end = (unsigned char*)o + v10;
    memset(o, 0, v10);
    o->size = (uint32_t)v10;
    /* the padding is not the caller's to promise: garbage there is ignored */
    if (sizeof(mmf_options) > v10) memset(end, 0xEE, 4);
    CHECK(open_all(o, path, name) == 3);
  }

  /* A struct followed by canaries: nothing after it is written. */
  {
    struct {
      mmf_options o;
      unsigned char canary[64];
    } s;
    size_t i;
    int intact = 1;
    memset(&s, 0xA5, sizeof s);
    mmf_options_init(&s.o);
    memset((unsigned char*)&s.o + offsetof(mmf_options, flags) + sizeof(uint32_t), 0,
           sizeof s.o - (offsetof(mmf_options, flags) + sizeof(uint32_t)));
#ifdef MMF_TEST_HEADER_1_1
    s.o.added_in_1_1 = 0;
#endif
    CHECK(open_all(&s.o, path, name) == 3);
    for (i = 0; i < sizeof s.canary; ++i) intact &= s.canary[i] == 0xA5;
    CHECK(intact);
  }

  /* Too small for any version: refused, with the reason. */
  o = guarded(sizeof(mmf_options));
  mmf_options_init(o);
  o->size = (uint32_t)v10 - 1;
  CHECK(open_all(o, path, name) == 0);
  CHECK(strstr(mmf_last_error(), "options->size") != NULL);

#ifdef MMF_TEST_HEADER_1_1
  /* A newer caller's field: zero is "as before" for an older library; a
   * nonzero value is refused by a library that does not know the field and
   * accepted by one that does. */
  o = guarded(sizeof(mmf_options));
  mmf_options_init(o);
  CHECK(o->added_in_1_1 == 0);
  CHECK(open_all(o, path, name) == 3);
  o->added_in_1_1 = 7;
  if (strcmp(lib_version, "1.1") == 0) {
    CHECK(open_all(o, path, name) == 3);
  } else {
    CHECK(open_all(o, path, name) == 0);
    CHECK(strstr(mmf_last_error(), "does not know") != NULL);
  }
#endif

  unlink(path);
  printf("options_compat (header %s, library %s): %d passed, %d failed\n", HEADER, lib_version, g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
