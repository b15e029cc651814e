// Large searches on several threads.
//
// One core cannot read memory at the machine's bandwidth: a scan over a
// page-cached map runs at ~10 GB/s on the benchmark machine whatever the
// instruction set, and two cores at ~20. So a search over a large range is
// cut into chunks that the calling thread and a few helper threads take in
// order (the caller searches the first alone, so an early match wakes no
// thread). The helpers come from the process's pool (search_pool.hpp), and
// none of them is still in, or can still enter, a call's chunk function when
// the call returns: the caller's lock on the mapping lasts only that long.
//
// The first (find) or last (rfind) occurrence is still the answer: chunks
// are claimed in search order, a thread stops claiming once a match before
// the next chunk is known, and every chunk before the best match has been
// searched to the end when the call returns.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "status.hpp"

#if !defined(_WIN32)
#include "search_pool.hpp"
#define MMF_PARALLEL_SEARCH 1
#endif

namespace mmf::core::search {

// Ranges shorter than this are searched on the calling thread alone: below
// ~1.5 ms of scanning, starting a thread costs more than it saves.
constexpr size_t kParallelMinBytes = size_t{16} << 20;
// Small enough that a helper still busy with a chunk past an early match
// keeps the caller waiting ~0.1 ms at most; large enough that claiming one
// (an atomic add and a guarded call) costs nothing next to searching it.
constexpr size_t kParallelChunkBytes = size_t{1} << 20;

// The threads (the caller included) a large search may use: the environment
// variable MMF_SEARCH_THREADS if it is set to 1-64 when it is first needed,
// else the number of CPUs, at most 4 (memory bandwidth, not CPU, is the
// limit). 1 means every search runs on the calling thread.
unsigned max_threads() noexcept;

// What max_threads() makes of the variable's text (env may be null) on a
// machine with `cpus` CPUs (0: unknown). Anything but a whole number 1-64
// is ignored, so a typo falls back to the default instead of failing.
unsigned threads_setting(const char* env, unsigned cpus) noexcept;

// Searches positions [0, n - m + 1) of a haystack of n bytes for a needle of
// m bytes (1 <= m <= n). chunk(lo, len, idx) searches bytes [lo, lo + len)
// and sets idx to the match relative to lo, or -1; it returns a status, and
// any status other than ok ends the search with it (after every thread has
// stopped). found is the absolute position or -1.
template <class ChunkFn>
Status parallel_search(size_t n, size_t m, bool reverse, unsigned threads, size_t chunk_bytes, ChunkFn&& chunk,
                       int64_t& found) noexcept {
  found = -1;
  const size_t positions = n - m + 1;
  const size_t chunks = (positions + chunk_bytes - 1) / chunk_bytes;
  // Chunk k (in search order) holds positions [first(k), first(k) + chunk_bytes).
  auto first = [&](size_t k) {
    return reverse ? (k + 1 == chunks ? 0 : positions - (k + 1) * chunk_bytes) : k * chunk_bytes;
  };
  auto count = [&](size_t k) {
    return reverse ? positions - k * chunk_bytes - first(k) : std::min(chunk_bytes, positions - first(k));
  };
  constexpr int64_t kNone = -1;
  std::atomic<size_t> next{0};
  std::atomic<int64_t> best{kNone};  // the best match so far
  std::atomic<int> failure{static_cast<int>(Status::ok)};

  // True when a match already found comes before every position of chunk k.
  auto settled = [&](size_t k) {
    const int64_t b = best.load(std::memory_order_acquire);
    if (b == kNone) return false;
    return reverse ? static_cast<size_t>(b) >= first(k) + count(k) : static_cast<size_t>(b) < first(k);
  };
  auto better = [&](int64_t cand) {
    int64_t b = best.load(std::memory_order_relaxed);
    while ((b == kNone || (reverse ? cand > b : cand < b)) &&
           !best.compare_exchange_weak(b, cand, std::memory_order_acq_rel)) {
    }
  };
  // Searches the next chunk; false when there is nothing left to do.
  auto step = [&]() noexcept {
    if (failure.load(std::memory_order_relaxed) != static_cast<int>(Status::ok)) return false;
    const size_t k = next.fetch_add(1, std::memory_order_relaxed);
    if (k >= chunks || settled(k)) return false;
    const size_t lo = first(k);
    int64_t idx = -1;
    // A chunk's last position needs the needle's m - 1 bytes after it.
    const Status s = chunk(lo, count(k) + m - 1, idx);
    if (s != Status::ok) {
      int expected = static_cast<int>(Status::ok);
      failure.compare_exchange_strong(expected, static_cast<int>(s));
      return false;
    }
    if (idx >= 0) better(static_cast<int64_t>(lo) + idx);
    return true;
  };
  auto work = [&]() noexcept {
    while (step()) {
    }
  };

  // The first chunk on the calling thread alone: a match there (the common
  // case of a search that stops early) returns without starting a thread.
  if (!step() || best.load() != kNone) {
    if (int f = failure.load(); f != static_cast<int>(Status::ok)) return static_cast<Status>(f);
    found = best.load();
    return Status::ok;
  }

#if defined(MMF_PARALLEL_SEARCH)
  // The caller is one of the threads; the first chunk is done.
  const size_t used = std::min<size_t>(threads, chunks - 1);
  pool::share(
      used > 0 ? static_cast<unsigned>(used - 1) : 0, [](void* w) noexcept { (*static_cast<decltype(work)*>(w))(); },
      &work);
#else
  (void)threads;
  work();
#endif
  if (int f = failure.load(); f != static_cast<int>(Status::ok)) return static_cast<Status>(f);
  found = best.load();
  return Status::ok;
}

}  // namespace mmf::core::search
