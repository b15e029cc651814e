// The one path through which the core touches mapped memory.
//
// Every read, write, search and move of mapped bytes runs inside
// with_guard(). A page of a file-backed map can vanish under us (another
// process truncates the file), and the only place that can turn the
// resulting fault into a status instead of a crash is around the touch
// itself, so all touches go through here and the guard lives in one place.
#pragma once

#include <cstddef>
#include <type_traits>

#include "status.hpp"

namespace mmf::core {

// Calls fn(ctx) with the fault guard armed for [lo, lo+len). Out of line on
// purpose: the sigsetjmp lives in a tiny frame with nothing the jump could
// clobber.
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

}  // namespace mmf::core
