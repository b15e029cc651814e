// Substring search over a byte range. Kept apart from the map so that the
// implementation can change without touching anything else.
//
// find/rfind: 1-byte needles get a vector byte scan (4 vectors per loop
// trip, software prefetch); longer needles a SIMD prefilter (the needle's
// two rarest bytes compared 16 (SSE2) or 32 (AVX2, chosen at run time)
// positions at a time, candidates verified with memcmp) that hands over to
// Two-Way as soon as verification costs more than a few bytes per byte
// scanned. Needles of 64 bytes or more first try a skip loop (one byte read
// per needle length while the haystack holds none of the needle's bytes).
// So typical searches run at memory speed and the worst case is linear. No
// byte outside [hay, hay + hay_len) is ever read (prefetches may point past
// it; they cannot fault).
//
// glibc's memmem and memchr are not used: memchr is slower than the scan
// here on a memory-bound haystack (no prefetch across pages), and memmem is
// ~25x slower on the adversarial aaa...ab input (measured by bench/).
#pragma once

#include <cstddef>
#include <cstdint>

namespace mmf::core::search {

// Index of the first / last occurrence of needle in hay, or -1. An empty
// needle is found at 0 (find) or at hay_len (rfind).
int64_t find(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;
int64_t rfind(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;

// Two-Way alone (no prefilter), for tests and benchmarks of the fallback.
int64_t find_two_way(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;

namespace detail {
// The prefiltered paths by instruction set, for tests (find/rfind pick one).
int64_t find_baseline(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;
int64_t rfind_baseline(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;
bool have_avx2() noexcept;
// Compiled with -mavx2; call only when have_avx2().
int64_t find_avx2(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;
int64_t rfind_avx2(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept;
}  // namespace detail

}  // namespace mmf::core::search
