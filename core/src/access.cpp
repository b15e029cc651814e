#include "access.hpp"

#include "fault_guard.hpp"

#if defined(_WIN32) && !defined(MMF_GUARD_PCFIXUP)
// RtlCaptureContext is this path's setjmp: the thread comes back from it a
// second time when the handler resumes the captured context. Declared
// returns_twice so that the compiler treats it as it treats setjmp (keeps no
// state in registers that the second return would not restore).
extern "C" __declspec(dllimport) void WINAPI RtlCaptureContext(PCONTEXT) __attribute__((returns_twice));
#elif !defined(_WIN32)
#include <csetjmp>
#endif

namespace mmf::core {

#ifdef _WIN32
Status report_fault(size_t len) noexcept {
  return fail(Status::fault,
              "the pages behind %zu mapped bytes could not be read in (EXCEPTION_IN_PAGE_ERROR: the file's storage "
              "failed or the file shrank)",
              len);
}
#else
Status report_fault(size_t len) noexcept {
  return fail(Status::fault, "the pages behind %zu mapped bytes vanished (the file was truncated under the map)", len);
}
#endif

#if defined(MMF_GUARD_PCFIXUP)

Status run_guarded(const void* lo, size_t len, void (*fn)(void*), void* ctx) noexcept {
  fault::Frame frame;
  frame.lo = static_cast<const volatile unsigned char*>(lo);
  frame.hi = frame.lo + len;
  frame.resume_sp = 0;  // mmf_guard_call sets it before it calls fn
  fault::enter(&frame);
  const int faulted = mmf_guard_call(fn, ctx, &frame.resume_sp);
  fault::leave();
  return faulted == 0 ? Status::ok : report_fault(len);
}

#elif defined(_WIN32)

Status run_guarded(const void* lo, size_t len, void (*fn)(void*), void* ctx) noexcept {
  fault::Frame frame;
  frame.lo = static_cast<const volatile unsigned char*>(lo);
  frame.hi = frame.lo + len;
  frame.faulted = 0;
  RtlCaptureContext(&frame.resume);
  if (frame.faulted != 0) {
    fault::leave();
    return report_fault(len);
  }
  fault::enter(&frame);
  fn(ctx);
  fault::leave();
  return Status::ok;
}

#else

Status run_guarded(const void* lo, size_t len, void (*fn)(void*), void* ctx) noexcept {
  fault::Frame frame;
  frame.lo = static_cast<const volatile unsigned char*>(lo);
  frame.hi = frame.lo + len;
  // savesigs = 0: the handler runs with SA_NODEFER, so the signal mask never
  // changes and restoring it would only cost a system call per call.
  if (sigsetjmp(frame.jump, 0) != 0) {
    fault::leave();
    // Our handler never blocks SIGBUS (SA_NODEFER), but a runtime that wraps
    // handlers (ThreadSanitizer does) may have; a still-blocked SIGBUS would
    // turn the next fault into a kill. Only the rare fault path pays for it.
    fault::unblock();
    return report_fault(len);
  }
  fault::enter(&frame);
  fn(ctx);
  fault::leave();
  return Status::ok;
}

#endif

}  // namespace mmf::core
