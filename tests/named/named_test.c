/*
 * named_test.c - named shared maps (mmf_open_named) through the C API,
 * on every platform: create and open, exclusive creation, size rules, access
 * modes, resize, unlink and lifetime, and two processes exchanging a counter
 * and a message both ways (protocol.h) with the peer program named_peer.
 *
 * Usage: named_test PATH_OF_NAMED_PEER
 * Prints one line per failed check and ends with
 *   named_test: N passed, M failed
 * Where Windows differs (names vanish with their last map; unlink cannot
 * remove them), the expectation says so with ON_WINDOWS(windows, posix).
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L
#endif

#include <mmf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

#ifdef _WIN32
#include <process.h>
#define ON_WINDOWS(w, p) (w)
#else
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#define ON_WINDOWS(w, p) (p)
#endif

static int g_pass, g_fail;
static const char* g_peer;
static char g_prefix[16];

static void check(int ok, int line, const char* what) {
  if (ok) {
    g_pass++;
  } else {
    g_fail++;
    printf("FAIL named_test.c:%d: %s (last error: %s)\n", line, what, mmf_last_error());
  }
}
#define CHECK(cond) check((cond) != 0, __LINE__, #cond)
#define CHECK_ST(call, want) check((call) == (want), __LINE__, #call " == " #want)

/* A name unique to this run: "mmf-<pid>-<suffix>". */
static const char* name_of(const char* suffix, char* buf, size_t n) {
  snprintf(buf, n, "%s%s", g_prefix, suffix);
  return buf;
}

static mmf_status open_named(const char* name, uint64_t length, mmf_access access, uint32_t flags, mmf_map** m) {
  mmf_options o = MMF_OPTIONS_INIT;
  o.access = access;
  o.flags = flags;
  return mmf_open_named(name, length, &o, m);
}

static uint64_t len_of(mmf_map* m) {
  uint64_t n = 0;
  return mmf_length(m, &n) == MMF_OK ? n : UINT64_MAX;
}

static uint64_t size_of(mmf_map* m) {
  uint64_t n = 0;
  return mmf_size(m, &n) == MMF_OK ? n : UINT64_MAX;
}

static int has_bytes(mmf_map* m, uint64_t pos, const char* s) {
  char buf[64];
  size_t n = 0, want = strlen(s);
  return mmf_read_at(m, pos, buf, want, &n) == MMF_OK && n == want && memcmp(buf, s, want) == 0;
}

/* Runs the peer with the given arguments and returns its exit code (-1 if it
 * could not be started or did not exit normally). */
static int run_peer(const char* a1, const char* a2, const char* a3) {
  const char* argv[5];
  argv[0] = g_peer;
  argv[1] = a1;
  argv[2] = a2;
  argv[3] = a3;
  argv[4] = NULL;
#ifdef _WIN32
  {
    intptr_t h = _spawnv(_P_NOWAIT, g_peer, argv);
    int code = -1;
    if (h == -1) return -1;
    if (_cwait(&code, h, 0) == -1) return -1;
    return code;
  }
#else
  {
    int st = 0;
    pid_t pid;
    fflush(stdout);
    pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
      execv(g_peer, (char* const*)argv);
      _exit(127);
    }
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
  }
#endif
}

