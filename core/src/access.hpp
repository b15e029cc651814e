// The one path through which the core touches mapped memory.
//
// Every read, write, search and move of mapped bytes runs inside
// with_guard(). A page of a file-backed map can vanish under us (another
// process truncates the file), and the only place that can turn the
// resulting fault into a status instead of a crash is around the touch
// itself, so all touches go through here and the guard lives in one place.
#pragma once

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "config.hpp"
#include "fault_guard.hpp"
#include "status.hpp"

// guard_x86_64.S: 0, or 1 when a fault in an armed range was recovered.
#if defined(MMF_GUARD_LEAF_COPY)
extern "C" int mmf_guard_copy(void* dst, const void* src, size_t n) noexcept;
#endif
#if defined(MMF_GUARD_PCFIXUP)
extern "C" int mmf_guard_call(void (*fn)(void*), void* ctx, uintptr_t* resume_sp) noexcept;
#endif

namespace mmf::core {

// Calls fn(ctx) with the fault guard armed for [lo, lo+len). Out of line on
// purpose: where the portable sigsetjmp path is used, it lives in a tiny
// frame with nothing the jump could clobber.
Status run_guarded(const void* lo, size_t len, void (*fn)(void*), void* ctx) noexcept;

// Sets the failure detail for a vanished page under a guarded range of len
// bytes and returns Status::fault: what a guarded call reports, for callers
// that learn of the fault on another thread.
Status report_fault(size_t len) noexcept;

// Runs op(), which touches the mapped bytes [lo, lo+len). op must not
// allocate, throw, take locks or own anything with a destructor: when a page
// of that range has vanished it is abandoned half-way and with_guard returns
// Status::fault instead. Faults outside the range are not ours and reach the
// process's previous SIGBUS handler.
template <class Op>
Status with_guard(const void* lo, size_t len, Op&& op) noexcept {
  return run_guarded(
      lo, len, [](void* ctx) { (*static_cast<std::remove_reference_t<Op>*>(ctx))(); },
      const_cast<void*>(static_cast<const void*>(&op)));
}

// Copies n bytes from src to dst, where `mapped` (src or dst) is the mapped
// side: the guard is armed for [mapped, mapped + n). Inline, and on x86-64
// Linux a leaf routine in the guard's fix-up range (guard_x86_64.S): the
// hot path of every small read and write costs two thread-local stores and
// a call, no sigsetjmp.
inline Status guarded_copy(void* dst, const void* src, size_t n, const void* mapped) noexcept {
#if defined(MMF_GUARD_LEAF_COPY)
  fault::Frame frame;
  frame.lo = static_cast<const volatile unsigned char*>(mapped);
  frame.hi = frame.lo + n;
  frame.resume_sp = 0;
  fault::enter(&frame);
  const int faulted = mmf_guard_copy(dst, src, n);
  fault::leave();
  return faulted == 0 ? Status::ok : report_fault(n);
#else
  return with_guard(mapped, n, [&] { std::memcpy(dst, src, n); });
#endif
}

}  // namespace mmf::core
