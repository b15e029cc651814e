// Turns a SIGBUS inside a guarded touch of mapped memory into a status.
//
// A page of a shared file mapping disappears when the file is truncated
// (by another process or another handle); touching it raises SIGBUS, which
// kills the process by default. The guard catches exactly those faults: the
// thread records "I am touching [lo, hi)" in a thread-local frame with a jump
// buffer, and the process-wide handler jumps back to it only when the fault
// is on that thread and inside that range. Every other SIGBUS is chained to
// the handler that was installed before ours (the JVM's, Go's, Mono's...) or
// to the default action. See core/README.md for the design and its limits.
#pragma once

#include <csetjmp>
#include <cstddef>

namespace mmf::core::fault {

struct Frame {
  sigjmp_buf jump;
  const volatile unsigned char* lo;
  const volatile unsigned char* hi;
};

// Installs the handler once per process (idempotent, thread-safe).
void install();

// The calling thread's active frame. Written before the guarded operation and
// cleared after it; the handler reads it, so the stores must not be elided
// (volatile plus a signal fence).
void enter(Frame* f) noexcept;
void leave() noexcept;

// Makes sure SIGBUS is not blocked in the calling thread (after a jump out of
// a handler that a wrapper ran with signals blocked).
void unblock() noexcept;

// How many faults the guard has turned into statuses (for tests and stats).
unsigned long long caught() noexcept;

}  // namespace mmf::core::fault
