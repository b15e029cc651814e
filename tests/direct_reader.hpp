// A direct reader as a binding writes one: mmf_direct.h's steps, on the
// public calls only (the stress tests and the map fuzzer share it).
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>

#include "mmf_direct.h"

namespace mmf_test {

// usable() is false where direct reads are not offered.
class DirectReader {
 public:
  explicit DirectReader(mmf_map* m) : slot_(static_cast<char*>(mmf_direct_slot_claim())) {
    l_.size = sizeof l_;
    ok_ = slot_ != nullptr && mmf_direct_layout_of(m, &l_) == MMF_OK && l_.version == MMF_DIRECT_VERSION;
  }
  ~DirectReader() { mmf_direct_slot_release(slot_); }
  DirectReader(const DirectReader&) = delete;
  DirectReader& operator=(const DirectReader&) = delete;
  bool usable() const { return ok_; }

  // True with the 8 bytes at pos; false: the caller would call mmf_read_at.
  bool read8(uint64_t pos, uint64_t& x) {
    const char* b = static_cast<const char*>(const_cast<const void*>(l_.block));
    auto* active = reinterpret_cast<uint64_t*>(slot_ + l_.slot_active_offset);
    auto* slot_view = reinterpret_cast<const void**>(slot_ + l_.slot_view_offset);
    const auto* seq = reinterpret_cast<const uint32_t*>(b + l_.seq_offset);
    const auto* view = reinterpret_cast<const void* const*>(b + l_.view_offset);
    __atomic_store_n(active, __atomic_load_n(l_.epoch, __ATOMIC_ACQUIRE), __ATOMIC_RELAXED);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    const uint32_t before = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
    const void* v = __atomic_load_n(view, __ATOMIC_ACQUIRE);
    const uint64_t data = __atomic_load_n(reinterpret_cast<const uint64_t*>(b + l_.data_offset), __ATOMIC_ACQUIRE);
    const uint64_t len = __atomic_load_n(reinterpret_cast<const uint64_t*>(b + l_.length_offset), __ATOMIC_ACQUIRE);
    __atomic_store_n(slot_view, v, __ATOMIC_RELAXED);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    bool ok = false;
    if ((before & 1) == 0 && len >= 8 && pos <= len - 8) {
      std::memcpy(&x, reinterpret_cast<const void*>(data + pos), 8);  // NOLINT(performance-no-int-to-ptr)
      asm volatile("" : "+r"(x));                                     // the load happens even when x is not looked at
      std::atomic_signal_fence(std::memory_order_seq_cst);
      ok = __atomic_load_n(seq, __ATOMIC_ACQUIRE) == before && __atomic_load_n(view, __ATOMIC_ACQUIRE) == v;
    }
    __atomic_store_n(active, 0, __ATOMIC_RELEASE);
    return ok;
  }

 private:
  mmf_direct_layout l_{};
  char* slot_;
  bool ok_ = false;
};

}  // namespace mmf_test
