// Direct readers: code outside the library that reads a map's bytes with its
// own loads (a binding's JIT-compiled code, where a call into the library
// would cost more than the read), yet keeps the library's promises. The C
// side of the protocol that capi/include/mmf_direct.h states for bindings:
//
// - close and resize never unmap under a direct read: the reader announces
//   itself in an epoch slot of its own (epoch::claim_direct), exactly as the
//   library's own fast paths do, and writers wait for it;
// - a write of the same map is never seen half done: the reader checks
//   DirectBlock::seq around its load;
// - a page that vanishes under the load (a file truncated by another
//   process) never kills the process or returns wrong bytes: the fault
//   handler recognises the thread's direct slot, poisons the map, maps a page
//   of zeros in place of the vanished one and lets the load run again; the
//   reader's check after the load finds DirectBlock::view changed and takes
//   the library's call, which reports the fault. Every touch of mapped bytes
//   inside the library checks DirectBlock::patched after its copy, so no call
//   returns those zeros either, and a resize maps the file afresh.
//
// Only where MMF_DIRECT_READERS is defined and the protocol is asymmetric
// (available()); elsewhere a binding takes the library's calls.
#pragma once

#include <cstddef>
#include <cstdint>

#include "epoch.hpp"
#include "map.hpp"
#include "status.hpp"

namespace mmf::core::direct {

// Whether direct readers can be had in this process.
bool available() noexcept;

// A direct reader's slot for the calling thread (null: not available, or
// out of memory). Installs the fault guard and its direct-reader hook.
epoch::Slot* claim() noexcept;
// Ends a slot that claim() returned (from any thread; null is a no-op).
void release(epoch::Slot* slot) noexcept;

// Registers the address of a direct reader's load instruction (step 4 of
// mmf_direct.h) for readers whose slot is not tied to one thread (Go's, one
// per P): a fault at exactly that instruction is a direct reader's, and the
// view is in rbx. Status::unsupported where that cannot be done;
// Status::no_memory when kMaxLoadSites are registered already.
inline constexpr std::size_t kMaxLoadSites = 16;
Status add_load_site(const void* pc) noexcept;

// Where a direct reader finds what it reads.
struct Layout {
  const std::atomic<uint64_t>* epoch;
  const DirectBlock* block;
};
Layout layout_of(Map& map) noexcept;

}  // namespace mmf::core::direct
