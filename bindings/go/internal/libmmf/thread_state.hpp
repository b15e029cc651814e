// What a thread keeps for the hot path of every call, in one initial-exec
// thread-local block: a call reaches all of it with one TLS offset load and
// %fs-relative accesses, never through __tls_get_addr.
#pragma once

#include <atomic>
#include <cstdint>

#include "config.hpp"

namespace mmf::core {

namespace epoch {
// A thread's reader slot (epoch.hpp). Listed in the epoch registry from the
// thread's first section until its thread-exit hook; the links and the
// listing change only under the registry's mutex, which writers hold while
// they read the slots, so a slot may go away with its thread.
struct Slot {
  // 0 outside a section; else the epoch the section started in.
  std::atomic<uint64_t> active{0};
  // asymmetric() when the slot was listed (the mode never changes).
  bool asymmetric = false;
  // A direct reader's slot (mmf_direct.h; direct.hpp): the View its section
  // reads from, stored before the load so that the fault handler, running on
  // the same thread, can tell whose mapping faulted. Null for the library's
  // own slots.
  std::atomic<const void*> view{nullptr};
  Slot* prev = nullptr;
  Slot* next = nullptr;
};
}  // namespace epoch
namespace fault {
struct Frame;
}

struct ThreadState {
  // epoch.hpp: this thread's listed reader slot (null until its first
  // section, and again once its thread-exit hook has run).
  epoch::Slot* slot;
#if defined(MMF_EPOCH_SLOT_IN_TLS)
  // The slot itself, and whether fast paths may use it (listed, and the
  // protocol is asymmetric): one flag to test, and the slot's address is a
  // constant offset from %fs, so a section loads no pointer first.
  epoch::Slot own_slot;
  bool fast;
#else
  // The slot when the protocol is asymmetric, else null: fast paths test
  // this one pointer instead of a pointer and a mode.
  epoch::Slot* fast_slot;
#endif
  // The direct-reader slot this thread claimed (mmf_direct_slot_claim), or
  // null: the fault handler's way to tell a direct reader's fault (direct.hpp).
  epoch::Slot* direct_slot;
  // The thread-exit hook has run: no slot is listed for this thread again
  // (its TLS is about to go), so later calls from other thread-exit
  // destructors take the locked paths.
  bool ended;
  // fault_guard.hpp: the armed run_guarded() frame, read by the signal
  // handler. volatile (plus signal fences): the stores must not be dropped
  // or sunk past the guarded call.
  fault::Frame* volatile frame;
  // The leaf copy's armed range (guard_x86_64.S). The handler reads it only
  // when the fault's PC is inside the leaf copy, which is called only right
  // after these are set: so they are never cleared.
  const volatile unsigned char* leaf_lo;
  const volatile unsigned char* leaf_hi;
};

// constinit and initial-exec: no dynamic initialiser and no lazy
// allocation (the signal handler reads it), and it fits in the static TLS
// surplus glibc keeps for libraries loaded with dlopen (JNI, P/Invoke, cgo).
#if defined(__ELF__)
extern thread_local constinit ThreadState t_thread __attribute__((tls_model("initial-exec")));
#else
extern thread_local constinit ThreadState t_thread;
#endif

}  // namespace mmf::core
