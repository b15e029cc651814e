// The chunked multi-threaded search: the chunking against a naive search
// with tiny chunks (so that matches straddle chunk boundaries at every
// offset), failure propagation, and the map's large-range find/rfind (which
// takes this path from 16 MiB on) on plants around its 1 MiB chunk edges,
// with a truncated file giving MMF_ERR_FAULT on the calling thread.
#include "search_parallel.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <string>

#include "map.hpp"
#include "naive_search.hpp"
#include "search.hpp"
#include "status.hpp"

namespace {

using mmf::core::Map;
using mmf::core::Status;
namespace search = mmf::core::search;

using mmf_test::naive_search;

int64_t chunked(const std::string& h, const std::string& n, bool reverse, unsigned threads, size_t chunk) {
  const auto* hay = reinterpret_cast<const uint8_t*>(h.data());
  const auto* nd = reinterpret_cast<const uint8_t*>(n.data());
  int64_t found = -2;
  const Status s = search::parallel_search(
      h.size(), n.size(), reverse, threads, chunk,
      [&](size_t at, size_t count, int64_t& r) {
        EXPECT_LE(at + count, h.size());  // never past the haystack
        r = reverse ? search::rfind(hay + at, count, nd, n.size()) : search::find(hay + at, count, nd, n.size());
        return Status::ok;
      },
      found);
  EXPECT_EQ(s, Status::ok);
  return found;
}

TEST(ParallelSearch, SmallChunksAgreeWithNaive) {
  std::mt19937 rng(2024);
  for (int iter = 0; iter < 1500; ++iter) {
    const size_t hl = std::uniform_int_distribution<size_t>(1, 700)(rng);
    const size_t nl = std::uniform_int_distribution<size_t>(1, std::min<size_t>(hl, 12))(rng);
    std::string h(hl, 'a'), n(nl, 'a');
    for (auto& c : h) c = static_cast<char>('a' + rng() % 3);
    for (auto& c : n) c = static_cast<char>('a' + rng() % 3);
    for (int p = static_cast<int>(rng() % 4); p > 0; --p) h.replace(rng() % (hl - nl + 1), nl, n);
    const unsigned threads = 1 + static_cast<unsigned>(iter % 4);
    const size_t chunk = std::uniform_int_distribution<size_t>(1, 40)(rng);
    for (bool reverse : {false, true}) {
      ASSERT_EQ(chunked(h, n, reverse, threads, chunk), naive_search(h, n, reverse))
          << (reverse ? "rfind " : "find ") << n << " in " << h << " threads=" << threads << " chunk=" << chunk;
    }
  }
}

TEST(ParallelSearch, EarliestMatchWinsWhateverFinishesFirst) {
  // Matches in many chunks: the answer is the first (last), never merely
  // the one a fast thread found first.
  // None in the first or last 50,000 bytes: the calling thread's first
  // chunk (either end) finds nothing, so the helpers take part.
  std::string h(300000, '.');
  for (size_t at = 50000; at + 50000 < h.size(); at += 7919) h.replace(at, 3, "XYZ");
  const int64_t last = naive_search(h, "XYZ", true);
  ASSERT_GT(last, 200000);
  for (unsigned threads : {2u, 3u, 4u}) {
    for (int rep = 0; rep < 50; ++rep) {
      ASSERT_EQ(chunked(h, "XYZ", false, threads, 1024), 50000);
      ASSERT_EQ(chunked(h, "XYZ", true, threads, 1024), last);
    }
  }
}

TEST(ParallelSearch, AChunkFailureEndsTheSearchWithItsStatus) {
  for (unsigned threads : {1u, 2u, 4u}) {
    int64_t found = 0;
    const Status s = search::parallel_search(
        1000, 4, false, threads, 10,
        [&](size_t at, size_t, int64_t& r) {
          r = -1;
          return at >= 500 ? Status::fault : Status::ok;
        },
        found);
    EXPECT_EQ(s, Status::fault);
  }
}

TEST(ParallelSearch, ThreadsSettingTakesOnlyAWholeNumberFrom1To64) {
  // The default: the CPUs, at most 4, at least 1.
  EXPECT_EQ(search::threads_setting(nullptr, 2), 2u);
  EXPECT_EQ(search::threads_setting(nullptr, 64), 4u);
  EXPECT_EQ(search::threads_setting(nullptr, 0), 1u);
  EXPECT_EQ(search::threads_setting("", 2), 2u);
  // Taken.
  EXPECT_EQ(search::threads_setting("1", 8), 1u);
  EXPECT_EQ(search::threads_setting("64", 2), 64u);
  EXPECT_EQ(search::threads_setting("3", 2), 3u);
  // Ignored: out of range, negative, huge, overflowing, not a whole number.
  for (const char* bad : {"0", "65", "-1", "-9223372036854775808", "18446744073709551616", "99999999999999999999999",
                          "4x", "x4", " ", "2.5", "0x10"}) {
    EXPECT_EQ(search::threads_setting(bad, 2), 2u) << '"' << bad << '"';
  }
}

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr ? dir : "/tmp") + "/mmf-par-XXXXXX";
    const int fd = mkstemp(path_.data());
    EXPECT_GE(fd, 0);
    EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    close(fd);
  }
  ~TempFile() { unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const char* path() const { return path_.c_str(); }

 private:
  std::string path_;
};

