// Substring search over a byte range. Kept apart from the map so that a
// faster implementation can replace it without touching anything else.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mmf::core::search {

// Index of the first / last occurrence of needle in hay, or -1. An empty
// needle is found at 0 (find) or at hay_len (rfind).
int64_t find(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;
int64_t rfind(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;

}  // namespace mmf::core::search