static void test_create_and_open(void) {
  char name[64];
  mmf_map *a = NULL, *b = NULL, *c = NULL;
  const uint64_t page = mmf_page_size();
  name_of("basic", name, sizeof name);
  (void)mmf_unlink_named(name);

  /* create-or-open creates: length as asked, object rounded up to a page */
  CHECK_ST(open_named(name, 100, MMF_ACCESS_DEFAULT, 0, &a), MMF_OK);
  CHECK(len_of(a) == 100);
  CHECK(size_of(a) == page);
  CHECK(has_bytes(a, 0, "\0\0\0\0"));
  CHECK_ST(mmf_write_at(a, 0, "hello", 5), MMF_OK);

  /* create-or-open opens: the same bytes, both ways */
  CHECK_ST(open_named(name, 100, MMF_ACCESS_DEFAULT, 0, &b), MMF_OK);
  CHECK(has_bytes(b, 0, "hello"));
  CHECK_ST(mmf_write_at(b, 50, "world", 5), MMF_OK);
  CHECK(has_bytes(a, 50, "world"));
  mmf_free(b);
  b = NULL;

  /* length 0 opens the whole object; a shorter length maps a prefix */
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, 0, &b), MMF_OK);
  CHECK(len_of(b) == page);
  CHECK(has_bytes(b, 0, "hello"));
  mmf_free(b);
  b = NULL;
  CHECK_ST(open_named(name, 10, MMF_ACCESS_DEFAULT, 0, &b), MMF_OK);
  CHECK(len_of(b) == 10);
  CHECK(size_of(b) == page);
  mmf_free(b);
  b = NULL;
  /* the whole page is there to open; one byte more is not (never grows) */
  CHECK_ST(open_named(name, page, MMF_ACCESS_DEFAULT, 0, &b), MMF_OK);
  mmf_free(b);
  b = (mmf_map*)&b;
  CHECK_ST(open_named(name, page + 1, MMF_ACCESS_DEFAULT, 0, &b), MMF_ERR_OUT_OF_RANGE);
  CHECK(b == NULL);
  CHECK(len_of(a) == 100); /* the failed open changed nothing */
  CHECK(size_of(a) == page);

  /* exclusive: the name is taken */
  CHECK_ST(open_named(name, 100, MMF_ACCESS_DEFAULT, MMF_OPEN_EXCLUSIVE, &b), MMF_ERR_IO);
  CHECK(strstr(mmf_last_error(), name) != NULL);

  /* access modes over the same object */
  CHECK_ST(open_named(name, 0, MMF_ACCESS_READ, 0, &b), MMF_OK);
  CHECK(has_bytes(b, 0, "hello"));
  CHECK_ST(mmf_write_at(b, 0, "x", 1), MMF_ERR_READ_ONLY);
  CHECK_ST(mmf_resize(b, 10), MMF_ERR_READ_ONLY);
  mmf_free(b);
  b = NULL;
  CHECK_ST(open_named(name, 0, MMF_ACCESS_COPY, 0, &b), MMF_OK);
  CHECK_ST(mmf_write_at(b, 0, "HELLO", 5), MMF_OK);
  CHECK(has_bytes(b, 0, "HELLO"));
  CHECK(has_bytes(a, 0, "hello")); /* copy-on-write: not shared */
  mmf_free(b);
  b = NULL;
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, MMF_MAP_PRIVATE, &b), MMF_OK);
  CHECK_ST(mmf_write_at(b, 0, "J", 1), MMF_OK);
  CHECK(has_bytes(a, 0, "hello"));
  mmf_free(b);
  b = NULL;
  CHECK_ST(open_named(name, 0, MMF_ACCESS_WRITE, 0, &b), MMF_OK);
  CHECK_ST(mmf_write_at(b, 0, "J", 1), MMF_OK);
  CHECK(has_bytes(a, 0, "jello") || has_bytes(a, 0, "Jello"));
  mmf_free(b);
  b = NULL;

  /* the size is fixed; flush has no file to write */
  CHECK_ST(mmf_resize(a, 200), MMF_ERR_UNSUPPORTED);
  CHECK_ST(mmf_resize(a, 50), MMF_ERR_UNSUPPORTED);
  CHECK(len_of(a) == 100);
  CHECK(has_bytes(a, 0, "Jello"));
  CHECK_ST(mmf_flush(a, 0, 0, MMF_FLUSH_SYNC), MMF_OK);
  CHECK_ST(mmf_flush(a, 0, 0, MMF_FLUSH_ASYNC), MMF_OK);

  /* unlink: maps stay valid. POSIX removes the name at once; Windows keeps
     it until the last map closes. */
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  CHECK(has_bytes(a, 50, "world"));
  CHECK_ST(mmf_write_at(a, 0, "after", 5), MMF_OK);
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, 0, &c), ON_WINDOWS(MMF_OK, MMF_ERR_IO));
  if (c != NULL) CHECK(has_bytes(c, 0, "after"));
  mmf_free(c);
  c = NULL;
  CHECK_ST(mmf_unlink_named(name), MMF_OK); /* again: nothing to remove */
  /* POSIX: a create-or-open now makes a new, zeroed object */
  CHECK_ST(open_named(name, 100, MMF_ACCESS_DEFAULT, 0, &c), MMF_OK);
  CHECK(has_bytes(c, 0, ON_WINDOWS("after", "\0\0\0\0\0")));
  mmf_free(c);
  c = NULL;
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  mmf_free(a);
  /* every map is closed: the name is gone everywhere */
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, 0, &a), MMF_ERR_IO);
  CHECK(a == NULL);
}

