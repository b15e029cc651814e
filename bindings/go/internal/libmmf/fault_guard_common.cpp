// The platform-independent half of the fault guard (fault_guard.hpp): the
// thread's frame slot, the fault count and the once-only installation; the
// handlers live in fault_guard.cpp (SIGBUS) and fault_guard_win32.cpp (SEH).
#include <mutex>

#include "fault_guard.hpp"

namespace mmf::core::fault::detail {

std::atomic<bool> installed{false};
std::atomic<unsigned long long> caught{0};

void install_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    install_handler();
    installed.store(true, std::memory_order_release);
  });
}

}  // namespace mmf::core::fault::detail
