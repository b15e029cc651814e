// The AVX2 instantiation of the prefiltered search. This file alone is
// compiled with -mavx2 and is only called after a run-time CPU check.
#include <immintrin.h>

#include <cstddef>
#include <cstring>

#include "search.hpp"

namespace mmf::core::search {
namespace {

#include "search_impl.inc"

struct Avx2 {
  static constexpr size_t kWidth = 32;
  using Vec = __m256i;
  static Vec splat(uint8_t b) { return _mm256_set1_epi8(static_cast<char>(b)); }
  static Vec load(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static Vec eq(Vec a, Vec b) { return _mm256_cmpeq_epi8(a, b); }
  static Vec and_(Vec a, Vec b) { return _mm256_and_si256(a, b); }
  static Vec or_(Vec a, Vec b) { return _mm256_or_si256(a, b); }
  static uint32_t mask(Vec a) { return static_cast<uint32_t>(_mm256_movemask_epi8(a)); }
  static void prefetch(const uint8_t* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0); }
};

}  // namespace

namespace detail {
int64_t find_avx2(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  if (needle_len == 1) return find_byte<Avx2>(hay, hay_len, needle[0]);
  return find_prefiltered<Avx2>(hay, hay_len, needle, needle_len);
}
int64_t rfind_avx2(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  if (needle_len == 1) return rfind_byte<Avx2>(hay, hay_len, needle[0]);
  return rfind_prefiltered<Avx2>(hay, hay_len, needle, needle_len);
}
}  // namespace detail

}  // namespace mmf::core::search
