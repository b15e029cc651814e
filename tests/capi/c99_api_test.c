/*
 * c99_api_test.c - every entry point of mmf.h, called from strict C99 with
 * hostile arguments: NULL handles, NULL output pointers, closed handles,
 * huge values (UINT64_MAX, SIZE_MAX, INT64_MAX), negative values (INT64_MIN,
 * -1), offset+length sums that overflow, and a read-only map.
 *
 * For every call the documented status is asserted. For every failure the
 * thread's mmf_last_error() must be fresh, non-empty and start with the name
 * of the function followed by '(' (the test first provokes a failure of a
 * different function, so a stale message cannot pass). After the hostile
 * calls the map contents, the file contents and the cursor are compared with
 * what they were before: a failed call must not change anything.
 *
 * Output: one line per failed check, then
 *   c99_api_test: N passed, M failed
 * Exit status 0 only if nothing failed.
 */
#define _POSIX_C_SOURCE 200809L
/* SIGXFSZ is XSI (FreeBSD hides it without this); macOS declares mkdtemp
 * (POSIX 2008) only for _DARWIN_C_SOURCE. */
#define _XOPEN_SOURCE 700
#define _DARWIN_C_SOURCE

#include <fcntl.h>
#include <limits.h>
#include <mmf.h>
#include <mmf_direct.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* A tiny check framework                                              */

static int g_passed = 0;
static int g_failed = 0;

static void pass(void) { ++g_passed; }

static void fail(int line, const char* what, const char* detail) {
  ++g_failed;
  printf("FAIL c99_api_test.c:%d: %s: %s\n", line, what, detail);
  fflush(stdout);
}

