#include "direct.hpp"

#include "fault_guard.hpp"
#include "thread_state.hpp"

namespace mmf::core::direct {
namespace {

#if defined(MMF_DIRECT_READERS)
// The fault handler's hook (fault_guard.hpp): a fault inside the calling
// thread's direct section, on an address of the view its slot names. The
// view and its map stay alive while the section lasts (the section is the
// reader's own; the binding keeps the map's handle until its read returns).
// A direct section faults only on its data load, which follows the store of
// the view, so a slot that is active names the view being read.
bool on_fault(const volatile unsigned char* addr) noexcept {
  const epoch::Slot* s = t_thread.direct_slot;
  if (s == nullptr || s->active.load(std::memory_order_relaxed) == 0) return false;
  const auto* v = static_cast<const View*>(s->view.load(std::memory_order_relaxed));
  if (v == nullptr || v->owner == nullptr) return false;
  return v->owner->direct_fault(*v, addr);
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

Layout layout_of(Map& map) noexcept { return Layout{&epoch::detail::g_epoch, &map.direct_block()}; }

}  // namespace mmf::core::direct