static void test_exclusive_and_open_only(void) {
  char name[64];
  mmf_map *a = NULL, *b = NULL;
  name_of("excl", name, sizeof name);
  (void)mmf_unlink_named(name);
  /* open only: missing */
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, 0, &a), MMF_ERR_IO);
  CHECK(strstr(mmf_last_error(), name) != NULL);
  /* exclusive creates */
  CHECK_ST(open_named(name, 64, MMF_ACCESS_DEFAULT, MMF_OPEN_EXCLUSIVE, &a), MMF_OK);
  CHECK(len_of(a) == 64);
  CHECK_ST(open_named(name, 64, MMF_ACCESS_DEFAULT, MMF_OPEN_EXCLUSIVE, &b), MMF_ERR_IO);
  CHECK(b == NULL);
  CHECK_ST(open_named(name, 64, MMF_ACCESS_READ, MMF_OPEN_EXCLUSIVE, &b), MMF_ERR_IO);
  /* exclusive with length 0 cannot create */
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, MMF_OPEN_EXCLUSIVE, &b), MMF_ERR_INVALID_ARGUMENT);
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  mmf_free(a);
  /* a read-only creator still creates a zeroed object */
  CHECK_ST(open_named(name, 8, MMF_ACCESS_READ, 0, &a), MMF_OK);
  CHECK(has_bytes(a, 0, "\0\0\0\0\0\0\0\0"));
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  mmf_free(a);
}

static void test_names(void) {
  char name[64];
  mmf_map* m = NULL;
  /* 31 bytes is the longest portable name, 32 is refused */
  snprintf(name, sizeof name, "%s", g_prefix);
  while (strlen(name) < 31) strcat(name, "x");
  CHECK_ST(open_named(name, 16, MMF_ACCESS_DEFAULT, MMF_OPEN_EXCLUSIVE, &m), MMF_OK);
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  mmf_free(m);
  m = NULL;
  strcat(name, "x");
  CHECK_ST(open_named(name, 16, MMF_ACCESS_DEFAULT, 0, &m), MMF_ERR_INVALID_ARGUMENT);
  CHECK_ST(mmf_unlink_named(name), MMF_ERR_INVALID_ARGUMENT);
  CHECK_ST(open_named("a/b", 16, MMF_ACCESS_DEFAULT, 0, &m), MMF_ERR_INVALID_ARGUMENT);
  CHECK_ST(open_named("/lead", 16, MMF_ACCESS_DEFAULT, 0, &m), MMF_ERR_INVALID_ARGUMENT);
  CHECK_ST(open_named("Local\\x", 16, MMF_ACCESS_DEFAULT, 0, &m), MMF_ERR_INVALID_ARGUMENT);
  CHECK_ST(open_named("", 16, MMF_ACCESS_DEFAULT, 0, &m), MMF_ERR_INVALID_ARGUMENT);
  CHECK_ST(open_named(".x", 16, MMF_ACCESS_DEFAULT, 0, &m), MMF_ERR_INVALID_ARGUMENT);
  CHECK(strstr(mmf_last_error(), "mmf_open_named") != NULL);
  CHECK(m == NULL);
  /* names are case-sensitive everywhere */
  name_of("Case", name, sizeof name);
  CHECK_ST(open_named(name, 16, MMF_ACCESS_DEFAULT, MMF_OPEN_EXCLUSIVE, &m), MMF_OK);
  {
    char lower[64];
    mmf_map* n = NULL;
    name_of("case", lower, sizeof lower);
    CHECK_ST(open_named(lower, 0, MMF_ACCESS_DEFAULT, 0, &n), MMF_ERR_IO);
  }
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  mmf_free(m);
  /* o may be NULL: the defaults */
  CHECK_ST(mmf_open_named(name, 16, NULL, &m), MMF_OK);
  CHECK(m != NULL && len_of(m) == 16);
  mmf_free(m);
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
}

