#include "epoch.hpp"

#include <mutex>
#include <new>
#include <thread>

#if defined(_WIN32)
#include <windows.h>
#else
#include <pthread.h>
#include <sched.h>

#include <ctime>
#endif
#if MMF_HAVE_MEMBARRIER
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace mmf::core::epoch {
namespace detail {

std::atomic<uint64_t> g_epoch{1};
std::atomic<int> g_mode{0};

}  // namespace detail
namespace {

std::atomic<Slot*> g_slots{nullptr};
// Serialises writers' grace periods (each is short; two at once would only
// wait for the same readers twice).
std::mutex g_sync_mu;

#if !defined(_WIN32)
// In a forked child only the forking thread exists: the slots of the others
// would keep their epochs forever and every later grace period would wait
// for them. They are released, and the writers' mutex (held across fork by
// the forking thread, see prepare) is given back.
void atfork_prepare() { g_sync_mu.lock(); }
void atfork_parent() { g_sync_mu.unlock(); }
void atfork_child() {
  for (Slot* s = g_slots.load(std::memory_order_acquire); s != nullptr; s = s->next) {
    if (s == t_thread.slot) continue;
    s->active.store(0, std::memory_order_relaxed);
    s->owned.store(false, std::memory_order_relaxed);
  }
  g_sync_mu.unlock();
}
#endif

bool can_fence_asymmetrically() {
#if defined(MMF_ASYMMETRIC_FENCE) && MMF_HAVE_MEMBARRIER
  // Expedited private membarrier: an IPI to the CPUs running this process's
  // threads (Linux 4.14+). Registration is once per process and must come
  // before the first use; without it the call fails with EPERM.
  const long cmds = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
  if (cmds < 0 || (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return false;
  return syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
#elif defined(MMF_ASYMMETRIC_FENCE) && defined(_WIN32)
  // Wine's FlushProcessWriteBuffers did nothing before Wine 9 (a stub), which
  // would make the light side unsound there: Wine gets the symmetric protocol.
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  return ntdll == nullptr || GetProcAddress(ntdll, "wine_get_version") == nullptr;
#else
  return false;
#endif
}

// Sleeps a little longer on each call: a writer waiting for a long reader
// (a search of a large map) must not take a CPU from it.
class Backoff {
 public:
  void pause() noexcept {
    ++n_;
    if (n_ < 64) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else if (n_ < 128) {
      std::this_thread::yield();
    } else {
#if defined(_WIN32)
      Sleep(0);
#else
      const long us = n_ < 256 ? 20 : 200;
      struct timespec ts {
        0, us * 1000
      };
      nanosleep(&ts, nullptr);
#endif
    }
  }

 private:
  unsigned n_ = 0;
};

// Gives the thread's slot back when the thread ends. Constructed only on a
// thread's first section, so the common path never touches it.
struct SlotRelease {
  Slot* slot = nullptr;
  SlotRelease() = default;
  SlotRelease(const SlotRelease&) = delete;
  SlotRelease& operator=(const SlotRelease&) = delete;
  ~SlotRelease() {
    if (slot == nullptr) return;
    slot->active.store(0, std::memory_order_release);
    slot->owned.store(false, std::memory_order_release);
    t_thread.slot = nullptr;
    t_thread.fast_slot = nullptr;
  }
};

}  // namespace

int detail::decide_mode() noexcept {
  static std::once_flag once;
  std::call_once(once, [] {
#if !defined(_WIN32)
    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
#endif
    g_mode.store(can_fence_asymmetrically() ? 2 : 1, std::memory_order_release);
  });
  return g_mode.load(std::memory_order_acquire);
}

Slot* detail::claim_slot() noexcept {
  const bool asym = asymmetric();  // the mode is fixed before any slot is in use
  Slot* mine = nullptr;
  for (Slot* s = g_slots.load(std::memory_order_acquire); s != nullptr && mine == nullptr; s = s->next) {
    bool expected = false;
    if (!s->owned.load(std::memory_order_relaxed) &&
        s->owned.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
      mine = s;
    }
  }
  if (mine == nullptr) {
    mine = new (std::nothrow) Slot;
    if (mine == nullptr) return nullptr;
    mine->owned.store(true, std::memory_order_relaxed);
    Slot* head = g_slots.load(std::memory_order_relaxed);
    do {
      mine->next = head;
    } while (!g_slots.compare_exchange_weak(head, mine, std::memory_order_release, std::memory_order_relaxed));
  }
  try {
    static thread_local SlotRelease release;
    release.slot = mine;
  } catch (...) {
    // No memory for the thread-exit hook: the slot stays owned after the
    // thread ends (a few bytes, and inactive, so no writer waits for it).
  }
  mine->asymmetric = asym;
  t_thread.slot = mine;
  t_thread.fast_slot = asym ? mine : nullptr;
  return mine;
}

void heavy_fence() noexcept {
#if defined(MMF_ASYMMETRIC_FENCE) && MMF_HAVE_MEMBARRIER
  syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
#elif defined(MMF_ASYMMETRIC_FENCE) && defined(_WIN32)
  FlushProcessWriteBuffers();
#endif
}

uint64_t retire() noexcept {
  // Sections that begin from here on announce an epoch >= the mark and,
  // having read the epoch with acquire, see everything unpublished before it.
  const uint64_t mark = detail::g_epoch.fetch_add(1, std::memory_order_seq_cst) + 1;
  // Either a section's announcement is visible to the scan in quiescent(),
  // or its loads come after this fence and miss what was unpublished.
  if (asymmetric()) heavy_fence();
  return mark;
}

namespace {
// A section that began before `mark` and has not ended, or null.
Slot* straggler(uint64_t mark) noexcept {
  for (Slot* s = g_slots.load(std::memory_order_acquire); s != nullptr; s = s->next) {
    const uint64_t v = s->active.load(std::memory_order_seq_cst);
    if (v != 0 && v < mark) return s;
  }
  return nullptr;
}
}  // namespace

bool quiescent(uint64_t mark) noexcept { return straggler(mark) == nullptr; }

void synchronize() noexcept {
  std::lock_guard lock(g_sync_mu);
  const uint64_t mark = retire();
  Backoff backoff;
  for (Slot* s = straggler(mark); s != nullptr; s = straggler(mark)) {
    // Wait on this slot, then look again from the start: slots added
    // meanwhile began after the mark.
    while (true) {
      const uint64_t v = s->active.load(std::memory_order_seq_cst);
      if (v == 0 || v >= mark) break;
      backoff.pause();
    }
  }
}

}  // namespace mmf::core::epoch
