// The Windows fault guard: EXCEPTION_IN_PAGE_ERROR inside a guarded touch of
// mapped memory becomes Status::fault (see fault_guard.hpp and
// core/README.md). The vectored handler is SEH's first, process-wide stage;
// it claims nothing outside an armed frame's range.
#include <windows.h>

#include <atomic>

#include "fault_guard.hpp"

namespace mmf::core::fault {
namespace {

LONG CALLBACK handler(EXCEPTION_POINTERS* ep) {
  const EXCEPTION_RECORD* rec = ep->ExceptionRecord;
  if (rec->ExceptionCode != EXCEPTION_IN_PAGE_ERROR || rec->NumberParameters < 2) return EXCEPTION_CONTINUE_SEARCH;
  Frame* f = t_thread.frame;
  if (f == nullptr) return EXCEPTION_CONTINUE_SEARCH;
  // ExceptionInformation[1] is the address whose page could not be read in.
  const auto* addr = reinterpret_cast<const volatile unsigned char*>(rec->ExceptionInformation[1]);
  if (addr < f->lo || addr >= f->hi) return EXCEPTION_CONTINUE_SEARCH;
  t_thread.frame = nullptr;
  f->faulted = 1;
  detail::caught.fetch_add(1, std::memory_order_relaxed);
  // Resume where run_guarded captured its context: RtlCaptureContext
  // "returns" again and sees faulted.
  *ep->ContextRecord = f->resume;
  return EXCEPTION_CONTINUE_EXECUTION;
}

}  // namespace

void detail::install_handler() {
  // First in the vectored chain: we claim only our own faults, and must see
  // them before a host runtime's handler mistakes them for its own.
  AddVectoredExceptionHandler(1, handler);
}

void unblock() noexcept {}

}  // namespace mmf::core::fault
