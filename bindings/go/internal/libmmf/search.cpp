#include "search.hpp"

#include <cstddef>
#include <cstring>

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>
#include <xmmintrin.h>
#define MMF_SEARCH_X86 1
#endif

namespace mmf::core::search {
namespace {

#include "search_impl.inc"

#if defined(MMF_SEARCH_X86)
// SSE2 is part of x86-64, so this path needs no run-time check.
struct Baseline {
  static constexpr size_t kWidth = 16;
  using Vec = __m128i;
  static Vec splat(uint8_t b) { return _mm_set1_epi8(static_cast<char>(b)); }
  static Vec load(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static Vec eq(Vec a, Vec b) { return _mm_cmpeq_epi8(a, b); }
  static Vec and_(Vec a, Vec b) { return _mm_and_si128(a, b); }
  static Vec or_(Vec a, Vec b) { return _mm_or_si128(a, b); }
  static uint32_t mask(Vec a) { return static_cast<uint32_t>(_mm_movemask_epi8(a)); }
  static void prefetch(const uint8_t* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0); }
};

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2");  // int in GCC, bool in clang
  return has;
}
#else
// Elsewhere a one-byte "vector": the same candidate scheme without SIMD.
struct Baseline {
  static constexpr size_t kWidth = 1;
  using Vec = uint8_t;
  static Vec splat(uint8_t b) { return b; }
  static Vec load(const uint8_t* p) { return *p; }
  static Vec eq(Vec a, Vec b) { return a == b ? 1 : 0; }
  static Vec and_(Vec a, Vec b) { return a & b; }
  static Vec or_(Vec a, Vec b) { return a | b; }
  static uint32_t mask(Vec a) { return a; }
  static void prefetch(const uint8_t* p) { __builtin_prefetch(p); }
};
#endif

int64_t find_baseline_any(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) {
  if (needle_len == 1) return find_byte<Baseline>(hay, hay_len, needle[0]);
  return find_prefiltered<Baseline>(hay, hay_len, needle, needle_len);
}
int64_t rfind_baseline_any(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) {
  if (needle_len == 1) return rfind_byte<Baseline>(hay, hay_len, needle[0]);
  return rfind_prefiltered<Baseline>(hay, hay_len, needle, needle_len);
}

}  // namespace

int64_t find(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  if (needle_len == 0) return 0;
  if (needle_len > hay_len) return -1;
#if defined(MMF_SEARCH_X86)
  if (cpu_has_avx2()) return detail::find_avx2(hay, hay_len, needle, needle_len);
#endif
  return find_baseline_any(hay, hay_len, needle, needle_len);
}

int64_t rfind(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  if (needle_len == 0) return static_cast<int64_t>(hay_len);
  if (needle_len > hay_len) return -1;
#if defined(MMF_SEARCH_X86)
  if (cpu_has_avx2()) return detail::rfind_avx2(hay, hay_len, needle, needle_len);
#endif
  return rfind_baseline_any(hay, hay_len, needle, needle_len);
}

namespace detail {
int64_t find_baseline(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  return find_baseline_any(hay, hay_len, needle, needle_len);
}
int64_t rfind_baseline(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  return rfind_baseline_any(hay, hay_len, needle, needle_len);
}
bool have_avx2() noexcept {
#if defined(MMF_SEARCH_X86)
  return cpu_has_avx2();
#else
  return false;
#endif
}
}  // namespace detail

int64_t find_two_way(const uint8_t* hay, size_t hay_len, const uint8_t* needle, size_t needle_len) noexcept {
  if (needle_len == 0) return 0;
  return two_way(Forward{hay}, hay_len, Forward{needle}, needle_len);
}

}  // namespace mmf::core::search
