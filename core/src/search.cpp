#include "search.hpp"

#include <cstring>

namespace mmf::core::search {

int64_t find(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  if (needle_len == 0) return 0;
  if (needle_len > hay_len) return -1;
  const void* p = memmem(hay, hay_len, needle, needle_len);
  return p == nullptr ? -1 : static_cast<const uint8_t*>(p) - hay;
}

int64_t rfind(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  if (needle_len == 0) return static_cast<int64_t>(hay_len);
  if (needle_len > hay_len) return -1;
  // Walk candidate positions of the first byte from the right; memrchr keeps
  // the common case (a rare first byte) fast.
  size_t limit = hay_len - needle_len + 1;  // candidates live in [0, limit)
  while (limit > 0) {
    const void* p = memrchr(hay, needle[0], limit);
    if (p == nullptr) return -1;
    auto i = static_cast<size_t>(static_cast<const uint8_t*>(p) - hay);
    if (std::memcmp(hay + i, needle, needle_len) == 0) return static_cast<int64_t>(i);
    limit = i;
  }
  return -1;
}

}  // namespace mmf::core::search
