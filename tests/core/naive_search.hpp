// The reference the search tests compare against: every position, in order.
#pragma once

#include <cstdint>
#include <string>

namespace mmf_test {

inline int64_t naive_search(const std::string& h, const std::string& n, bool reverse) {
  if (n.size() > h.size()) return -1;
  int64_t best = -1;
  for (size_t i = 0; i + n.size() <= h.size(); ++i) {
    if (h.compare(i, n.size(), n) == 0) {
      if (!reverse) return static_cast<int64_t>(i);
      best = static_cast<int64_t>(i);
    }
  }
  return best;
}

}  // namespace mmf_test
