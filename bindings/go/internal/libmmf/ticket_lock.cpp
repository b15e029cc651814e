#include "ticket_lock.hpp"

#include <new>
#include <thread>

namespace mmf::core {

void TicketLock::wait(uint32_t me) noexcept {
  // Most holders (a cursor read, a small write) are done within a
  // microsecond: spin that long before paying for a sleep.
  for (int i = 0; i < 256; ++i) {
    if (serving_.load(std::memory_order_acquire) == me) return;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
    if ((i & 63) == 63) std::this_thread::yield();
  }
  // Not noexcept-safe in theory (std::mutex::lock may throw on a broken
  // system); in practice it does not, and a waiter has nowhere to report to.
  std::unique_lock guard(park_mu_);
  parked_.fetch_add(1, std::memory_order_seq_cst);
  // Either the unlocker that serves `me` sees parked_ != 0 and wakes us, or
  // this load sees its store: the Dekker pattern, with the heavy fence here.
  if (epoch::asymmetric()) epoch::heavy_fence();
  while (serving_.load(std::memory_order_seq_cst) != me) park_cv_.wait(guard);
  parked_.fetch_sub(1, std::memory_order_relaxed);
}

void TicketLock::wake() noexcept {
  // Taking the mutex orders this notify after a waiter's check-then-wait.
  std::lock_guard guard(park_mu_);
  park_cv_.notify_all();
}

void TicketLock::reset_after_fork() noexcept {
  serving_.store(next_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  parked_.store(0, std::memory_order_relaxed);
  // Not destroyed first: destroying a mutex that a vanished thread holds is
  // undefined, and their storage is all the child needs back.
  new (&park_mu_) std::mutex;
  new (&park_cv_) std::condition_variable;
}

}  // namespace mmf::core
