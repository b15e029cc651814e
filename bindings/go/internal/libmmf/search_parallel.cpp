#include "search_parallel.hpp"

#include <cerrno>
#include <cstdlib>

#if defined(MMF_PARALLEL_SEARCH)
#include <thread>
#endif

namespace mmf::core::search {

unsigned threads_setting(const char* env, unsigned cpus) noexcept {
  if (env != nullptr && *env != '\0') {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(env, &end, 10);
    if (errno == 0 && *end == '\0' && v >= 1 && v <= 64) return static_cast<unsigned>(v);
  }
  return cpus == 0 ? 1u : std::min(cpus, 4u);
}

unsigned max_threads() noexcept {
#if defined(MMF_PARALLEL_SEARCH)
  // Read once: getenv is not safe against a concurrent setenv, and a
  // setting that changed between calls would make timings hard to explain.
  static const unsigned n = threads_setting(std::getenv("MMF_SEARCH_THREADS"), std::thread::hardware_concurrency());
  return n;
#else
  return 1;
#endif
}

}  // namespace mmf::core::search
