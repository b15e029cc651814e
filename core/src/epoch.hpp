// Read-side critical sections that cost no atomic read-modify-write, and the
// grace period that writers wait for before they free what readers may hold.
//
// A reader announces itself in a slot of its own (one per thread: in its
// initial-exec TLS block on ELF targets, else on the heap behind a TLS
// pointer; thread_state.hpp) by storing the current epoch there, and clears
// it on the way out. A writer that retires something (an unmapped range, an
// old view) first unpublishes it, then bumps the epoch, issues the heavy half
// of an asymmetric fence and waits until no listed slot still holds an epoch
// older than the bump. See core/README.md, "Reads without a lock", for the
// proof sketch; the scheme is liburcu's "memb" flavour (TLS reader records in
// a registry under a mutex) with a per-section epoch instead of its
// two-phase flip.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "config.hpp"
#include "thread_state.hpp"

namespace mmf::core::epoch {

namespace detail {
MMF_HIDDEN extern std::atomic<uint64_t> g_epoch;
// 0: not decided yet; 1: symmetric (seq_cst on both sides); 2: asymmetric
// (readers pay a compiler barrier, writers a process-wide fence). Decided
// once, before the first slot or lock uses it, and never changed.
extern std::atomic<int> g_mode;
int decide_mode() noexcept;
// Lists the calling thread's slot (nullptr when that cannot be done: no
// memory for a heap slot or the thread-exit hook, or the thread is ending;
// the caller then takes its locked path).
Slot* claim_slot() noexcept;
// How many slots are listed (tests: a thread's slot is unlisted when it ends).
std::size_t listed_slots() noexcept;
}  // namespace detail

// A slot for a reader outside the library's code (a direct reader,
// direct.hpp), listed like a thread's own: heap memory that the caller owns
// until release_direct(). Null when the protocol is symmetric (a direct
// reader cannot issue seq_cst stores) or memory ran out. The calling thread
// becomes the slot's thread for the fault handler (ThreadState::direct_slot).
Slot* claim_direct() noexcept;
// Unlists and frees a claim_direct() slot, from any thread, once no section
// can run on it any more.
void release_direct(Slot* s) noexcept;

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

// For fast paths that must contain no call and few branches: begins a
// section and returns true, or returns false (no section) when the thread
// has no listed slot yet or the protocol is symmetric; the caller's general
// path then enters properly. leave_fast() ends it.
[[gnu::always_inline]] inline bool enter_fast() noexcept {
#if defined(MMF_EPOCH_SLOT_IN_TLS)
  if (!t_thread.fast) [[unlikely]] {
    return false;
  }
  t_thread.own_slot.active.store(detail::g_epoch.load(std::memory_order_acquire), std::memory_order_release);
#else
  Slot* s = t_thread.fast_slot;
  if (s == nullptr) [[unlikely]] {
    return false;
  }
  s->active.store(detail::g_epoch.load(std::memory_order_acquire), std::memory_order_release);
#endif
  light_fence();
  return true;
}

[[gnu::always_inline]] inline void leave_fast() noexcept {
#if defined(MMF_EPOCH_SLOT_IN_TLS)
  t_thread.own_slot.active.store(0, std::memory_order_release);
#else
  t_thread.fast_slot->active.store(0, std::memory_order_release);
#endif
}

// Begins a read-side critical section on the calling thread; null when no
// slot could be had: the caller must then take its locked path. Loads of
// published pointers inside the section must be seq_cst (a plain load on
// x86, as an acquire load is). Sections do not nest.
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
