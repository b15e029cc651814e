// What the stress programs share: call and failure counters, and the status
// check. A status is acceptable when it is one of `allowed`; MMF_ERR_CLOSED
// too once the program has started closing the map.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <initializer_list>

#include "mmf.h"

namespace stress_checks {

inline std::atomic<uint64_t> g_calls{0};
inline std::atomic<uint64_t> g_failures{0};
inline std::atomic<bool> g_closing{false};

inline void failure(const char* what, mmf_status s) {
  if (g_failures.fetch_add(1) < 20) {
    std::fprintf(stderr, "FAIL %s: %s (%s)\n", what, mmf_strerror(s), mmf_last_error());
  }
}

inline void expect(const char* what, mmf_status s, std::initializer_list<mmf_status> allowed) {
  g_calls.fetch_add(1, std::memory_order_relaxed);
  if (s == MMF_ERR_CLOSED && g_closing.load()) return;
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) failure(what, s);
}

}  // namespace stress_checks