#define EXPECT(cond)                     \
  do {                                   \
    if (cond) {                          \
      pass();                            \
    } else {                             \
      fail(__LINE__, #cond, "is false"); \
    }                                    \
  } while (0)

static const char* status_name(mmf_status s) {
  switch (s) {
    case MMF_OK:
      return "MMF_OK";
    case MMF_ERR_INVALID_ARGUMENT:
      return "MMF_ERR_INVALID_ARGUMENT";
    case MMF_ERR_CLOSED:
      return "MMF_ERR_CLOSED";
    case MMF_ERR_READ_ONLY:
      return "MMF_ERR_READ_ONLY";
    case MMF_ERR_OUT_OF_RANGE:
      return "MMF_ERR_OUT_OF_RANGE";
    case MMF_ERR_BUSY:
      return "MMF_ERR_BUSY";
    case MMF_ERR_IO:
      return "MMF_ERR_IO";
    case MMF_ERR_NO_MEMORY:
      return "MMF_ERR_NO_MEMORY";
    case MMF_ERR_UNSUPPORTED:
      return "MMF_ERR_UNSUPPORTED";
    case MMF_ERR_FAULT:
      return "MMF_ERR_FAULT";
  }
  return "(unknown status)";
}

/* Provoke a failure of a function other than fname, so that the message
 * checked after the call under test cannot be a leftover. */
static void prime_last_error(const char* fname) {
  if (strcmp(fname, "mmf_tell") != 0) {
    (void)mmf_tell(NULL, NULL);
  } else {
    (void)mmf_length(NULL, NULL);
  }
}

/* Check a status and, for failures, the message. want2 is an alternative
 * accepted status (pass want for none). */
static void check_status(int line, const char* expr, mmf_status got, mmf_status want, mmf_status want2,
                         const char* fname) {
  char detail[1024];
  const char* msg;
  size_t flen = strlen(fname);

  if (got != want && got != want2) {
    if (want2 != want) {
      snprintf(detail, sizeof detail, "returned %s, expected %s or %s (last error: \"%s\")", status_name(got),
               status_name(want), status_name(want2), mmf_last_error());
    } else {
      snprintf(detail, sizeof detail, "returned %s, expected %s (last error: \"%s\")", status_name(got),
               status_name(want), mmf_last_error());
    }
    fail(line, expr, detail);
    return;
  }
  pass();
  if (got == MMF_OK) {
    return;
  }
  msg = mmf_last_error();
  if (msg == NULL) {
    fail(line, expr, "mmf_last_error() returned NULL");
    return;
  }
  if (msg[0] == '\0') {
    fail(line, expr, "mmf_last_error() is empty after a failure");
    return;
  }
  if (strncmp(msg, fname, flen) != 0 || msg[flen] != '(') {
    snprintf(detail, sizeof detail, "mmf_last_error() \"%s\" does not start with \"%s(\"", msg, fname);
    fail(line, expr, detail);
    return;
  }
  pass();
}

/* EXPECT_ST(call, status, "function"): prime the last error, make the call,
 * check its status and (on failure) its message. */
#define EXPECT_ST(call, want, fname)                             \
  do {                                                           \
    mmf_status st_;                                              \
    prime_last_error(fname);                                     \
    st_ = (call);                                                \
    check_status(__LINE__, #call, st_, (want), (want), (fname)); \
  } while (0)

/* As EXPECT_ST with a second acceptable status. */
#define EXPECT_ST2(call, want, want2, fname)                      \
  do {                                                            \
    mmf_status st_;                                               \
    prime_last_error(fname);                                      \
    st_ = (call);                                                 \
    check_status(__LINE__, #call, st_, (want), (want2), (fname)); \
  } while (0)

#define EXPECT_OK(call) EXPECT_ST(call, MMF_OK, "mmf_")

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

#define CONTENT "0123456789abcdefghijklmnopqrstu\n"
#define LEN ((uint64_t)(sizeof CONTENT - 1)) /* 32 */

static char g_dir[2048];
static char g_data[4096];  /* CONTENT, mapped read-write */
static char g_ro[4096];    /* CONTENT, mapped read-only */
static char g_empty[4096]; /* an empty file */
static char g_new[4096];   /* a path that must never come to exist */

static int write_file(const char* path, const char* content, size_t len) {
  FILE* f = fopen(path, "wb");
  if (f == NULL) {
    return -1;
  }
  if (len > 0 && fwrite(content, 1, len, f) != len) {
    fclose(f);
    return -1;
  }
  return fclose(f) == 0 ? 0 : -1;
}

/* File contents must equal expected (len bytes, exactly). */
static void check_file(int line, const char* path, const char* expected, size_t len) {
  char buf[256];
  size_t n;
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    fail(line, path, "cannot open the file to compare");
    return;
  }
  n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  if (n != len || memcmp(buf, expected, len) != 0) {
    fail(line, path, "file contents changed");
  } else {
    pass();
  }
}

/* Map contents must equal expected, and the cursor must be at cursor. */
static void check_map(int line, mmf_map* m, const char* expected, uint64_t len, uint64_t cursor) {
  char buf[256];
  size_t n = 0;
  uint64_t got_len = 0;
  uint64_t pos = 0;
  if (mmf_length(m, &got_len) != MMF_OK || got_len != len) {
    fail(line, "mmf_length", "map length changed");
    return;
  }
  if (mmf_read_at(m, 0, buf, sizeof buf, &n) != MMF_OK || n != len || memcmp(buf, expected, (size_t)len) != 0) {
    fail(line, "mmf_read_at", "map contents changed");
    return;
  }
  if (mmf_tell(m, &pos) != MMF_OK || pos != cursor) {
    char d[128];
    snprintf(d, sizeof d, "cursor is %llu, expected %llu", (unsigned long long)pos, (unsigned long long)cursor);
    fail(line, "mmf_tell", d);
    return;
  }
  pass();
}

static int file_exists(const char* path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static long long file_size(const char* path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    return -1;
  }
  return (long long)st.st_size;
}

static mmf_map* open_map(const char* path, mmf_access access) {
  mmf_options o;
  mmf_map* m = NULL;
  mmf_options_init(&o);
  o.access = access;
  if (mmf_open(path, &o, &m) != MMF_OK) {
    printf("FATAL: mmf_open(%s) failed: %s\n", path, mmf_last_error());
    exit(2);
  }
  return m;
}

static mmf_map* closed_map(void) {
  mmf_map* m = open_map(g_data, MMF_ACCESS_DEFAULT);
  if (mmf_close(m) != MMF_OK) {
    printf("FATAL: mmf_close failed: %s\n", mmf_last_error());
    exit(2);
  }
  return m;
}

static mmf_map* const SENTINEL = (mmf_map*)&g_passed; /* any non-NULL address */

/* ------------------------------------------------------------------ */
/* Globals: options_init, page size, strerror, version, last error     */

static void test_globals(void) {
  mmf_options o;
  uint64_t ps = mmf_page_size();
  uint64_t ag = mmf_allocation_granularity();
  static const struct {
    mmf_status s;
    const char* name;
  } names[] = {{MMF_OK, "MMF_OK"},
               {MMF_ERR_INVALID_ARGUMENT, "MMF_ERR_INVALID_ARGUMENT"},
               {MMF_ERR_CLOSED, "MMF_ERR_CLOSED"},
               {MMF_ERR_READ_ONLY, "MMF_ERR_READ_ONLY"},
               {MMF_ERR_OUT_OF_RANGE, "MMF_ERR_OUT_OF_RANGE"},
               {MMF_ERR_BUSY, "MMF_ERR_BUSY"},
               {MMF_ERR_IO, "MMF_ERR_IO"},
               {MMF_ERR_NO_MEMORY, "MMF_ERR_NO_MEMORY"},
               {MMF_ERR_UNSUPPORTED, "MMF_ERR_UNSUPPORTED"},
               {MMF_ERR_FAULT, "MMF_ERR_FAULT"}};
  size_t i;
  const char* before;
  char saved[512];

  /* numeric values are ABI */
  EXPECT(MMF_OK == 0 && MMF_ERR_INVALID_ARGUMENT == 1 && MMF_ERR_CLOSED == 2 && MMF_ERR_READ_ONLY == 3 &&
         MMF_ERR_OUT_OF_RANGE == 4 && MMF_ERR_BUSY == 5 && MMF_ERR_IO == 6 && MMF_ERR_NO_MEMORY == 7 &&
         MMF_ERR_UNSUPPORTED == 8 && MMF_ERR_FAULT == 9);
  EXPECT(MMF_SEEK_SET == SEEK_SET && MMF_SEEK_CUR == SEEK_CUR && MMF_SEEK_END == SEEK_END);

  mmf_options_init(NULL); /* no-op, must not crash */
  pass();
  memset(&o, 0xAB, sizeof o);
  mmf_options_init(&o);
  EXPECT(o.size == sizeof(mmf_options));
  EXPECT(o.access == MMF_ACCESS_DEFAULT);
  EXPECT(o.offset == 0);
  EXPECT(o.length == 0);
  EXPECT(o.flags == 0);
  {
    /* MMF_OPTIONS_INIT and mmf_options_init agree, field by field */
    mmf_options lit = MMF_OPTIONS_INIT;
    EXPECT(lit.size == o.size && lit.access == o.access && lit.offset == o.offset && lit.length == o.length &&
           lit.flags == o.flags);
  }

  EXPECT(ps >= 512 && (ps & (ps - 1)) == 0);
  EXPECT(ag >= 1 && (ag & (ag - 1)) == 0);

  for (i = 0; i < sizeof names / sizeof names[0]; ++i) {
    const char* s = mmf_strerror(names[i].s);
    size_t nl = strlen(names[i].name);
    if (s == NULL || strncmp(s, names[i].name, nl) != 0 || (s[nl] != ':' && s[nl] != '\0')) {
      char d[256];
      snprintf(d, sizeof d, "mmf_strerror(%d) = \"%s\" does not start with %s", (int)names[i].s,
               s == NULL ? "(null)" : s, names[i].name);
      fail(__LINE__, "mmf_strerror", d);
    } else {
      pass();
    }
  }
  EXPECT(mmf_strerror((mmf_status)10) != NULL && strcmp(mmf_strerror((mmf_status)10), "unknown status") == 0);
  EXPECT(mmf_strerror((mmf_status)-1) != NULL && strcmp(mmf_strerror((mmf_status)-1), "unknown status") == 0);
  EXPECT(mmf_strerror((mmf_status)INT_MAX) != NULL && strcmp(mmf_strerror((mmf_status)INT_MAX), "unknown status") == 0);

  EXPECT(mmf_version() != NULL && strcmp(mmf_version(), MMF_VERSION_STRING) == 0);
  EXPECT(mmf_last_error() != NULL);

  /* these never fail and must not touch the last error */
  prime_last_error("mmf_");
  before = mmf_last_error();
  snprintf(saved, sizeof saved, "%s", before);
  (void)mmf_closed(NULL);
  (void)mmf_page_size();
  (void)mmf_allocation_granularity();
  (void)mmf_strerror(MMF_ERR_IO);
  (void)mmf_version();
  mmf_options_init(&o);
  mmf_free(NULL);
  EXPECT(strcmp(mmf_last_error(), saved) == 0);
  /* a successful call does not clear it */
  {
    mmf_map* m = open_map(g_data, MMF_ACCESS_READ);
    uint64_t len = 0;
    EXPECT(mmf_length(m, &len) == MMF_OK);
    EXPECT(strcmp(mmf_last_error(), saved) == 0);
    mmf_free(m);
  }
}

/* ------------------------------------------------------------------ */
/* mmf_open / mmf_open_fd / mmf_open_anonymous                         */

static void test_open(void) {
  mmf_options o;
  mmf_map* m;

  EXPECT_ST(mmf_open(NULL, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  m = SENTINEL;
  EXPECT_ST(mmf_open(NULL, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  EXPECT(m == NULL);
  EXPECT_ST(mmf_open(g_data, NULL, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_open");

  mmf_options_init(&o);
  o.size = 0;
  m = SENTINEL;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  EXPECT(m == NULL);
  o.size = 4; /* smaller than the fields the library needs */
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  o.size = (uint32_t)(offsetof(mmf_options, flags) + sizeof o.flags) - 1; /* one byte short of 1.0's */
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  /* the 1.0 struct without its padding is a whole struct: accepted */
  o.size = (uint32_t)(offsetof(mmf_options, flags) + sizeof o.flags);
  o.access = MMF_ACCESS_READ;
  m = NULL;
  EXPECT_OK(mmf_open(g_data, &o, &m));
  mmf_free(m);

  mmf_options_init(&o);
  o.flags = 0x80000000u;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  o.flags = UINT32_MAX;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");

  mmf_options_init(&o);
  o.access = (mmf_access)4;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  o.access = (mmf_access)-1;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");

  mmf_options_init(&o);
  o.flags = MMF_MAP_PRIVATE;
  o.access = MMF_ACCESS_READ;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  o.access = MMF_ACCESS_WRITE;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  o.access = MMF_ACCESS_COPY;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");

  mmf_options_init(&o);
  o.flags = MMF_OPEN_EXCLUSIVE;
  EXPECT_ST(mmf_open(g_new, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  EXPECT(!file_exists(g_new));

  /* empty file, whole-file length */
  m = SENTINEL;
  EXPECT_ST(mmf_open(g_empty, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  EXPECT(m == NULL);

  /* offset at / past the end with length 0 */
  mmf_options_init(&o);
  o.offset = LEN;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.offset = LEN + 1;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.offset = UINT64_MAX;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.offset = (uint64_t)INT64_MAX;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");

  /* offset+length past the end, without CREATE */
  mmf_options_init(&o);
  o.length = LEN + 1;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.offset = LEN - 1;
  o.length = 2;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.offset = 0;
  o.length = UINT64_MAX;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.length = (uint64_t)INT64_MAX;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  /* offset+length overflows */
  o.offset = UINT64_MAX - 1;
  o.length = 4;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.offset = 1;
  o.length = UINT64_MAX;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  /* ... and with CREATE: the overflow must be caught before the file grows */
  o.flags = MMF_OPEN_CREATE;
  o.offset = UINT64_MAX - 1;
  o.length = 4;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  o.offset = 1;
  o.length = UINT64_MAX;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  EXPECT_ST(mmf_open(g_new, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open");
  EXPECT(!file_exists(g_new)); /* a failed open must not leave a file behind */
  (void)unlink(g_new);         /* keep the later checks independent of this one */
  EXPECT(file_size(g_data) == (long long)LEN);

  /* OS failures, with their portable kind */
  m = SENTINEL;
  EXPECT_ST(mmf_open(g_new, NULL, &m), MMF_ERR_IO, "mmf_open");
  EXPECT(m == NULL);
  EXPECT(mmf_last_error_kind() == MMF_KIND_NOT_FOUND);
  EXPECT_ST(mmf_open(NULL, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open");
  EXPECT(mmf_last_error_kind() == MMF_KIND_NONE);
  EXPECT(!file_exists(g_new));
  EXPECT_ST(mmf_open(g_dir, NULL, &m), MMF_ERR_IO, "mmf_open");
  EXPECT_ST(mmf_open("", NULL, &m), MMF_ERR_IO, "mmf_open");
  mmf_options_init(&o);
  o.flags = MMF_OPEN_CREATE | MMF_OPEN_EXCLUSIVE;
  o.length = LEN;
  EXPECT_ST(mmf_open(g_data, &o, &m), MMF_ERR_IO, "mmf_open");

  /* valid: read-only map of the data file, offsets that are not page
   * multiples, length exactly to the end */
  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  o.offset = 3;
  m = NULL;
  EXPECT_OK(mmf_open(g_data, &o, &m));
  if (m != NULL) {
    check_map(__LINE__, m, &CONTENT[3], LEN - 3, 0);
    mmf_free(m);
  }
  o.offset = LEN - 1;
  o.length = 1;
  m = NULL;
  EXPECT_OK(mmf_open(g_data, &o, &m));
  if (m != NULL) {
    check_map(__LINE__, m, &CONTENT[LEN - 1], 1, 0);
    mmf_free(m);
  }
  check_file(__LINE__, g_data, CONTENT, (size_t)LEN);
}

static void test_open_fd(void) {
  mmf_options o;
  mmf_map* m;
  int rd = open(g_data, O_RDONLY);
  int bad = open(g_data, O_RDONLY);

  EXPECT(rd >= 0 && bad >= 0);
  close(bad); /* now a closed descriptor number */

  m = SENTINEL;
  EXPECT_ST(mmf_open_fd(-1, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");
  EXPECT(m == NULL);
  EXPECT_ST(mmf_open_fd(INT_MIN, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");
  EXPECT_ST(mmf_open_fd(rd, NULL, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");

  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  o.size = 0;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");
  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  o.flags = MMF_OPEN_CREATE;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");
  o.flags = MMF_OPEN_CREATE | MMF_OPEN_EXCLUSIVE;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");
  o.flags = 0x80000000u;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");
  o.flags = 0;
  o.access = (mmf_access)77;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");

  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  o.length = LEN + 1;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open_fd");
  o.offset = UINT64_MAX - 1;
  o.length = 4;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open_fd");
  o.offset = LEN;
  o.length = 0;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open_fd");

  /* a closed descriptor, a huge one */
  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  m = SENTINEL;
  EXPECT_ST(mmf_open_fd(bad, &o, &m), MMF_ERR_IO, "mmf_open_fd");
  EXPECT(m == NULL);
  EXPECT_ST(mmf_open_fd(INT_MAX, &o, &m), MMF_ERR_IO, "mmf_open_fd");
  /* read-only descriptor, writable map */
  mmf_options_init(&o);
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_IO, "mmf_open_fd");
  o.access = MMF_ACCESS_WRITE;
  EXPECT_ST(mmf_open_fd(rd, &o, &m), MMF_ERR_IO, "mmf_open_fd");

  /* valid: READ and COPY on a read-only descriptor */
  o.access = MMF_ACCESS_READ;
  m = NULL;
  EXPECT_OK(mmf_open_fd(rd, &o, &m));
  if (m != NULL) {
    check_map(__LINE__, m, CONTENT, LEN, 0);
    mmf_free(m);
  }
  o.access = MMF_ACCESS_COPY;
  m = NULL;
  EXPECT_OK(mmf_open_fd(rd, &o, &m));
  if (m != NULL) {
    EXPECT_OK(mmf_write_at(m, 0, "XY", 2));
    mmf_free(m);
  }
  close(rd);
  check_file(__LINE__, g_data, CONTENT, (size_t)LEN);
}

static void test_open_anonymous(void) {
  mmf_options o;
  mmf_map* m;

  m = SENTINEL;
  EXPECT_ST(mmf_open_anonymous(16, NULL, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  EXPECT_ST(mmf_open_anonymous(0, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  EXPECT(m == NULL);
  mmf_options_init(&o);
  o.offset = 1;
  EXPECT_ST(mmf_open_anonymous(16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  o.offset = UINT64_MAX;
  EXPECT_ST(mmf_open_anonymous(16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  mmf_options_init(&o);
  o.size = 0;
  EXPECT_ST(mmf_open_anonymous(16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  mmf_options_init(&o);
  o.flags = 0x100u;
  EXPECT_ST(mmf_open_anonymous(16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  mmf_options_init(&o);
  o.access = (mmf_access)-1;
  EXPECT_ST(mmf_open_anonymous(16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  mmf_options_init(&o);
  o.access = MMF_ACCESS_WRITE;
  o.flags = MMF_MAP_PRIVATE;
  EXPECT_ST(mmf_open_anonymous(16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");

  m = SENTINEL;
  EXPECT_ST(mmf_open_anonymous(UINT64_MAX, NULL, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open_anonymous");
  EXPECT(m == NULL);
  EXPECT_ST(mmf_open_anonymous((uint64_t)INT64_MAX + 1, NULL, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open_anonymous");
  /* INT64_MAX is allowed by the arguments, but the OS cannot provide it */
  EXPECT_ST2(mmf_open_anonymous((uint64_t)INT64_MAX, NULL, &m), MMF_ERR_NO_MEMORY, MMF_ERR_IO, "mmf_open_anonymous");

  /* named maps: hostile names and option sets (the valid paths are in
     tests/named) */
  {
    static const char* const bad_names[] = {"",
                                            "a/b",
                                            "/abc",
                                            ".hidden",
                                            "-dash",
                                            "sp ace",
                                            "t\xc3\xa9",
                                            "tab\t",
                                            "a\\b",
                                            "colon:x",
                                            "0123456789abcdef0123456789abcdef"};
    size_t k;
    for (k = 0; k < sizeof bad_names / sizeof bad_names[0]; k++) {
      m = SENTINEL;
      EXPECT_ST(mmf_open_named(bad_names[k], 16, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
      EXPECT(m == NULL);
      EXPECT_ST(mmf_unlink_named(bad_names[k]), MMF_ERR_INVALID_ARGUMENT, "mmf_unlink_named");
    }
  }
  EXPECT_ST(mmf_unlink_named(NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_unlink_named");
  m = SENTINEL;
  EXPECT_ST(mmf_open_named(NULL, 16, NULL, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  EXPECT(m == NULL);
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, NULL, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  mmf_options_init(&o);
  o.size = 0;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  mmf_options_init(&o);
  o.flags = MMF_OPEN_EXCLUSIVE;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 0, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.flags = MMF_OPEN_CREATE;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.flags = MMF_OPEN_NOFOLLOW;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.flags = MMF_OPEN_OWNER_ONLY;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.flags = 0x40000000u;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.flags = 0;
  o.offset = 4096;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.offset = UINT64_MAX;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.offset = 0;
  o.access = (mmf_access)42;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.access = (mmf_access)-1;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 16, &o, &m), MMF_ERR_INVALID_ARGUMENT, "mmf_open_named");
  o.access = MMF_ACCESS_DEFAULT;
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", UINT64_MAX, &o, &m), MMF_ERR_OUT_OF_RANGE, "mmf_open_named");
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", (uint64_t)INT64_MAX + 1, NULL, &m), MMF_ERR_OUT_OF_RANGE,
            "mmf_open_named");
  /* length 0 opens only: the name does not exist */
  EXPECT_ST(mmf_open_named("mmf-c99-never-made", 0, &o, &m), MMF_ERR_IO, "mmf_open_named");
  EXPECT(m == NULL);
  EXPECT_OK(mmf_unlink_named("mmf-c99-never-made")); /* a missing name is fine */

  /* valid ones: o->length is ignored; the memory is zeroed */
  mmf_options_init(&o);
  o.length = 12345;
  m = NULL;
  EXPECT_OK(mmf_open_anonymous(16, &o, &m));
  if (m != NULL) {
    check_map(__LINE__, m, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16, 0);
    mmf_free(m);
  }
  mmf_options_init(&o);
  o.access = MMF_ACCESS_READ;
  m = NULL;
  EXPECT_OK(mmf_open_anonymous(1, &o, &m));
  if (m != NULL) {
    EXPECT_ST(mmf_write_byte(m, 1), MMF_ERR_READ_ONLY, "mmf_write_byte");
    mmf_free(m);
  }
}

/* ------------------------------------------------------------------ */
/* mmf_access_of: the access the library resolved at open              */

static void test_access_of(void) {
  static const struct {
    mmf_access asked;
    uint32_t flags;
    mmf_access got;
  } cases[] = {{MMF_ACCESS_DEFAULT, 0, MMF_ACCESS_WRITE},
               {MMF_ACCESS_DEFAULT, MMF_MAP_PRIVATE, MMF_ACCESS_COPY},
               {MMF_ACCESS_READ, 0, MMF_ACCESS_READ},
               {MMF_ACCESS_WRITE, 0, MMF_ACCESS_WRITE},
               {MMF_ACCESS_COPY, 0, MMF_ACCESS_COPY}};
  size_t i;
  mmf_access a = (mmf_access)-1;
  mmf_map* m;

  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    mmf_options o = MMF_OPTIONS_INIT;
    o.access = cases[i].asked;
    o.flags = cases[i].flags;
    m = NULL;
    EXPECT_OK(mmf_open(g_data, &o, &m));
    a = (mmf_access)-1;
    EXPECT_OK(mmf_access_of(m, &a));
    EXPECT(a == cases[i].got);
    mmf_free(m);
    m = NULL;
    EXPECT_OK(mmf_open_anonymous(16, &o, &m));
    a = (mmf_access)-1;
    EXPECT_OK(mmf_access_of(m, &a));
    EXPECT(a == cases[i].got);
    mmf_free(m);
  }
  EXPECT_ST(mmf_access_of(NULL, &a), MMF_ERR_INVALID_ARGUMENT, "mmf_access_of");
  m = open_map(g_data, MMF_ACCESS_READ);
  EXPECT_ST(mmf_access_of(m, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_access_of");
  mmf_free(m);
  m = closed_map();
  a = (mmf_access)-1;
  EXPECT_ST(mmf_access_of(m, &a), MMF_ERR_CLOSED, "mmf_access_of");
  EXPECT(a == (mmf_access)-1); /* untouched on failure */
  mmf_free(m);
}

/* ------------------------------------------------------------------ */
/* NULL handle: every function                                         */

static void test_null_handle(void) {
  char buf[8];
  size_t n = 0;
  uint8_t b = 0;
  uint64_t u = 0;
  int64_t found = 0;
  void* data = NULL;

  EXPECT_ST(mmf_close(NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_close");
  EXPECT(mmf_closed(NULL) == 1);
  mmf_free(NULL);
  pass();
  EXPECT_ST(mmf_read(NULL, buf, sizeof buf, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_read");
  EXPECT_ST(mmf_read_byte(NULL, &b), MMF_ERR_INVALID_ARGUMENT, "mmf_read_byte");
  EXPECT_ST(mmf_readline(NULL, buf, sizeof buf, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_readline");
  EXPECT_ST(mmf_write(NULL, "x", 1), MMF_ERR_INVALID_ARGUMENT, "mmf_write");
  EXPECT_ST(mmf_write_byte(NULL, 1), MMF_ERR_INVALID_ARGUMENT, "mmf_write_byte");
  EXPECT_ST(mmf_seek(NULL, 0, MMF_SEEK_SET, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_seek");
  EXPECT_ST(mmf_tell(NULL, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_tell");
  EXPECT_ST(mmf_read_at(NULL, 0, buf, sizeof buf, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_read_at");
  EXPECT_ST(mmf_write_at(NULL, 0, "x", 1), MMF_ERR_INVALID_ARGUMENT, "mmf_write_at");
  EXPECT_ST(mmf_find(NULL, "x", 1, MMF_POS_DEFAULT, MMF_POS_DEFAULT, &found), MMF_ERR_INVALID_ARGUMENT, "mmf_find");
  EXPECT_ST(mmf_rfind(NULL, "x", 1, MMF_POS_DEFAULT, MMF_POS_DEFAULT, &found), MMF_ERR_INVALID_ARGUMENT, "mmf_rfind");
  EXPECT_ST(mmf_move(NULL, 0, 1, 1), MMF_ERR_INVALID_ARGUMENT, "mmf_move");
  EXPECT_ST(mmf_flush(NULL, 0, 0, MMF_FLUSH_SYNC), MMF_ERR_INVALID_ARGUMENT, "mmf_flush");
  EXPECT_ST(mmf_resize(NULL, 1), MMF_ERR_INVALID_ARGUMENT, "mmf_resize");
  EXPECT_ST(mmf_length(NULL, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_length");
  EXPECT_ST(mmf_size(NULL, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_size");
  EXPECT_ST(mmf_madvise(NULL, MMF_ADVICE_NORMAL, 0, 0), MMF_ERR_INVALID_ARGUMENT, "mmf_madvise");
  EXPECT_ST(mmf_buffer_acquire(NULL, &data, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_buffer_acquire");
  EXPECT_ST(mmf_buffer_release(NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_buffer_release");
}

/* ------------------------------------------------------------------ */
/* Closed handle: every function                                       */

static void test_closed_handle(void) {
  mmf_map* m = closed_map();
  char buf[8];
  size_t n = 0;
  uint8_t b = 0;
  uint64_t u = 0;
  int64_t found = 0;
  void* data = NULL;

  EXPECT(mmf_closed(m) == 1);
  EXPECT_OK(mmf_close(m)); /* idempotent */
  EXPECT_OK(mmf_close(m));
  EXPECT(mmf_closed(m) == 1);
  EXPECT_ST(mmf_read(m, buf, sizeof buf, &n), MMF_ERR_CLOSED, "mmf_read");
  EXPECT_ST(mmf_read(m, NULL, 0, &n), MMF_ERR_CLOSED, "mmf_read");
  EXPECT_ST(mmf_read_byte(m, &b), MMF_ERR_CLOSED, "mmf_read_byte");
  EXPECT_ST(mmf_readline(m, buf, sizeof buf, &n), MMF_ERR_CLOSED, "mmf_readline");
  EXPECT_ST(mmf_write(m, "x", 1), MMF_ERR_CLOSED, "mmf_write");
  EXPECT_ST(mmf_write(m, NULL, 0), MMF_ERR_CLOSED, "mmf_write");
  EXPECT_ST(mmf_write_byte(m, 1), MMF_ERR_CLOSED, "mmf_write_byte");
  EXPECT_ST(mmf_seek(m, 0, MMF_SEEK_SET, &u), MMF_ERR_CLOSED, "mmf_seek");
  EXPECT_ST(mmf_seek(m, 0, MMF_SEEK_SET, NULL), MMF_ERR_CLOSED, "mmf_seek");
  EXPECT_ST(mmf_tell(m, &u), MMF_ERR_CLOSED, "mmf_tell");
  EXPECT_ST(mmf_read_at(m, 0, buf, sizeof buf, &n), MMF_ERR_CLOSED, "mmf_read_at");
  EXPECT_ST(mmf_write_at(m, 0, "x", 1), MMF_ERR_CLOSED, "mmf_write_at");
  EXPECT_ST(mmf_find(m, "x", 1, MMF_POS_DEFAULT, MMF_POS_DEFAULT, &found), MMF_ERR_CLOSED, "mmf_find");
  EXPECT_ST(mmf_rfind(m, "x", 1, MMF_POS_DEFAULT, MMF_POS_DEFAULT, &found), MMF_ERR_CLOSED, "mmf_rfind");
  EXPECT_ST(mmf_move(m, 0, 1, 1), MMF_ERR_CLOSED, "mmf_move");
  EXPECT_ST(mmf_flush(m, 0, 0, MMF_FLUSH_SYNC), MMF_ERR_CLOSED, "mmf_flush");
  EXPECT_ST(mmf_flush(m, 0, 0, MMF_FLUSH_ASYNC), MMF_ERR_CLOSED, "mmf_flush");
  EXPECT_ST(mmf_resize(m, 64), MMF_ERR_CLOSED, "mmf_resize");
  EXPECT_ST(mmf_length(m, &u), MMF_ERR_CLOSED, "mmf_length");
  EXPECT_ST(mmf_size(m, &u), MMF_ERR_CLOSED, "mmf_size");
  EXPECT_ST(mmf_madvise(m, MMF_ADVICE_NORMAL, 0, 0), MMF_ERR_CLOSED, "mmf_madvise");
  EXPECT_ST(mmf_buffer_acquire(m, &data, &u), MMF_ERR_CLOSED, "mmf_buffer_acquire");
  EXPECT_ST(mmf_buffer_release(m), MMF_ERR_CLOSED, "mmf_buffer_release");
  mmf_free(m);
  check_file(__LINE__, g_data, CONTENT, (size_t)LEN);
}

/* ------------------------------------------------------------------ */
/* NULL outputs and hostile values on an open read-write map           */

static void test_cursor_calls(mmf_map* m) {
  char buf[LEN + 8];
  size_t n = 99;
  uint8_t b = 0;
  uint64_t u = 0;

  /* mmf_read */
  EXPECT_ST(mmf_read(m, buf, sizeof buf, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_read");
  EXPECT_ST(mmf_read(m, NULL, 1, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_read");
  EXPECT_ST(mmf_read(m, NULL, SIZE_MAX, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_read");
  check_map(__LINE__, m, CONTENT, LEN, 0);
  n = 99;
  EXPECT_OK(mmf_read(m, NULL, 0, &n));
  EXPECT(n == 0);
  EXPECT_OK(mmf_seek(m, (int64_t)LEN - 1, MMF_SEEK_SET, NULL));
  n = 0;
  EXPECT_OK(mmf_read(m, buf, SIZE_MAX, &n)); /* cap huge, 1 byte left */
  EXPECT(n == 1 && buf[0] == '\n');
  n = 99;
  EXPECT_OK(mmf_read(m, buf, SIZE_MAX, &n)); /* at the end */
  EXPECT(n == 0);
  check_map(__LINE__, m, CONTENT, LEN, LEN);

  /* mmf_read_byte */
  EXPECT_ST(mmf_read_byte(m, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_read_byte");
  EXPECT_ST(mmf_read_byte(m, &b), MMF_ERR_OUT_OF_RANGE, "mmf_read_byte");
  check_map(__LINE__, m, CONTENT, LEN, LEN);
  EXPECT_OK(mmf_seek(m, 0, MMF_SEEK_SET, NULL));
  EXPECT_ST(mmf_read_byte(m, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_read_byte");
  check_map(__LINE__, m, CONTENT, LEN, 0);

  /* mmf_readline */
  EXPECT_ST(mmf_readline(m, buf, sizeof buf, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_readline");
  EXPECT_ST(mmf_readline(m, NULL, 1, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_readline");
  EXPECT_ST(mmf_readline(m, NULL, SIZE_MAX, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_readline");
  check_map(__LINE__, m, CONTENT, LEN, 0);
  n = 99;
  EXPECT_OK(mmf_readline(m, NULL, 0, &n));
  EXPECT(n == 0);
  n = 0;
  EXPECT_OK(mmf_readline(m, buf, SIZE_MAX, &n)); /* the whole line fits buf */
  EXPECT(n == LEN && memcmp(buf, CONTENT, (size_t)LEN) == 0);
  n = 99;
  EXPECT_OK(mmf_readline(m, buf, SIZE_MAX, &n));
  EXPECT(n == 0);
  check_map(__LINE__, m, CONTENT, LEN, LEN);

  /* mmf_write: at the end, len 0 fits; anything else does not */
  EXPECT_OK(mmf_write(m, NULL, 0));
  EXPECT_OK(mmf_write(m, "x", 0));
  EXPECT_ST(mmf_write(m, "x", 1), MMF_ERR_OUT_OF_RANGE, "mmf_write");
  EXPECT_ST(mmf_write(m, NULL, 1), MMF_ERR_INVALID_ARGUMENT, "mmf_write");
  EXPECT_ST(mmf_write(m, NULL, SIZE_MAX), MMF_ERR_INVALID_ARGUMENT, "mmf_write");
  EXPECT_ST(mmf_write(m, "x", SIZE_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_write");
  EXPECT_OK(mmf_seek(m, (int64_t)LEN - 1, MMF_SEEK_SET, NULL));
  EXPECT_ST(mmf_write(m, "XY", 2), MMF_ERR_OUT_OF_RANGE, "mmf_write"); /* pos=len-1, len 2 */
  EXPECT_ST(mmf_write(m, "X", SIZE_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_write");
  check_map(__LINE__, m, CONTENT, LEN, LEN - 1);
  EXPECT_OK(mmf_seek(m, 0, MMF_SEEK_SET, NULL));
  EXPECT_ST(mmf_write(m, CONTENT "more", (size_t)LEN + 1), MMF_ERR_OUT_OF_RANGE, "mmf_write");
  EXPECT_ST(mmf_write(m, "X", SIZE_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_write");
  check_map(__LINE__, m, CONTENT, LEN, 0);

  /* mmf_write_byte */
  EXPECT_OK(mmf_seek(m, 0, MMF_SEEK_END, NULL));
  EXPECT_ST(mmf_write_byte(m, 'Z'), MMF_ERR_OUT_OF_RANGE, "mmf_write_byte");
  check_map(__LINE__, m, CONTENT, LEN, LEN);

  /* mmf_seek */
  EXPECT_OK(mmf_seek(m, 5, MMF_SEEK_SET, NULL));
  EXPECT_ST(mmf_seek(m, 0, 3, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_seek");
  EXPECT_ST(mmf_seek(m, 0, -1, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_seek");
  EXPECT_ST(mmf_seek(m, 0, INT_MAX, &u), MMF_ERR_INVALID_ARGUMENT, "mmf_seek");
  EXPECT_ST(mmf_seek(m, -1, MMF_SEEK_SET, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, INT64_MIN, MMF_SEEK_SET, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, INT64_MAX, MMF_SEEK_SET, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, (int64_t)LEN + 1, MMF_SEEK_SET, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, INT64_MAX, MMF_SEEK_CUR, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, INT64_MIN, MMF_SEEK_CUR, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, -6, MMF_SEEK_CUR, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, (int64_t)LEN - 4, MMF_SEEK_CUR, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, INT64_MAX, MMF_SEEK_END, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, INT64_MIN, MMF_SEEK_END, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, 1, MMF_SEEK_END, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  EXPECT_ST(mmf_seek(m, -(int64_t)LEN - 1, MMF_SEEK_END, &u), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
  check_map(__LINE__, m, CONTENT, LEN, 5);
  u = 99;
  EXPECT_OK(mmf_seek(m, -(int64_t)LEN, MMF_SEEK_END, &u));
  EXPECT(u == 0);
  EXPECT_OK(mmf_seek(m, (int64_t)LEN, MMF_SEEK_CUR, &u));
  EXPECT(u == LEN);
  EXPECT_OK(mmf_seek(m, -(int64_t)LEN, MMF_SEEK_CUR, NULL));
  check_map(__LINE__, m, CONTENT, LEN, 0);

  /* mmf_tell */
  EXPECT_ST(mmf_tell(m, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_tell");
}

static void test_positional_calls(mmf_map* m) {
  char buf[LEN + 8];
  size_t n = 99;
  int64_t found = 99;

  /* mmf_read_at */
  EXPECT_ST(mmf_read_at(m, 0, buf, sizeof buf, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_read_at");
  EXPECT_ST(mmf_read_at(m, 0, NULL, 1, &n), MMF_ERR_INVALID_ARGUMENT, "mmf_read_at");
  EXPECT_ST(mmf_read_at(m, LEN + 1, buf, 1, &n), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  EXPECT_ST(mmf_read_at(m, UINT64_MAX, buf, 1, &n), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  EXPECT_ST(mmf_read_at(m, UINT64_MAX - 1, buf, 4, &n), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  EXPECT_ST(mmf_read_at(m, (uint64_t)INT64_MAX, buf, 1, &n), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  EXPECT_ST(mmf_read_at(m, (uint64_t)INT64_MIN, buf, 1, &n), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  EXPECT_ST(mmf_read_at(m, UINT64_MAX, buf, 0, &n), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  n = 99;
  EXPECT_OK(mmf_read_at(m, 0, NULL, 0, &n));
  EXPECT(n == 0);
  n = 99;
  EXPECT_OK(mmf_read_at(m, LEN, buf, sizeof buf, &n));
  EXPECT(n == 0);
  n = 99;
  EXPECT_OK(mmf_read_at(m, LEN, buf, SIZE_MAX, &n));
  EXPECT(n == 0);
  EXPECT_OK(mmf_read_at(m, LEN - 1, buf, 2, &n)); /* pos=len-1, cap 2: short read */
  EXPECT(n == 1 && buf[0] == '\n');
  EXPECT_OK(mmf_read_at(m, LEN - 1, buf, SIZE_MAX, &n));
  EXPECT(n == 1);
  EXPECT_OK(mmf_read_at(m, 0, buf, SIZE_MAX, &n)); /* buf holds all LEN bytes */
  EXPECT(n == LEN && memcmp(buf, CONTENT, (size_t)LEN) == 0);

  /* mmf_write_at */
  EXPECT_ST(mmf_write_at(m, 0, NULL, 1), MMF_ERR_INVALID_ARGUMENT, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, 0, NULL, SIZE_MAX), MMF_ERR_INVALID_ARGUMENT, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, LEN - 1, "XY", 2), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, LEN, "X", 1), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, LEN + 1, "X", 0), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, UINT64_MAX - 1, "XYZW", 4), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, UINT64_MAX, "X", 1), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, UINT64_MAX, "X", 0), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, 0, "X", SIZE_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, 1, "X", SIZE_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, (uint64_t)INT64_MAX, "X", 1), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  EXPECT_OK(mmf_write_at(m, LEN, "X", 0));
  EXPECT_OK(mmf_write_at(m, 0, NULL, 0));
  check_map(__LINE__, m, CONTENT, LEN, 0);

  /* mmf_find / mmf_rfind */
  EXPECT_ST(mmf_find(m, "a", 1, 0, MMF_POS_DEFAULT, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_find");
  EXPECT_ST(mmf_find(m, NULL, 1, 0, MMF_POS_DEFAULT, &found), MMF_ERR_INVALID_ARGUMENT, "mmf_find");
  EXPECT_ST(mmf_rfind(m, "a", 1, 0, MMF_POS_DEFAULT, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_rfind");
  EXPECT_ST(mmf_rfind(m, NULL, 1, 0, MMF_POS_DEFAULT, &found), MMF_ERR_INVALID_ARGUMENT, "mmf_rfind");
  found = 99;
  EXPECT_OK(mmf_find(m, NULL, 0, 3, MMF_POS_DEFAULT, &found));
  EXPECT(found == 3);
  found = 99;
  EXPECT_OK(mmf_rfind(m, NULL, 0, 3, 7, &found));
  EXPECT(found == 7);
  found = 99;
  EXPECT_OK(mmf_find(m, "a", 1, INT64_MAX, INT64_MAX, &found));
  EXPECT(found == -1);
  found = 99;
  EXPECT_OK(mmf_find(m, "a", 1, INT64_MIN + 1, INT64_MAX, &found)); /* clamped to [0, len] */
  EXPECT(found == 10);
  found = 99;
  EXPECT_OK(mmf_rfind(m, "a", 1, INT64_MIN + 1, INT64_MAX, &found));
  EXPECT(found == 10);
  found = 99;
  EXPECT_OK(mmf_find(m, "a", 1, 0, INT64_MIN + 1, &found));
  EXPECT(found == -1);
  found = 99;
  EXPECT_OK(mmf_find(m, "a", 1, -1, MMF_POS_DEFAULT, &found)); /* only the last byte */
  EXPECT(found == -1);
  found = 99;
  EXPECT_OK(mmf_find(m, "\n", 1, -1, MMF_POS_DEFAULT, &found));
  EXPECT(found == (int64_t)LEN - 1);
  found = 99;
  EXPECT_OK(mmf_find(m, "a", 1, 0, -1, &found));
  EXPECT(found == 10);
  found = 99;
  EXPECT_OK(mmf_find(m, NULL, 0, INT64_MAX, INT64_MAX, &found)); /* empty sub at len */
  EXPECT(found == (int64_t)LEN);
  found = 99;
  EXPECT_OK(mmf_find(m, NULL, 0, 5, 4, &found)); /* start > end */
  EXPECT(found == -1);
  found = 99;
  EXPECT_OK(mmf_rfind(m, NULL, 0, 5, 4, &found));
  EXPECT(found == -1);
  /* a needle longer than the map, even SIZE_MAX long, is simply absent */
  found = 99;
  EXPECT_OK(mmf_find(m, CONTENT "+", (size_t)LEN + 1, 0, MMF_POS_DEFAULT, &found));
  EXPECT(found == -1);
  found = 99;
  EXPECT_OK(mmf_find(m, "0", SIZE_MAX, 0, MMF_POS_DEFAULT, &found));
  EXPECT(found == -1);
  found = 99;
  EXPECT_OK(mmf_rfind(m, "0", SIZE_MAX, 0, MMF_POS_DEFAULT, &found));
  EXPECT(found == -1);
  found = 99;
  EXPECT_OK(mmf_find(m, CONTENT, (size_t)LEN, MMF_POS_DEFAULT, MMF_POS_DEFAULT, &found));
  EXPECT(found == 0);
  check_map(__LINE__, m, CONTENT, LEN, 0);

  /* mmf_move */
  EXPECT_ST(mmf_move(m, LEN + 1, 0, 0), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, 0, LEN + 1, 0), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, 0, 0, LEN + 1), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, 0, 0, UINT64_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, LEN - 1, 0, 2), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, 0, LEN - 1, 2), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, UINT64_MAX - 1, 0, 4), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, 0, UINT64_MAX - 1, 4), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, UINT64_MAX, UINT64_MAX, 0), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_ST(mmf_move(m, 1, 0, UINT64_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_move");
  EXPECT_OK(mmf_move(m, LEN, LEN, 0));
  EXPECT_OK(mmf_move(m, 0, 0, LEN));
  check_map(__LINE__, m, CONTENT, LEN, 0);

  /* mmf_flush */
  EXPECT_ST(mmf_flush(m, 0, 0, 2), MMF_ERR_INVALID_ARGUMENT, "mmf_flush");
  EXPECT_ST(mmf_flush(m, 0, 0, UINT32_MAX), MMF_ERR_INVALID_ARGUMENT, "mmf_flush");
  EXPECT_ST(mmf_flush(m, LEN + 1, 0, MMF_FLUSH_SYNC), MMF_ERR_OUT_OF_RANGE, "mmf_flush");
  EXPECT_ST(mmf_flush(m, 0, LEN + 1, MMF_FLUSH_SYNC), MMF_ERR_OUT_OF_RANGE, "mmf_flush");
  EXPECT_ST(mmf_flush(m, LEN - 1, 2, MMF_FLUSH_SYNC), MMF_ERR_OUT_OF_RANGE, "mmf_flush");
  EXPECT_ST(mmf_flush(m, UINT64_MAX - 1, 4, MMF_FLUSH_SYNC), MMF_ERR_OUT_OF_RANGE, "mmf_flush");
  EXPECT_ST(mmf_flush(m, 0, UINT64_MAX, MMF_FLUSH_ASYNC), MMF_ERR_OUT_OF_RANGE, "mmf_flush");
  EXPECT_ST(mmf_flush(m, 1, UINT64_MAX, MMF_FLUSH_SYNC), MMF_ERR_OUT_OF_RANGE, "mmf_flush");
  EXPECT_ST(mmf_flush(m, UINT64_MAX, 0, MMF_FLUSH_SYNC), MMF_ERR_OUT_OF_RANGE, "mmf_flush");
  EXPECT_OK(mmf_flush(m, 0, 0, MMF_FLUSH_SYNC));
  EXPECT_OK(mmf_flush(m, 0, 0, MMF_FLUSH_ASYNC));
  EXPECT_OK(mmf_flush(m, 3, 5, MMF_FLUSH_SYNC)); /* unaligned: widened */
  EXPECT_OK(mmf_flush(m, LEN - 1, 1, MMF_FLUSH_SYNC));

  /* mmf_madvise */
  EXPECT_ST(mmf_madvise(m, -1, 0, 0), MMF_ERR_INVALID_ARGUMENT, "mmf_madvise");
  EXPECT_ST(mmf_madvise(m, 5, 0, 0), MMF_ERR_INVALID_ARGUMENT, "mmf_madvise");
  EXPECT_ST(mmf_madvise(m, INT_MIN, 0, 0), MMF_ERR_INVALID_ARGUMENT, "mmf_madvise");
  EXPECT_ST(mmf_madvise(m, MMF_ADVICE_NORMAL, LEN, 0), MMF_ERR_OUT_OF_RANGE, "mmf_madvise");
  EXPECT_ST(mmf_madvise(m, MMF_ADVICE_NORMAL, UINT64_MAX, 0), MMF_ERR_OUT_OF_RANGE, "mmf_madvise");
  EXPECT_ST(mmf_madvise(m, MMF_ADVICE_NORMAL, UINT64_MAX - 1, 4), MMF_ERR_OUT_OF_RANGE, "mmf_madvise");
  EXPECT_ST(mmf_madvise(m, MMF_ADVICE_NORMAL, 1, UINT64_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_madvise");
  EXPECT_OK(mmf_madvise(m, MMF_ADVICE_NORMAL, LEN - 1, 2)); /* clamped */
  /* start+len past INT64_MAX: an error, as CPython's OverflowError (mmf.h) */
  EXPECT_ST(mmf_madvise(m, MMF_ADVICE_RANDOM, 0, UINT64_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_madvise");
  EXPECT_OK(mmf_madvise(m, MMF_ADVICE_RANDOM, 0, (uint64_t)INT64_MAX)); /* long but valid: clamped */
  EXPECT_OK(mmf_madvise(m, MMF_ADVICE_SEQUENTIAL, 3, 0));
  EXPECT_OK(mmf_madvise(m, MMF_ADVICE_WILLNEED, 0, 0));
  EXPECT_OK(mmf_madvise(m, MMF_ADVICE_DONTNEED, 0, 0)); /* shared file map: data stays */
  EXPECT_OK(mmf_madvise(m, MMF_ADVICE_NORMAL, 0, 0));
  check_map(__LINE__, m, CONTENT, LEN, 0);

  /* mmf_length / mmf_size */
  EXPECT_ST(mmf_length(m, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_length");
  EXPECT_ST(mmf_size(m, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_size");
}

static void test_resize_and_buffer(mmf_map* m) {
  void* data = NULL;
  uint64_t len = 0;

  /* mmf_resize: sizes the file cannot take */
  EXPECT_ST(mmf_resize(m, UINT64_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_resize");
  EXPECT_ST(mmf_resize(m, (uint64_t)INT64_MAX + 1), MMF_ERR_OUT_OF_RANGE, "mmf_resize");
  EXPECT_ST2(mmf_resize(m, (uint64_t)INT64_MAX), MMF_ERR_IO, MMF_ERR_NO_MEMORY, "mmf_resize");
  check_map(__LINE__, m, CONTENT, LEN, 0);
  EXPECT(file_size(g_data) == (long long)LEN);

  /* buffers */
  EXPECT_ST(mmf_buffer_acquire(m, NULL, &len), MMF_ERR_INVALID_ARGUMENT, "mmf_buffer_acquire");
  EXPECT_ST(mmf_buffer_acquire(m, &data, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_buffer_acquire");
  EXPECT_ST(mmf_buffer_acquire(m, NULL, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_buffer_acquire");
  EXPECT_ST(mmf_buffer_release(m), MMF_ERR_INVALID_ARGUMENT, "mmf_buffer_release");
  EXPECT_OK(mmf_buffer_acquire(m, &data, &len));
  EXPECT(data != NULL && len == LEN && memcmp(data, CONTENT, (size_t)LEN) == 0);
  EXPECT_OK(mmf_buffer_acquire(m, &data, &len));
  EXPECT_ST(mmf_close(m), MMF_ERR_BUSY, "mmf_close");
  EXPECT_ST(mmf_resize(m, LEN + 1), MMF_ERR_BUSY, "mmf_resize");
  EXPECT_OK(mmf_buffer_release(m));
  EXPECT_ST(mmf_close(m), MMF_ERR_BUSY, "mmf_close");
  EXPECT_ST(mmf_resize(m, 1), MMF_ERR_BUSY, "mmf_resize");
  EXPECT(mmf_closed(m) == 0);
  EXPECT_OK(mmf_buffer_release(m));
  EXPECT_ST(mmf_buffer_release(m), MMF_ERR_INVALID_ARGUMENT, "mmf_buffer_release");
  check_map(__LINE__, m, CONTENT, LEN, 0);
  EXPECT(file_size(g_data) == (long long)LEN);
}

/* ------------------------------------------------------------------ */
/* A read-only map                                                     */

static void test_read_only(void) {
  mmf_map* m = open_map(g_ro, MMF_ACCESS_READ);
  char buf[LEN + 1];
  size_t n = 0;
  uint8_t b = 0;
  int64_t found = 0;
  uint64_t u = 0;
  void* data = NULL;

  EXPECT_ST(mmf_write(m, "X", 1), MMF_ERR_READ_ONLY, "mmf_write");
  EXPECT_ST(mmf_write(m, "X", SIZE_MAX), MMF_ERR_READ_ONLY, "mmf_write");
  EXPECT_ST(mmf_write_byte(m, 'X'), MMF_ERR_READ_ONLY, "mmf_write_byte");
  EXPECT_ST(mmf_write_at(m, 0, "X", 1), MMF_ERR_READ_ONLY, "mmf_write_at");
  EXPECT_ST(mmf_write_at(m, UINT64_MAX - 1, "XYZW", 4), MMF_ERR_READ_ONLY, "mmf_write_at");
  EXPECT_ST(mmf_move(m, 0, 1, 1), MMF_ERR_READ_ONLY, "mmf_move");
  EXPECT_ST(mmf_resize(m, LEN * 2), MMF_ERR_READ_ONLY, "mmf_resize");
  EXPECT_ST(mmf_resize(m, 1), MMF_ERR_READ_ONLY, "mmf_resize");
  EXPECT_ST(mmf_resize(m, UINT64_MAX), MMF_ERR_READ_ONLY, "mmf_resize");
  check_map(__LINE__, m, CONTENT, LEN, 0);
  check_file(__LINE__, g_ro, CONTENT, (size_t)LEN);

  /* reading, seeking, flushing, advising and buffers all work */
  EXPECT_OK(mmf_read_byte(m, &b));
  EXPECT(b == '0');
  EXPECT_OK(mmf_readline(m, buf, sizeof buf, &n));
  EXPECT(n == LEN - 1);
  EXPECT_OK(mmf_seek(m, 0, MMF_SEEK_SET, &u));
  EXPECT_OK(mmf_read(m, buf, sizeof buf, &n));
  EXPECT(n == LEN);
  EXPECT_OK(mmf_read_at(m, 10, buf, 1, &n));
  EXPECT(n == 1 && buf[0] == 'a');
  EXPECT_OK(mmf_find(m, "u", 1, 0, MMF_POS_DEFAULT, &found));
  EXPECT(found == 30);
  EXPECT_OK(mmf_flush(m, 0, 0, MMF_FLUSH_SYNC));
  EXPECT_OK(mmf_flush(m, 0, 0, MMF_FLUSH_ASYNC));
  EXPECT_OK(mmf_madvise(m, MMF_ADVICE_WILLNEED, 0, 0));
  EXPECT_OK(mmf_length(m, &u));
  EXPECT(u == LEN);
  EXPECT_OK(mmf_size(m, &u));
  EXPECT(u == LEN);
  EXPECT_OK(mmf_buffer_acquire(m, &data, &u));
  EXPECT(u == LEN && data != NULL && memcmp(data, CONTENT, (size_t)LEN) == 0);
  EXPECT_OK(mmf_buffer_release(m));
  EXPECT_OK(mmf_close(m));
  EXPECT_ST(mmf_resize(m, 1), MMF_ERR_CLOSED, "mmf_resize");
  mmf_free(m);
  check_file(__LINE__, g_ro, CONTENT, (size_t)LEN);

  /* COPY maps cannot be resized either */
  {
    mmf_map* c = open_map(g_ro, MMF_ACCESS_COPY);
    EXPECT_ST(mmf_resize(c, LEN * 2), MMF_ERR_READ_ONLY, "mmf_resize");
    EXPECT_OK(mmf_write_at(c, 0, "XYZ", 3));
    EXPECT_OK(mmf_flush(c, 0, 0, MMF_FLUSH_SYNC));
    mmf_free(c);
    check_file(__LINE__, g_ro, CONTENT, (size_t)LEN);
  }
}

/* ------------------------------------------------------------------ */
/* A map with a nonzero offset: resize overflow                        */

static void test_offset_map(void) {
  mmf_options o;
  mmf_map* m = NULL;
  mmf_options_init(&o);
  o.offset = 10;
  EXPECT_OK(mmf_open(g_data, &o, &m));
  if (m == NULL) {
    return;
  }
  check_map(__LINE__, m, &CONTENT[10], LEN - 10, 0);
  /* offset + new_length exceeds INT64_MAX */
  EXPECT_ST(mmf_resize(m, (uint64_t)INT64_MAX - 5), MMF_ERR_OUT_OF_RANGE, "mmf_resize");
  EXPECT_ST(mmf_resize(m, (uint64_t)INT64_MAX), MMF_ERR_OUT_OF_RANGE, "mmf_resize");
  EXPECT_ST(mmf_resize(m, UINT64_MAX - 5), MMF_ERR_OUT_OF_RANGE, "mmf_resize");
  check_map(__LINE__, m, &CONTENT[10], LEN - 10, 0);
  EXPECT(file_size(g_data) == (long long)LEN);
  mmf_free(m); /* free without close: closes */
  check_file(__LINE__, g_data, CONTENT, (size_t)LEN);
}

/* mmf_free on a map with buffers still acquired must not crash or leak the
 * file's contents. */
static void test_free_paths(void) {
  mmf_map* m = open_map(g_data, MMF_ACCESS_DEFAULT);
  void* data = NULL;
  uint64_t len = 0;
  EXPECT_OK(mmf_buffer_acquire(m, &data, &len));
  mmf_free(m);
  pass();
  m = open_map(g_data, MMF_ACCESS_DEFAULT);
  mmf_free(m); /* open, never closed */
  pass();
  check_file(__LINE__, g_data, CONTENT, (size_t)LEN);
}

/* ------------------------------------------------------------------ */

/* Safety net: some calls below ask for 8 EiB (INT64_MAX) of file or anonymous
 * memory. A library that reserves storage up front (posix_fallocate on a
 * memfd) would exhaust the machine's RAM before failing. With RLIMIT_FSIZE
 * at 1 GiB and SIGXFSZ ignored, such growth fails at once with EFBIG, which
 * mmf must report as MMF_ERR_IO; no check here needs a file over 1 KiB. */
static void limit_file_size(void) {
  struct rlimit rl;
  const rlim_t limit = (rlim_t)1 << 30;
  (void)signal(SIGXFSZ, SIG_IGN);
  if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > limit)) {
    rl.rlim_cur = limit;
    (void)setrlimit(RLIMIT_FSIZE, &rl);
  }
}

static void setup(void) {
  const char* tmp = getenv("TMPDIR");
  if (tmp == NULL || tmp[0] == '\0') {
    tmp = "/tmp";
  }
  snprintf(g_dir, sizeof g_dir, "%s/mmf-c99-XXXXXX", tmp);
  if (mkdtemp(g_dir) == NULL) {
    perror("mkdtemp");
    exit(2);
  }
  snprintf(g_data, sizeof g_data, "%s/data.bin", g_dir);
  snprintf(g_ro, sizeof g_ro, "%s/ro.bin", g_dir);
  snprintf(g_empty, sizeof g_empty, "%s/empty.bin", g_dir);
  snprintf(g_new, sizeof g_new, "%s/never-created.bin", g_dir);
  if (write_file(g_data, CONTENT, (size_t)LEN) != 0 || write_file(g_ro, CONTENT, (size_t)LEN) != 0 ||
      write_file(g_empty, "", 0) != 0) {
    perror("writing the test files");
    exit(2);
  }
}

static void teardown(void) {
  (void)unlink(g_data);
  (void)unlink(g_ro);
  (void)unlink(g_empty);
  (void)unlink(g_new);
  (void)rmdir(g_dir);
}

/* mmf_direct.h: bad input first (the same answer everywhere), then what a
 * reader gets: a layout and slots where direct reads are offered, else
 * MMF_ERR_UNSUPPORTED and no slot, never a mix. */
static void dummy_site(void) {}

static void test_direct(void) {
  mmf_direct_layout l;
  mmf_map* m = open_map(g_data, MMF_ACCESS_READ);
  mmf_status s;
  void* slot;
  memset(&l, 0, sizeof l);
  l.size = sizeof l;
  EXPECT_ST(mmf_direct_layout_of(NULL, &l), MMF_ERR_INVALID_ARGUMENT, "mmf_direct_layout_of");
  EXPECT_ST(mmf_direct_layout_of(m, NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_direct_layout_of");
  l.size = 0;
  EXPECT_ST(mmf_direct_layout_of(m, &l), MMF_ERR_INVALID_ARGUMENT, "mmf_direct_layout_of");
  l.size = offsetof(mmf_direct_layout, slot_view_offset); /* one field short */
  EXPECT_ST(mmf_direct_layout_of(m, &l), MMF_ERR_INVALID_ARGUMENT, "mmf_direct_layout_of");
  EXPECT_ST(mmf_direct_add_load(NULL), MMF_ERR_INVALID_ARGUMENT, "mmf_direct_add_load");
  mmf_direct_slot_release(NULL); /* a no-op */

  l.size = sizeof l;
  EXPECT_ST2(s = mmf_direct_layout_of(m, &l), MMF_OK, MMF_ERR_UNSUPPORTED, "mmf_direct_layout_of");
  slot = mmf_direct_slot_claim();
  if (s == MMF_OK) {
    EXPECT(slot != NULL);
    EXPECT(l.version == MMF_DIRECT_VERSION);
    EXPECT(l.epoch != NULL && *l.epoch != 0);
    EXPECT(l.block != NULL);
    EXPECT(l.seq_offset + 4 <= l.block_size && l.view_offset + sizeof(void*) <= l.block_size);
    EXPECT(l.data_offset + 8 <= l.block_size && l.length_offset + 8 <= l.block_size);
    EXPECT(l.slot_active_offset + 8 <= l.slot_size && l.slot_view_offset + sizeof(void*) <= l.slot_size);
    /* The block describes this map: its length, and its bytes at data. */
    EXPECT(*(const volatile uint64_t*)((const volatile char*)l.block + l.length_offset) == LEN);
    EXPECT(memcmp((const void*)(uintptr_t) * (const volatile uint64_t*)((const volatile char*)l.block + l.data_offset),
                  CONTENT, 4) == 0);
    EXPECT_ST2(mmf_direct_add_load((const void*)(uintptr_t)dummy_site), MMF_OK, MMF_ERR_UNSUPPORTED,
               "mmf_direct_add_load");
  } else {
    EXPECT(slot == NULL);
    EXPECT_ST(mmf_direct_add_load((const void*)(uintptr_t)dummy_site), MMF_ERR_UNSUPPORTED, "mmf_direct_add_load");
  }
  mmf_direct_slot_release(slot);
  EXPECT_OK(mmf_close(m));
  EXPECT_ST(mmf_direct_layout_of(m, &l), MMF_ERR_CLOSED, "mmf_direct_layout_of");
  mmf_free(m);
}

int main(void) {
  mmf_map* m;

  limit_file_size();
  setup();
  test_globals();
  test_open();
  test_open_fd();
  test_open_anonymous();
  test_null_handle();
  test_closed_handle();

  m = open_map(g_data, MMF_ACCESS_DEFAULT);
  test_cursor_calls(m);
  test_positional_calls(m);
  test_resize_and_buffer(m);
  EXPECT_OK(mmf_close(m));
  mmf_free(m);
  check_file(__LINE__, g_data, CONTENT, (size_t)LEN);

  test_read_only();
  test_access_of();
  test_offset_map();
  test_free_paths();
  test_direct();
  teardown();

  printf("c99_api_test: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