/* Two processes exchange a counter and a message both ways. */
static void test_two_processes(void) {
  char name[64];
  mmf_map* m = NULL;
  int code;
  const uint32_t rounds = 200;
  char rounds_s[16];
  name_of("pingpong", name, sizeof name);
  (void)mmf_unlink_named(name);
  CHECK_ST(open_named(name, 64, MMF_ACCESS_DEFAULT, MMF_OPEN_EXCLUSIVE, &m), MMF_OK);
  if (m == NULL) return;
  snprintf(rounds_s, sizeof rounds_s, "%u", (unsigned)rounds);
#ifdef _WIN32
  {
    /* the peer runs while this process plays its side */
    const char* argv[5];
    intptr_t h;
    int ok;
    argv[0] = g_peer;
    argv[1] = "pingpong";
    argv[2] = name;
    argv[3] = rounds_s;
    argv[4] = NULL;
    h = _spawnv(_P_NOWAIT, g_peer, argv);
    CHECK(h != -1);
    if (h == -1) {
      mmf_free(m);
      return;
    }
    ok = proto_run(m, 1, rounds, "named_test");
    CHECK(ok);
    code = -1;
    CHECK(_cwait(&code, h, 0) != -1);
    CHECK(code == 0);
  }
#else
  {
    pid_t pid;
    int st = 0, ok;
    fflush(stdout);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
      execl(g_peer, g_peer, "pingpong", name, rounds_s, (char*)NULL);
      _exit(127);
    }
    if (pid > 0) {
      ok = proto_run(m, 1, rounds, "named_test");
      CHECK(ok);
      CHECK(waitpid(pid, &st, 0) == pid);
      code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      CHECK(code == 0);
    }
  }
#endif
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  mmf_free(m);
}

/* POSIX names outlive their creator; Windows names die with it. */
static void test_lifetime(void) {
  char name[64];
  mmf_map* m = NULL;
  name_of("outlive", name, sizeof name);
  (void)mmf_unlink_named(name);
  CHECK(run_peer("create", name, NULL) == 0);
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, 0, &m), ON_WINDOWS(MMF_ERR_IO, MMF_OK));
  if (m != NULL) {
    CHECK(len_of(m) == 4096);
    CHECK(has_bytes(m, 0, "left behind"));
  }
  CHECK_ST(mmf_unlink_named(name), MMF_OK);
  mmf_free(m);
  m = NULL;
  CHECK_ST(open_named(name, 0, MMF_ACCESS_DEFAULT, 0, &m), MMF_ERR_IO);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: named_test PATH_OF_NAMED_PEER\n");
    return 2;
  }
  g_peer = argv[1];
#ifdef _WIN32
  snprintf(g_prefix, sizeof g_prefix, "mmf-%lu-", (unsigned long)_getpid());
#else
  snprintf(g_prefix, sizeof g_prefix, "mmf-%lu-", (unsigned long)getpid());
#endif
  test_create_and_open();
  test_exclusive_and_open_only();
  test_names();
  test_two_processes();
  test_lifetime();
  printf("named_test: %d passed, %d failed\n", g_pass, g_fail);
  return g_fail == 0 ? 0 : 1;
}
