/*
 * protocol.h - the ping-pong protocol two processes (in any language) run
 * over one named map. Shared by named_test.c (the side that creates the map)
 * and named_peer.c (the side that opens it); the bindings' cross-language
 * tests speak the same protocol (see tests/named/README.md).
 *
 * Layout of the map (at least 64 bytes):
 *   [0, 4)    turn: a 32-bit unsigned counter in the machine's byte order,
 *             read and written only with atomic operations
 *   [8, 12)   length of the message, 0..48 (little-endian uint32)
 *   [16, 64)  the message
 *
 * Turns: the map starts zeroed. The creator owns the odd turns, the opener
 * the even ones. A side whose turn has come (turn == the number it waits for,
 * 0 for the creator's first move) reads the other side's message, checks it,
 * writes its own ("creator:N" or "opener:N", N being the turn it is about to
 * publish) with mmf_write_at, and only then stores turn = N with release
 * semantics. The other side loads turn with acquire semantics and reads the
 * message only after it sees its number. Release/acquire is what makes the
 * message bytes visible before the counter that announces them; only one
 * side writes at a time, so the message needs no lock. The run ends when the
 * opener publishes turn 2*rounds.
 *
 * Atomics: the map's memory comes from mmf_buffer_acquire; shared memory is
 * address-free, so the compiler's atomic builtins work across processes as
 * they do across threads.
 */
#ifndef MMF_NAMED_PROTOCOL_H
#define MMF_NAMED_PROTOCOL_H

#include <mmf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
static void proto_sleep_ms(unsigned ms) { Sleep(ms); }
#else
#include <time.h>
static void proto_sleep_ms(unsigned ms) {
  struct timespec t;
  t.tv_sec = (time_t)(ms / 1000);
  t.tv_nsec = (long)(ms % 1000) * 1000000L;
  nanosleep(&t, NULL);
}
#endif

#define PROTO_MSG_MAX 48
#define PROTO_TIMEOUT_MS 20000

static uint32_t proto_load(const volatile uint32_t* turn) { return __atomic_load_n(turn, __ATOMIC_ACQUIRE); }

static void proto_store(volatile uint32_t* turn, uint32_t v) { __atomic_store_n(turn, v, __ATOMIC_RELEASE); }

/* Waits until *turn == want. Returns 1, or 0 on timeout. */
static int proto_wait(const volatile uint32_t* turn, uint32_t want) {
  unsigned waited = 0;
  while (proto_load(turn) != want) {
    if (waited >= PROTO_TIMEOUT_MS) return 0;
    proto_sleep_ms(1);
    waited++;
  }
  return 1;
}

static int proto_put_message(mmf_map* m, const char* msg) {
  unsigned char len[4];
  size_t n = strlen(msg);
  if (n > PROTO_MSG_MAX) return 0;
  len[0] = (unsigned char)(n & 0xff);
  len[1] = (unsigned char)((n >> 8) & 0xff);
  len[2] = (unsigned char)((n >> 16) & 0xff);
  len[3] = (unsigned char)((n >> 24) & 0xff);
  return mmf_write_at(m, 16, msg, n) == MMF_OK && mmf_write_at(m, 8, len, 4) == MMF_OK;
}

/* Reads the message into buf (PROTO_MSG_MAX + 1 bytes, NUL-terminated). */
static int proto_get_message(mmf_map* m, char* buf) {
  unsigned char len[4];
  size_t n = 0, got = 0;
  if (mmf_read_at(m, 8, len, 4, &got) != MMF_OK || got != 4) return 0;
  n = (size_t)len[0] | (size_t)len[1] << 8 | (size_t)len[2] << 16 | (size_t)len[3] << 24;
  if (n > PROTO_MSG_MAX) return 0;
  if (mmf_read_at(m, 16, buf, n, &got) != MMF_OK || got != n) return 0;
  buf[n] = '\0';
  return 1;
}

/* Runs one side of the protocol. creator: 1 for the odd turns. Returns 1 on
 * success; on failure prints why (prefixed with who) and returns 0. */
static int proto_run(mmf_map* m, int creator, uint32_t rounds, const char* who) {
  void* p = NULL;
  uint64_t len = 0;
  volatile uint32_t* turn;
  uint32_t t;
  char got[PROTO_MSG_MAX + 1], want[PROTO_MSG_MAX + 1], mine[PROTO_MSG_MAX + 1];
  int ok = 1;
  if (mmf_buffer_acquire(m, &p, &len) != MMF_OK || len < 64) {
    fprintf(stderr, "%s: mmf_buffer_acquire: %s\n", who, mmf_last_error());
    return 0;
  }
  turn = (volatile uint32_t*)p;
  for (t = creator ? 1u : 2u; ok && t <= 2 * rounds; t += 2) {
    if (!proto_wait(turn, t - 1)) {
      fprintf(stderr, "%s: timed out waiting for turn %u (turn is %u)\n", who, (unsigned)(t - 1),
              (unsigned)proto_load(turn));
      ok = 0;
      break;
    }
    if (t > 1) {
      snprintf(want, sizeof want, "%s:%u", creator ? "opener" : "creator", (unsigned)(t - 1));
      if (!proto_get_message(m, got) || strcmp(got, want) != 0) {
        fprintf(stderr, "%s: turn %u: expected message \"%s\", got \"%s\"\n", who, (unsigned)t, want, got);
        ok = 0;
        break;
      }
    }
    snprintf(mine, sizeof mine, "%s:%u", creator ? "creator" : "opener", (unsigned)t);
    if (!proto_put_message(m, mine)) {
      fprintf(stderr, "%s: cannot write the message: %s\n", who, mmf_last_error());
      ok = 0;
      break;
    }
    proto_store(turn, t);
  }
  if (ok && creator && !proto_wait(turn, 2 * rounds)) {
    fprintf(stderr, "%s: the opener never published the last turn\n", who);
    ok = 0;
  }
  if (ok && creator) {
    snprintf(want, sizeof want, "opener:%u", (unsigned)(2 * rounds));
    if (!proto_get_message(m, got) || strcmp(got, want) != 0) {
      fprintf(stderr, "%s: last message: expected \"%s\", got \"%s\"\n", who, want, got);
      ok = 0;
    }
  }
  (void)mmf_buffer_release(m);
  return ok;
}

#endif
