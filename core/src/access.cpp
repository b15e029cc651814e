#include "access.hpp"

#include <csetjmp>

#include "fault_guard.hpp"

namespace mmf::core {

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
    return fail(Status::fault, "the pages behind %zu mapped bytes vanished (the file was truncated under the map)",
                len);
  }
  fault::enter(&frame);
  fn(ctx);
  fault::leave();
  return Status::ok;
}

}  // namespace mmf::core
