// Read-side critical sections that cost no atomic read-modify-write, and the
// grace period that writers wait for before they free what readers may hold.
//
// A reader announces itself in a slot of its own (one per thread, found
// through an initial-exec thread-local pointer) by storing the current epoch
// there, and clears it on the way out. A writer that retires something (an
// unmapped range, an old view) first unpublishes it, then bumps the epoch,
// issues the heavy half of an asymmetric fence and waits until no slot still
// holds an epoch older than the bump. See core/README.md, "Reads without a
// lock", for the proof sketch; the scheme is liburcu's "memb" flavour with a
// per-section epoch instead of its two-phase flip.
#pragma once

#include <atomic>
#include <cstdint>

#include "config.hpp"
#include "thread_state.hpp"

namespace mmf::core::epoch {

struct alignas(64) Slot {
  // 0 outside a section; else the epoch the section started in.
  std::atomic<uint64_t> active{0};
  // Taken by a live thread; a slot whose thread ended is reused, never freed,
  // so a writer may walk the list without a lock.
  std::atomic<bool> owned{false};
  // asymmetric() when the slot was claimed (the mode never changes): on
  // the slot's own cache line, so a section touches no other shared line
  // than the epoch's.
  bool asymmetric = false;
  Slot* next = nullptr;  // set before the slot is published, then constant
};

namespace detail {
extern std::atomic<uint64_t> g_epoch;
// 0: not decided yet; 1: symmetric (seq_cst on both sides); 2: asymmetric
// (readers pay a compiler barrier, writers a process-wide fence). Decided
// once, before the first slot or lock uses it, and never changed.
extern std::atomic<int> g_mode;
int decide_mode() noexcept;
// Gives the calling thread a slot (nullptr only when there is no memory for
// one: the caller then takes its locked path).
Slot* claim_slot() noexcept;
}  // namespace detail

// True when the protocol is asymmetric (see g_mode).
inline bool asymmetric() noexcept {
  int m = detail::g_mode.load(std::memory_order_relaxed);
  if (m == 0) m = detail::decide_mode();
  return m == 2;
}

// The light half of the fence, after a store that a heavy_fence() caller must
// see before it reads what this thread reads next. In symmetric mode the
// caller's store and load are seq_cst instead (see Section and TicketLock),
// so there is nothing to do here but stop the compiler.
inline void light_fence() noexcept { std::atomic_signal_fence(std::memory_order_seq_cst); }

// The heavy half: every other thread of the process has passed a full memory
// barrier when it returns (membarrier / FlushProcessWriteBuffers). Only
// called in asymmetric mode.
void heavy_fence() noexcept;

// Begins a read-side critical section on the calling thread; null when no
// slot could be had (no memory): the caller must then take its locked path.
// Loads of published pointers inside the section must be seq_cst (a plain
// load on x86, as an acquire load is). Sections do not nest.
// As enter(), for fast paths that must contain no call and few branches:
// null (no section) when the thread has no slot yet or the protocol is
// symmetric; the caller's general path then enters properly.
[[gnu::always_inline]] inline Slot* enter_fast() noexcept {
  Slot* s = t_thread.fast_slot;
  if (s != nullptr) [[likely]] {
    s->active.store(detail::g_epoch.load(std::memory_order_acquire), std::memory_order_release);
    light_fence();
  }
  return s;
}

[[gnu::always_inline]] inline Slot* enter() noexcept {
  Slot* s = t_thread.slot;
  if (s == nullptr) [[unlikely]] {
    s = detail::claim_slot();
    if (s == nullptr) return nullptr;
  }
  const uint64_t e = detail::g_epoch.load(std::memory_order_acquire);
  if (s->asymmetric) {
    s->active.store(e, std::memory_order_release);
    light_fence();
  } else {
    s->active.store(e, std::memory_order_seq_cst);
  }
  return s;
}

// Ends the section enter() began (s may be null).
[[gnu::always_inline]] inline void leave(Slot* s) noexcept {
  if (s != nullptr) s->active.store(0, std::memory_order_release);
}

// enter() and leave() as a scope.
class Section {
 public:
  Section() noexcept : slot_(enter()) {}
  ~Section() { epoch::leave(slot_); }
  Section(const Section&) = delete;
  Section& operator=(const Section&) = delete;

  // False when no slot could be had: the caller must not rely on the
  // section and takes its locked path instead.
  bool entered() const noexcept { return slot_ != nullptr; }
  // Leaves early (before taking a lock that a writer waiting for this
  // section may hold).
  void leave() noexcept {
    epoch::leave(slot_);
    slot_ = nullptr;
  }

 private:
  Slot* slot_;
};

// Starts a grace period without waiting for it: what the caller unpublished
// (with a seq_cst store) before the call is unreachable to every section
// that is not still running from before it. Returns the period's mark for
// quiescent().
uint64_t retire() noexcept;
// True when every section that began before retire() returned `mark` has
// ended. Never waits.
bool quiescent(uint64_t mark) noexcept;
// retire(), then waits until quiescent. Must not be called inside a Section
// of the calling thread.
void synchronize() noexcept;

}  // namespace mmf::core::epoch