TEST(ParallelSearch, LargeMapFindsAroundEveryChunkEdge) {
  if (search::max_threads() < 2) GTEST_SKIP() << "one CPU or MMF_SEARCH_THREADS=1: the map searches on one thread";
  const size_t size = size_t{24} << 20;  // 24 chunks
  const std::string needle = "needle-0123456789";
  std::string bytes(size, 'x');
  TempFile f(bytes);
  Map m;
  ASSERT_EQ(m.open_path(f.path(), {}), Status::ok);
  int64_t found = 0;
  ASSERT_EQ(m.find(needle.data(), needle.size(), 0, mmf::core::kPosDefault, false, found), Status::ok);
  EXPECT_EQ(found, -1);
  // A needle straddling each chunk edge, at each offset around it.
  const size_t chunk = search::kParallelChunkBytes;
  for (size_t edge = chunk; edge < size; edge += 5 * chunk) {
    for (size_t back : {size_t{0}, size_t{1}, needle.size() - 1, needle.size()}) {
      const size_t at = edge - back;
      ASSERT_EQ(m.write_at(at, needle.data(), needle.size()), Status::ok);
      ASSERT_EQ(m.find(needle.data(), needle.size(), 0, mmf::core::kPosDefault, false, found), Status::ok);
      EXPECT_EQ(found, static_cast<int64_t>(at)) << "find at " << at;
      ASSERT_EQ(m.find(needle.data(), needle.size(), 0, mmf::core::kPosDefault, true, found), Status::ok);
      EXPECT_EQ(found, static_cast<int64_t>(at)) << "rfind at " << at;
      // A start/end that cut the match off must not find it.
      ASSERT_EQ(
          m.find(needle.data(), needle.size(), static_cast<int64_t>(at) + 1, mmf::core::kPosDefault, false, found),
          Status::ok);
      EXPECT_EQ(found, -1);
      ASSERT_EQ(m.find(needle.data(), needle.size(), 0, static_cast<int64_t>(at + needle.size()) - 1, true, found),
                Status::ok);
      EXPECT_EQ(found, -1);
      ASSERT_EQ(m.write_at(at, bytes.data(), needle.size()), Status::ok);  // back to 'x'
    }
  }
  // Two matches far apart: find takes the first, rfind the last.
  ASSERT_EQ(m.write_at(5, needle.data(), needle.size()), Status::ok);
  ASSERT_EQ(m.write_at(size - needle.size(), needle.data(), needle.size()), Status::ok);
  ASSERT_EQ(m.find(needle.data(), needle.size(), 0, mmf::core::kPosDefault, false, found), Status::ok);
  EXPECT_EQ(found, 5);
  ASSERT_EQ(m.find(needle.data(), needle.size(), 0, mmf::core::kPosDefault, true, found), Status::ok);
  EXPECT_EQ(found, static_cast<int64_t>(size - needle.size()));
  EXPECT_EQ(m.close(), Status::ok);
}

TEST(ParallelSearch, TruncatedLargeMapFaultsOnTheCallingThread) {
  if (search::max_threads() < 2) GTEST_SKIP() << "one CPU or MMF_SEARCH_THREADS=1: the map searches on one thread";
  const size_t size = size_t{32} << 20;
  TempFile f(std::string(size, 'y'));
  Map m;
  ASSERT_EQ(m.open_path(f.path(), {}), Status::ok);
  ASSERT_EQ(truncate(f.path(), static_cast<off_t>(size / 2)), 0);  // the second half vanishes
  for (bool reverse : {false, true}) {
    int64_t found = 0;
    // A needle that never matches, so every chunk is searched.
    EXPECT_EQ(m.find("zz", 2, 0, mmf::core::kPosDefault, reverse, found), Status::fault);
    EXPECT_NE(mmf::core::detail().find("truncated"), std::string::npos) << mmf::core::detail();
  }
  EXPECT_EQ(m.close(), Status::ok);
}

}  // namespace
