// The floor model of floor_model.h. Each variant keeps the memory accesses
// of mmf's read_at fast path that its promises need and drops everything
// else: no argument checks beyond the map, only 8-byte reads, no fault guard
// (the exception-table sites cost nothing when nothing faults), no slow path
// (a failed check returns 1).
#include "floor_model.h"

#include <atomic>
#include <cstring>
#include <new>

namespace {

struct View {
  const unsigned char* data;
  uint64_t length;
  uint64_t end8;  // as mmf's View::end8: 8 bytes at pos fit iff pos < end8
};

// As core/src/thread_state.hpp: the slot itself lives in the thread's
// initial-exec TLS block, behind a flag that says it is listed.
struct ThreadBlock {
  std::atomic<uint64_t> active;
  bool fast;
};

thread_local constinit ThreadBlock t_block __attribute__((tls_model("initial-exec"))) = {};
std::atomic<uint64_t> g_epoch{1};

// As core/src/map.hpp's seqlock_acquire_fence: ThreadSanitizer rejects
// thread fences, and on x86-64 an acquire fence only stops the compiler.
inline void acquire_fence() {
#if defined(__SANITIZE_THREAD__)
  std::atomic_signal_fence(std::memory_order_acquire);
#else
  std::atomic_thread_fence(std::memory_order_acquire);
#endif
}

}  // namespace

struct floor_map {
  std::atomic<const View*> view;
  std::atomic<uint32_t> seq;
  View v;
};

floor_map* floor_open(const void* data, uint64_t length) {
  auto* m = new (std::nothrow) floor_map;
  if (m == nullptr) return nullptr;
  m->v = View{static_cast<const unsigned char*>(data), length, length >= 8 ? length - 7 : 0};
  m->view.store(&m->v);
  m->seq.store(0);
  t_block.fast = true;  // mmf lists the slot on a thread's first section
  return m;
}

void floor_close(floor_map* m) { delete m; }

int floor_read_full(floor_map* m, uint64_t pos, void* buf, size_t cap, size_t* n) {
  if (m == nullptr || !t_block.fast || cap != 8) return 1;
  t_block.active.store(g_epoch.load(std::memory_order_acquire), std::memory_order_release);
  std::atomic_signal_fence(std::memory_order_seq_cst);  // the asymmetric fence's light half
  const View* v = m->view.load(std::memory_order_seq_cst);
  const uint32_t before = m->seq.load(std::memory_order_acquire);
  if ((before & 1) != 0 || pos >= v->end8) {
    t_block.active.store(0, std::memory_order_release);
    return 1;
  }
  std::memcpy(buf, v->data + pos, 8);
  acquire_fence();
  const bool moved = m->seq.load(std::memory_order_relaxed) != before;
  t_block.active.store(0, std::memory_order_release);
  if (moved) return 1;
  *n = cap;
  return 0;
}

int floor_read_noseq(floor_map* m, uint64_t pos, void* buf, size_t cap, size_t* n) {
  if (m == nullptr || !t_block.fast || cap != 8) return 1;
  t_block.active.store(g_epoch.load(std::memory_order_acquire), std::memory_order_release);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  const View* v = m->view.load(std::memory_order_seq_cst);
  if (pos >= v->end8) {
    t_block.active.store(0, std::memory_order_release);
    return 1;
  }
  std::memcpy(buf, v->data + pos, 8);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  t_block.active.store(0, std::memory_order_release);
  *n = cap;
  return 0;
}

int floor_read_bare(floor_map* m, uint64_t pos, void* buf, size_t cap, size_t* n) {
  if (m == nullptr || cap != 8) return 1;
  const View* v = m->view.load(std::memory_order_acquire);
  if (pos >= v->end8) return 1;
  std::memcpy(buf, v->data + pos, 8);
  *n = cap;
  return 0;
}
