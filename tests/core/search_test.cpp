// The search routines against a naive reference, over inputs chosen to hit
// the edges: empty needles, needles at both ends, repeated prefixes.
#include "search.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

namespace {

using mmf::core::search::find;
using mmf::core::search::rfind;

int64_t naive(const std::string& h, const std::string& n, bool reverse) {
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

int64_t run(const std::string& h, const std::string& n, bool reverse) {
  const auto* hp = reinterpret_cast<const uint8_t*>(h.data());
  const auto* np = reinterpret_cast<const uint8_t*>(n.data());
  return reverse ? rfind(hp, h.size(), np, n.size()) : find(hp, h.size(), np, n.size());
}

TEST(Search, EmptyNeedle) {
  EXPECT_EQ(run("abc", "", false), 0);
  EXPECT_EQ(run("abc", "", true), 3);
  EXPECT_EQ(run("", "", false), 0);
  EXPECT_EQ(run("", "", true), 0);
}

TEST(Search, NeedleLongerThanHaystack) {
  EXPECT_EQ(run("ab", "abc", false), -1);
  EXPECT_EQ(run("ab", "abc", true), -1);
}

TEST(Search, Ends) {
  EXPECT_EQ(run("xabcx", "x", false), 0);
  EXPECT_EQ(run("xabcx", "x", true), 4);
  EXPECT_EQ(run("abcabc", "abc", true), 3);
  EXPECT_EQ(run("aaaa", "aa", true), 2);
  EXPECT_EQ(run("aaaa", "aa", false), 0);
}

TEST(Search, RandomAgainstNaive) {
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 20000; ++iter) {
    std::uniform_int_distribution<int> len_h(0, 40), len_n(0, 5), byte(0, 2);
    std::string h(static_cast<size_t>(len_h(rng)), 'a'), n(static_cast<size_t>(len_n(rng)), 'a');
    for (auto& c : h) c = static_cast<char>('a' + byte(rng));
    for (auto& c : n) c = static_cast<char>('a' + byte(rng));
    ASSERT_EQ(run(h, n, false), naive(h, n, false)) << h << " / " << n;
    ASSERT_EQ(run(h, n, true), naive(h, n, true)) << h << " / " << n;
  }
}

}  // namespace
