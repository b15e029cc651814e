// What a thread keeps for the hot path of every call, in one initial-exec
// thread-local block: a call reaches all of it with one TLS offset load and
// %fs-relative accesses, never through __tls_get_addr.
#pragma once

namespace mmf::core {

namespace epoch {
struct Slot;
}
namespace fault {
struct Frame;
}

struct ThreadState {
  // epoch.hpp: this thread's reader slot (null until its first section).
  epoch::Slot* slot;
  // The same slot when the protocol is asymmetric, else null: fast paths
  // test this one pointer instead of a pointer and a mode.
  epoch::Slot* fast_slot;
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
