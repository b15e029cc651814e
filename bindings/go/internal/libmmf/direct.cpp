#include "direct.hpp"

#include <mutex>

#include "fault_guard.hpp"
#include "thread_state.hpp"
#if defined(MMF_DIRECT_LOAD_SITES)
#include <ucontext.h>
#endif

namespace mmf::core::direct {
namespace {

#if defined(MMF_DIRECT_LOAD_SITES)
// Registered load instructions; 0: free. Written under g_sites_mu, read by
// the handler without it.
std::atomic<uintptr_t> g_sites[kMaxLoadSites];
std::mutex g_sites_mu;

// A fault at a registered load: the reader is inside its section (it runs
// that instruction only there), and rbx holds the view it read in step 2.
bool on_site_fault(const volatile unsigned char* addr, void* ctx) noexcept {
  auto& regs = static_cast<ucontext_t*>(ctx)->uc_mcontext.gregs;
  const auto pc = static_cast<uintptr_t>(regs[REG_RIP]);
  for (const auto& site : g_sites) {
    if (site.load(std::memory_order_acquire) != pc) continue;
    const auto* v = reinterpret_cast<const View*>(regs[REG_RBX]);  // NOLINT(performance-no-int-to-ptr)
    return v != nullptr && v->owner != nullptr && v->owner->direct_fault(*v, addr);
  }
  return false;
}
#endif

#if defined(MMF_DIRECT_READERS)
// The fault handler's hook (fault_guard.hpp): a fault inside the calling
// thread's direct section, on an address of the view its slot names. The
// view and its map stay alive while the section lasts (the section is the
// reader's own; the binding keeps the map's handle until its read returns).
// A direct section faults only on its data load, which follows the store of
// the view, so a slot that is active names the view being read.
// A reader that names its view in its slot (Java's) leaves it set from
// step 2 on; one that registers its load site instead (Go's) leaves it null.
bool on_fault(const volatile unsigned char* addr, void* ctx) noexcept {
  const epoch::Slot* s = t_thread.direct_slot;
  if (s != nullptr && s->active.load(std::memory_order_relaxed) != 0) {
    const auto* v = static_cast<const View*>(s->view.load(std::memory_order_relaxed));
    if (v != nullptr && v->owner != nullptr) return v->owner->direct_fault(*v, addr);
  }
#if defined(MMF_DIRECT_LOAD_SITES)
  return on_site_fault(addr, ctx);
#else
  (void)ctx;
  return false;
#endif
}
#endif

}  // namespace

bool available() noexcept {
#if defined(MMF_DIRECT_READERS)
  return epoch::asymmetric();
#else
  return false;
#endif
}

epoch::Slot* claim() noexcept {
#if defined(MMF_DIRECT_READERS)
  if (!available()) return nullptr;
  try {
    fault::install();
  } catch (...) {
    return nullptr;
  }
  fault::set_direct_fault_hook(on_fault);
  return epoch::claim_direct();
#else
  return nullptr;
#endif
}

void release(epoch::Slot* slot) noexcept { epoch::release_direct(slot); }

Status add_load_site(const void* pc) noexcept {
#if defined(MMF_DIRECT_LOAD_SITES)
  if (!available()) return fail(Status::unsupported, "direct reads are not available here");
  try {
    fault::install();
  } catch (...) {
    return fail(Status::no_memory, "the fault guard could not be installed");
  }
  fault::set_direct_fault_hook(on_fault);
  const auto at = reinterpret_cast<uintptr_t>(pc);
  std::lock_guard lock(g_sites_mu);
  for (auto& site : g_sites) {
    if (site.load(std::memory_order_relaxed) == at) return Status::ok;
  }
  for (auto& site : g_sites) {
    if (site.load(std::memory_order_relaxed) == 0) {
      site.store(at, std::memory_order_release);
      return Status::ok;
    }
  }
  return fail(Status::no_memory, "%zu load sites are registered already", kMaxLoadSites);
#else
  (void)pc;
  return fail(Status::unsupported, "registered load sites need x86-64 Linux with membarrier");
#endif
}

Layout layout_of(Map& map) noexcept { return Layout{&epoch::detail::g_epoch, &map.direct_block()}; }

}  // namespace mmf::core::direct
