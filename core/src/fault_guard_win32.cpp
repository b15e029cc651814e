// The Windows fault guard: EXCEPTION_IN_PAGE_ERROR inside a guarded touch of
// mapped memory becomes Status::fault (see fault_guard.hpp and
// core/README.md). The vectored handler is SEH's first, process-wide stage;
// it claims nothing outside an armed range.
//
// With the fix-up routines (guard_x86_64.S, mingw-w64 on x86-64) it does what
// the POSIX handler does with a signal context: a fault inside the leaf copy
// moves the PC to the copy's fix-up, a fault under mmf_guard_call moves the
// stack pointer and the PC to its recovery label. Nothing is captured per
// call. Otherwise each guarded call captures its context up front
// (RtlCaptureContext, the setjmp of SEH) and the handler resumes it.
#include <windows.h>

#include <atomic>
#include <cstdint>

#include "access.hpp"
#include "fault_guard.hpp"

namespace mmf::core::fault {

LONG CALLBACK detail::handle_exception(EXCEPTION_POINTERS* ep) {
  const EXCEPTION_RECORD* rec = ep->ExceptionRecord;
  if (rec->ExceptionCode != EXCEPTION_IN_PAGE_ERROR || rec->NumberParameters < 2) return EXCEPTION_CONTINUE_SEARCH;
  // ExceptionInformation[1] is the address whose page could not be read in.
  const auto* addr = reinterpret_cast<const volatile unsigned char*>(rec->ExceptionInformation[1]);
  CONTEXT* ctx = ep->ContextRecord;
#if defined(MMF_GUARD_LEAF_COPY)
  // The leaf copy's fault (detail::leaf_owns): the PC moves to its fix-up.
  if (detail::leaf_owns(static_cast<uintptr_t>(ctx->Rip), addr)) {
    ctx->Rip = reinterpret_cast<uintptr_t>(mmf_guard_copy_fixup);
    detail::caught.fetch_add(1, std::memory_order_relaxed);
    return EXCEPTION_CONTINUE_EXECUTION;
  }
#endif
  Frame* f = detail::claim_frame(addr);
  if (f == nullptr) return EXCEPTION_CONTINUE_SEARCH;
  detail::caught.fetch_add(1, std::memory_order_relaxed);
#if defined(MMF_GUARD_PCFIXUP)
  // mmf_guard_call's recovery label restores the registers it saved below
  // resume_sp and returns 1.
  ctx->Rsp = f->resume_sp;
  ctx->Rip = reinterpret_cast<uintptr_t>(mmf_guard_call_recover);
#else
  // Resume where run_guarded captured its context: RtlCaptureContext
  // "returns" again and sees faulted.
  f->faulted = 1;
  *ctx = f->resume;
#endif
  return EXCEPTION_CONTINUE_EXECUTION;
}

void detail::install_handler() {
  // First in the vectored chain: we claim only our own faults, and must see
  // them before a host runtime's handler mistakes them for its own.
  AddVectoredExceptionHandler(1, detail::handle_exception);
}

void unblock() noexcept {}

}  // namespace mmf::core::fault
