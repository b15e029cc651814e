// The search routines against a naive reference: every implementation path
// (baseline SIMD, AVX2 when the CPU has it, Two-Way alone), random inputs
// over small alphabets so that near-misses are common, adversarial periodic
// inputs, and haystacks flush against inaccessible pages so that a read out
// of bounds crashes the test.
#include "search.hpp"

#include <gtest/gtest.h>

#include "naive_search.hpp"

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace mmf::core::search;

using mmf_test::naive_search;

using Fn = int64_t (*)(const uint8_t*, size_t, const uint8_t*, size_t) noexcept;

struct Impl {
  const char* name;
  Fn fwd;
  Fn rev;  // may be null (Two-Way is forward only)
};

std::vector<Impl> impls() {
  std::vector<Impl> v = {{"public", find, rfind},
                         {"baseline", detail::find_baseline, detail::rfind_baseline},
                         {"two_way", find_two_way, nullptr}};
  if (detail::have_avx2()) v.push_back({"avx2", detail::find_avx2, detail::rfind_avx2});
  return v;
}

// Three pages, the first and the last inaccessible (PROT_NONE /
// PAGE_NOACCESS); the middle one is readable and writable.
class GuardedPages {
 public:
  GuardedPages() {
#ifdef _WIN32
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    page_ = si.dwPageSize;
    base_ = static_cast<uint8_t*>(VirtualAlloc(nullptr, 3 * page_, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    DWORD old = 0;
    ok_ = base_ != nullptr && VirtualProtect(base_, page_, PAGE_NOACCESS, &old) != 0 &&
          VirtualProtect(base_ + 2 * page_, page_, PAGE_NOACCESS, &old) != 0;
#else
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* p = mmap(nullptr, 3 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    base_ = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
    ok_ = base_ != nullptr && mprotect(base_, page_, PROT_NONE) == 0 &&
          mprotect(base_ + 2 * page_, page_, PROT_NONE) == 0;
#endif
  }
  ~GuardedPages() {
    if (base_ == nullptr) return;
#ifdef _WIN32
    VirtualFree(base_, 0, MEM_RELEASE);
#else
    munmap(base_, 3 * page_);
#endif
  }
  GuardedPages(const GuardedPages&) = delete;
  GuardedPages& operator=(const GuardedPages&) = delete;
  bool ok() const { return ok_; }
  size_t page() const { return page_; }
  uint8_t* middle() const { return base_ + page_; }

 private:
  size_t page_ = 0;
  uint8_t* base_ = nullptr;
  bool ok_ = false;
};

int64_t call(Fn f, const std::string& h, const std::string& n) {
  return f(reinterpret_cast<const uint8_t*>(h.data()), h.size(), reinterpret_cast<const uint8_t*>(n.data()), n.size());
}

void check(const std::string& h, const std::string& n) {
  for (const Impl& im : impls()) {
    // The internal paths require 1 <= needle <= haystack; the public ones take anything.
    bool internal = std::strcmp(im.name, "public") != 0;
    if (internal && (n.empty() || n.size() > h.size())) continue;
    ASSERT_EQ(call(im.fwd, h, n), naive_search(h, n, false)) << im.name << " find: " << n << " in " << h;
    if (im.rev != nullptr) {
      ASSERT_EQ(call(im.rev, h, n), naive_search(h, n, true)) << im.name << " rfind: " << n << " in " << h;
    }
  }
}

TEST(Search, EmptyNeedle) {
  EXPECT_EQ(call(find, "abc", ""), 0);
  EXPECT_EQ(call(rfind, "abc", ""), 3);
  EXPECT_EQ(call(find, "", ""), 0);
  EXPECT_EQ(call(rfind, "", ""), 0);
}

TEST(Search, SmallCases) {
  check("xabcx", "x");
  check("xabcx", "bc");
  check("abcabc", "abc");
  check("aaaa", "aa");
  check("ab", "abc");
  check("abababababababababababababababababab", "abab");
}

TEST(Search, RandomAgainstNaive) {
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 4000; ++iter) {
    std::uniform_int_distribution<int> alphabet(2, 4);
    const int a = alphabet(rng);
    std::uniform_int_distribution<int> byte(0, a - 1);
    size_t hl = std::uniform_int_distribution<size_t>(0, iter % 4 == 0 ? 600 : 90)(rng);
    size_t nl = std::uniform_int_distribution<size_t>(0, iter % 8 == 0 ? 70 : 6)(rng);
    std::string h(hl, 'a'), n(nl, 'a');
    for (auto& c : h) c = static_cast<char>('a' + byte(rng));
    for (auto& c : n) c = static_cast<char>('a' + byte(rng));
    // Plant the needle sometimes, so that matches occur at every offset.
    if (nl > 0 && nl <= hl && iter % 3 == 0) h.replace(rng() % (hl - nl + 1), nl, n);
    check(h, n);
    if (HasFatalFailure()) return;
  }
}

TEST(Search, LongNeedlesSkipAndStillFindEveryPlant) {
  // Needles of 64+ bytes take the skip loop while the haystack holds none of
  // their bytes. Plants at random offsets (both ends included), needle bytes
  // sprinkled into the haystack (skips that fail), and stretches dense with
  // them (the loop gives up and the plain scan takes over) must all find the
  // same first and last occurrence as the naive search.
  std::mt19937 rng(99);
  for (int iter = 0; iter < 600; ++iter) {
    const size_t nl = std::uniform_int_distribution<size_t>(64, 300)(rng);
    const size_t hl = std::uniform_int_distribution<size_t>(nl, 6000)(rng);
    std::string n(nl, 'x'), h(hl, 'a');
    for (auto& c : n) c = "xyzab"[rng() % (iter % 2 == 0 ? 2 : 5)];
    const int density = static_cast<int>(iter % 4);  // 0: none of the needle's bytes, 3: many
    for (auto& c : h)
      c = (density > 0 && rng() % (64 >> (2 * density) | 1) == 0) ? "xyz"[rng() % 3] : "abcd"[rng() % 4];
    const int plants = static_cast<int>(rng() % 3);
    for (int p = 0; p < plants; ++p) {
      const size_t at = p == 0 && iter % 5 == 0 ? (iter % 10 == 0 ? 0 : hl - nl) : rng() % (hl - nl + 1);
      h.replace(at, nl, n);
    }
    check(h, n);
    if (HasFatalFailure()) return;
  }
}

TEST(Search, AdversarialPeriodicInputsStayCorrect) {
  // Every position a near-miss: the prefilter must hand over to Two-Way.
  std::string hay(1 << 20, 'a');
  std::string needle = std::string(999, 'a') + "b";
  check(hay, needle);
  hay += needle;
  check(hay, needle);
  std::string rneedle = "b" + std::string(999, 'a');
  check(std::string(1 << 20, 'a'), rneedle);
  check(rneedle + std::string(1 << 20, 'a'), rneedle);
  std::string ab;
  for (int i = 0; i < 200000; ++i) ab += "ab";
  check(ab, "abababababababababababababababac");
  check(ab + "c", "ababababababababababababababababc");
}

TEST(Search, LongInputIsLinear) {
  // 8 MiB of 'a' and a 4 KiB needle that almost matches everywhere: a
  // quadratic search would compare ~32 billion bytes; this must finish
  // (CTest's timeout is the guard) and be right.
  std::string hay(8 << 20, 'a');
  std::string needle = std::string(4095, 'a') + "b";
  EXPECT_EQ(call(find, hay, needle), -1);
  EXPECT_EQ(call(rfind, hay, "b" + std::string(4095, 'a')), -1);
  hay.replace(hay.size() - needle.size(), needle.size(), needle);
  EXPECT_EQ(call(find, hay, needle), static_cast<int64_t>(hay.size() - needle.size()));
}

TEST(Search, NeverReadsOutsideTheHaystack) {
  const GuardedPages pages;
  ASSERT_TRUE(pages.ok());
  const size_t page = pages.page();
  uint8_t* mid = pages.middle();
  std::mt19937 rng(7);
  for (size_t i = 0; i < page; ++i) mid[i] = static_cast<uint8_t>('a' + rng() % 3);
  const std::string needles[] = {"a",
                                 "ab",
                                 "abc",
                                 "cab",
                                 "abcabcab",
                                 std::string(40, 'a'),
                                 std::string(100, 'd'),  // never present: the skip loop end to end
                                 "dd" + std::string(70, 'c'),
                                 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"};
  for (size_t len = 0; len <= 300; ++len) {
    for (const uint8_t* hay : {mid, mid + page - len}) {  // flush against either guard page
      std::string h(reinterpret_cast<const char*>(hay), len);
      for (const std::string& n : needles) {
        for (const Impl& im : impls()) {
          if (std::strcmp(im.name, "public") != 0 && (n.empty() || n.size() > len)) continue;
          const auto* np = reinterpret_cast<const uint8_t*>(n.data());
          ASSERT_EQ(im.fwd(hay, len, np, n.size()), naive_search(h, n, false)) << im.name;
          if (im.rev != nullptr) {
            ASSERT_EQ(im.rev(hay, len, np, n.size()), naive_search(h, n, true)) << im.name;
          }
        }
      }
    }
  }
}

}  // namespace
