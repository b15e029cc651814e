#include "search_parallel.hpp"

#include <cstdlib>

namespace mmf::core::search {

unsigned max_threads() noexcept {
#if defined(MMF_PARALLEL_SEARCH)
  // Read once: getenv is not safe against a concurrent setenv, and a
  // setting that changed between calls would make timings hard to explain.
  static const unsigned n = [] {
    if (const char* env = std::getenv("MMF_SEARCH_THREADS"); env != nullptr && *env != '\0') {
      char* end = nullptr;
      const long v = std::strtol(env, &end, 10);
      if (*end == '\0' && v >= 1 && v <= 64) return static_cast<unsigned>(v);
    }
    const unsigned cpus = std::thread::hardware_concurrency();
    return cpus == 0 ? 1u : std::min(cpus, 4u);
  }();
  return n;
#else
  return 1;
#endif
}

}  // namespace mmf::core::search
