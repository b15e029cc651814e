// The map's writer lock: first come, first served, and one atomic
// read-modify-write per uncontended lock/unlock pair.
//
// A ticket lock, so no caller can be overtaken forever (glibc's rwlock let
// readers starve resize and close). lock() takes a ticket with one
// fetch_add; unlock() hands over with a plain store. A waiter spins briefly,
// then parks on a condition variable; the unlocker notices parked waiters
// through the same asymmetric fence as the epoch readers (epoch.hpp): the
// waiter, which is about to sleep anyway, pays the heavy fence, and the
// unlocker only a compiler barrier.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "epoch.hpp"

namespace mmf::core {

class TicketLock {
 public:
  void lock() noexcept {
    const uint32_t me = next_.fetch_add(1, std::memory_order_relaxed);
    if (serving_.load(std::memory_order_acquire) != me) wait(me);
  }

  void unlock() noexcept {
    const uint32_t n = serving_.load(std::memory_order_relaxed) + 1;
    if (epoch::asymmetric()) {
      serving_.store(n, std::memory_order_release);
      epoch::light_fence();
    } else {
      serving_.store(n, std::memory_order_seq_cst);
    }
    if (parked_.load(std::memory_order_seq_cst) != 0) wake();
  }

  // In a child of fork(), where only the forking thread exists: a holder or
  // waiter copied from another thread will never unlock, so the lock is
  // made free, with no parked waiters and fresh sleep objects (they may have
  // been copied mid-operation). Only the calling thread may run.
  void reset_after_fork() noexcept;

  // Threads waiting for the lock (a snapshot, for tests and diagnostics).
  uint32_t waiting() const noexcept {
    const uint32_t queued = next_.load(std::memory_order_relaxed) - serving_.load(std::memory_order_relaxed);
    return queued == 0 ? 0 : queued - 1;
  }

 private:
  void wait(uint32_t me) noexcept;
  void wake() noexcept;

  std::atomic<uint32_t> next_{0};
  std::atomic<uint32_t> serving_{0};
  std::atomic<uint32_t> parked_{0};
  std::mutex park_mu_;
  std::condition_variable park_cv_;
};

}  // namespace mmf::core
