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
//
// Windows (fault_guard_win32.cpp): the same contract through structured
// exception handling. A vanished page raises EXCEPTION_IN_PAGE_ERROR; a
// vectored exception handler (the process-wide first stage of SEH) claims it
// only when it is on a thread with an armed frame and its address lies in
// that frame's range, and resumes the thread at the context the frame
// captured, with `faulted` set. Everything else continues the search: to
// frame-based __except handlers, other vectored handlers, the debugger or
// the default (the process dies of the original exception).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "config.hpp"
#include "thread_state.hpp"

#ifdef _WIN32
#include <windows.h>
#else
#include <csetjmp>
#endif

#if defined(MMF_GUARD_LEAF_COPY) || defined(MMF_GUARD_PCFIXUP)
// guard_x86_64.S: the leaf copy's code range and fix-up, and the
// trampoline's recovery label, where the handlers move a faulting context.
extern "C" {
extern const char mmf_guard_copy_begin[];
extern const char mmf_guard_copy_end[];
extern const char mmf_guard_copy_fixup[];
extern const char mmf_guard_call_recover[];
}
#endif

namespace mmf::core::fault {

struct Frame {
  const volatile unsigned char* lo;
  const volatile unsigned char* hi;
#if defined(MMF_GUARD_PCFIXUP)
  // The stack pointer mmf_guard_call resumes at (it saved the caller's
  // registers below it).
  uintptr_t resume_sp;
#elif defined(_WIN32)
  CONTEXT resume;         // where the thread resumes after a caught fault
  volatile LONG faulted;  // set by the handler before it resumes there
#else
  sigjmp_buf jump;
#endif
};

#ifdef _WIN32
namespace detail {
// The vectored handler itself, for the tests: a fault the memory manager
// raises inside the leaf copy cannot be arranged on purpose, so they hand
// it a record and a context and check what it does with them.
LONG CALLBACK handle_exception(EXCEPTION_POINTERS* ep);
}  // namespace detail
#endif

namespace detail {
extern std::atomic<bool> installed;  // install()'s fast path: no call_once per touch
extern std::atomic<unsigned long long> caught;
void install_once();
// Per platform: installs the process-wide handler (called once).
void install_handler();
}  // namespace detail

// Installs the handler once per process (idempotent, thread-safe).
inline void install() {
  if (!detail::installed.load(std::memory_order_acquire)) detail::install_once();
}

// Arms (enter) and disarms (leave) the calling thread's frame. Inline: they
// run twice per call of the C API.
inline void enter(Frame* f) noexcept {
  t_thread.frame = f;
  std::atomic_signal_fence(std::memory_order_seq_cst);
}
inline void leave() noexcept {
  std::atomic_signal_fence(std::memory_order_seq_cst);
  t_thread.frame = nullptr;
}

// What the handlers (POSIX and Windows) claim, in one place. Async-signal-
// safe: thread-local loads and compares only.
namespace detail {
#if defined(MMF_GUARD_LEAF_COPY)
// A fault at pc inside the leaf copy, on an address of the range it was
// armed for, is ours: the PC moves to mmf_guard_copy_fixup, which returns 1
// (the leaf never moves its stack pointer).
inline bool leaf_owns(uintptr_t pc, const volatile unsigned char* addr) noexcept {
  return pc >= reinterpret_cast<uintptr_t>(mmf_guard_copy_begin) &&
         pc < reinterpret_cast<uintptr_t>(mmf_guard_copy_end) && addr >= t_thread.leaf_lo && addr < t_thread.leaf_hi;
}
#endif
// A fault on an address of the armed frame's range is ours: the frame is
// disarmed and returned (null: not ours), and the caller resumes the thread
// where that frame says.
inline Frame* claim_frame(const volatile unsigned char* addr) noexcept {
  Frame* f = t_thread.frame;
  if (f == nullptr || addr < f->lo || addr >= f->hi) return nullptr;
  t_thread.frame = nullptr;
  return f;
}
}  // namespace detail

// Makes sure SIGBUS is not blocked in the calling thread (after a jump out of
// a handler that a wrapper ran with signals blocked). A no-op on Windows.
void unblock() noexcept;

// A fault that no armed range claims may be a direct reader's (direct.hpp),
// which runs code the guard cannot fix up (a JIT's load): the hook sees it
// before the previous handler does, and returns true when it made the
// faulting instruction safe to run again. Async-signal-safe. POSIX only;
// ctx is the handler's ucontext_t.
using DirectFaultHook = bool (*)(const volatile unsigned char* addr, void* ctx) noexcept;
void set_direct_fault_hook(DirectFaultHook hook) noexcept;

// How many faults the guard has turned into statuses (for tests and stats).
inline unsigned long long caught() noexcept { return detail::caught.load(std::memory_order_relaxed); }

}  // namespace mmf::core::fault
