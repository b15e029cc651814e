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

// The listed slots: a doubly linked list under g_reg_mu. Writers read the
// slots under it (a scan is short and never waits), and a thread's exit hook
// unlinks its slot under it, so no writer reads a slot whose thread's TLS (or
// heap slot) is gone. Readers never take it after their first section.
Slot* g_slots = nullptr;
std::mutex g_reg_mu;
// Serialises writers' grace periods (each is short; two at once would only
// wait for the same readers twice). Taken before g_reg_mu.
std::mutex g_sync_mu;

void link(Slot* s) {
  s->prev = nullptr;
  s->next = g_slots;
  if (g_slots != nullptr) g_slots->prev = s;
  g_slots = s;
}

void unlink(Slot* s) {
  if (s->prev != nullptr) {
    s->prev->next = s->next;
  } else {
    g_slots = s->next;
  }
  if (s->next != nullptr) s->next->prev = s->prev;
  s->prev = nullptr;
  s->next = nullptr;
}

#if !defined(_WIN32)
// In a forked child only the forking thread exists: the slots of the others
// would keep their epochs forever and every later grace period would wait
// for them. They are dropped from the list (their memory is the dead
// threads' and is not touched again), and both mutexes, held across fork by
// the forking thread (see prepare), are given back.
void atfork_prepare() {
  g_sync_mu.lock();
  g_reg_mu.lock();
}
void atfork_parent() {
  g_reg_mu.unlock();
  g_sync_mu.unlock();
}
void atfork_child() {
  g_slots = nullptr;
  if (t_thread.slot != nullptr) link(t_thread.slot);
  // The forking thread's direct reader goes on in the child too.
  if (t_thread.direct_slot != nullptr) link(t_thread.direct_slot);
  g_reg_mu.unlock();
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

// A heap slot on its own cache line: the owner stores to it on every
// section, and nothing else should share the line.
struct alignas(64) HeapSlot {
  Slot slot;
};

// Unlists the thread's slot when the thread ends, before its TLS (or heap
// slot) goes. Constructed only on a thread's first section, so the common
// path never touches it. Afterwards the thread never lists a slot again:
// calls from later thread-exit destructors take the locked paths.
struct SlotRelease {
  Slot* slot = nullptr;
#if !defined(MMF_EPOCH_SLOT_IN_TLS)
  HeapSlot* heap = nullptr;
#endif
  SlotRelease() = default;
  SlotRelease(const SlotRelease&) = delete;
  SlotRelease& operator=(const SlotRelease&) = delete;
  ~SlotRelease() {
    t_thread.ended = true;
    if (slot == nullptr) return;
    {
      std::lock_guard lock(g_reg_mu);
      unlink(slot);
    }
    t_thread.slot = nullptr;
#if defined(MMF_EPOCH_SLOT_IN_TLS)
    t_thread.fast = false;
#else
    t_thread.fast_slot = nullptr;
    delete heap;
#endif
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
  if (t_thread.ended) return nullptr;
  const bool asym = asymmetric();  // the mode is fixed before any slot is in use
#if defined(MMF_EPOCH_SLOT_IN_TLS)
  Slot* mine = &t_thread.own_slot;
#else
  auto* heap = new (std::nothrow) HeapSlot;
  if (heap == nullptr) return nullptr;
  Slot* mine = &heap->slot;
#endif
  // The exit hook first: a slot listed without it would stay listed after
  // its memory went with the thread.
  try {
    static thread_local SlotRelease release;
    release.slot = mine;
#if !defined(MMF_EPOCH_SLOT_IN_TLS)
    release.heap = heap;
#endif
  } catch (...) {
#if !defined(MMF_EPOCH_SLOT_IN_TLS)
    delete heap;
#endif
    return nullptr;
  }
  mine->asymmetric = asym;
  mine->active.store(0, std::memory_order_relaxed);
  {
    std::lock_guard lock(g_reg_mu);
    link(mine);
  }
  t_thread.slot = mine;
#if defined(MMF_EPOCH_SLOT_IN_TLS)
  t_thread.fast = asym;
#else
  t_thread.fast_slot = asym ? mine : nullptr;
#endif
  return mine;
}

Slot* claim_direct() noexcept {
  if (!asymmetric()) return nullptr;
  auto* heap = new (std::nothrow) HeapSlot;
  if (heap == nullptr) return nullptr;
  Slot* s = &heap->slot;
  s->asymmetric = true;
  {
    std::lock_guard lock(g_reg_mu);
    link(s);
  }
  t_thread.direct_slot = s;
  return s;
}

void release_direct(Slot* s) noexcept {
  if (s == nullptr) return;
  {
    std::lock_guard lock(g_reg_mu);
    unlink(s);
  }
  if (t_thread.direct_slot == s) t_thread.direct_slot = nullptr;
  // The slot is the first member of its HeapSlot.
  delete reinterpret_cast<HeapSlot*>(s);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

std::size_t detail::listed_slots() noexcept {
  std::lock_guard lock(g_reg_mu);
  std::size_t n = 0;
  for (Slot* s = g_slots; s != nullptr; s = s->next) ++n;
  return n;
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
// Whether a listed section began before `mark` and has not ended.
bool straggling(uint64_t mark) noexcept {
  std::lock_guard lock(g_reg_mu);
  for (Slot* s = g_slots; s != nullptr; s = s->next) {
    const uint64_t v = s->active.load(std::memory_order_seq_cst);
    if (v != 0 && v < mark) return true;
  }
  return false;
}
}  // namespace

bool quiescent(uint64_t mark) noexcept { return !straggling(mark); }

void synchronize() noexcept {
  std::lock_guard lock(g_sync_mu);
  const uint64_t mark = retire();
  // Each look is a whole scan under the registry mutex (a straggler's slot
  // may be unlisted and gone between two looks); slots listed meanwhile
  // began after the mark and are skipped by the test.
  Backoff backoff;
  while (straggling(mark)) backoff.pause();
}

}  // namespace mmf::core::epoch
