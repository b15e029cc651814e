/*
 * named_peer.c - the second process of the named-map tests (named_test.c
 * starts it) and of the bindings' cross-language tests. Modes:
 *   named_peer pingpong NAME ROUNDS  open NAME (length 0: it must exist) and
 *                                    play the opener's side of protocol.h
 *   named_peer serve NAME ROUNDS     create NAME (4096 bytes, exclusive),
 *                                    print "ready NAME" on stdout, play the
 *                                    creator's side of protocol.h, and unlink
 *                                    NAME at the end, whatever the outcome
 *   named_peer create NAME           create NAME (4096 bytes), write
 *                                    "left behind" at 0, close it and exit
 *                                    without unlinking it
 * Exit code 0 on success, 1 on failure (the reason on stderr), 2 on usage.
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L
#endif

#include <mmf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

static int open_named(const char* name, uint64_t length, uint32_t flags, mmf_map** m) {
  mmf_options o = MMF_OPTIONS_INIT;
  o.flags = flags;
  if (mmf_open_named(name, length, &o, m) != MMF_OK) {
    fprintf(stderr, "named_peer: open \"%s\": %s\n", name, mmf_last_error());
    return 0;
  }
  return 1;
}

int main(int argc, char** argv) {
  mmf_map* m = NULL;
  int ok;
  if (argc == 4 && strcmp(argv[1], "pingpong") == 0) {
    long rounds = strtol(argv[3], NULL, 10);
    if (rounds <= 0) return 2;
    if (!open_named(argv[2], 0, 0, &m)) return 1;
    ok = proto_run(m, 0, (uint32_t)rounds, "named_peer");
  } else if (argc == 4 && strcmp(argv[1], "serve") == 0) {
    long rounds = strtol(argv[3], NULL, 10);
    if (rounds <= 0) return 2;
    if (!open_named(argv[2], 4096, MMF_OPEN_EXCLUSIVE, &m)) return 1;
    /* The opener may also just retry its open-only call until the name
     * exists; this line lets it wait for it instead. */
    printf("ready %s\n", argv[2]);
    (void)fflush(stdout);
    ok = proto_run(m, 1, (uint32_t)rounds, "named_peer");
    if (mmf_unlink_named(argv[2]) != MMF_OK) {
      fprintf(stderr, "named_peer: unlink \"%s\": %s\n", argv[2], mmf_last_error());
      ok = 0;
    }
  } else if (argc == 3 && strcmp(argv[1], "create") == 0) {
    if (!open_named(argv[2], 4096, MMF_OPEN_EXCLUSIVE, &m)) return 1;
    ok = mmf_write_at(m, 0, "left behind", 11) == MMF_OK;
    if (!ok) fprintf(stderr, "named_peer: write: %s\n", mmf_last_error());
  } else {
    fprintf(stderr, "usage: named_peer pingpong NAME ROUNDS | serve NAME ROUNDS | create NAME\n");
    return 2;
  }
  if (mmf_close(m) != MMF_OK) ok = 0;
  mmf_free(m);
  return ok ? 0 : 1;
}
