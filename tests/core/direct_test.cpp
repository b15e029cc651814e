// Direct readers (core/src/direct.hpp): a reader that loads mapped bytes
// itself, following mmf_direct.h's protocol, is waited for by close and
// resize, never sees a torn write, and a page that vanishes under its load
// becomes a fault, for it and for every library call, never zeros.
#include "direct.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "config.hpp"
#include "epoch.hpp"
#include "fault_guard.hpp"
#include "map.hpp"
#include "platform.hpp"

namespace {

using mmf::core::DirectBlock;
using mmf::core::Map;
using mmf::core::Status;
using mmf::core::View;

std::string temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/mmf-direct-XXXXXX";
  int fd = mkstemp(path.data());
  EXPECT_GE(fd, 0);
  close(fd);
  return path;
}

// Word i of the file: never 0 (an odd multiplier of i + 1), so zeros are
// always wrong, and no 8 bytes across two words repeat a word's value.
uint64_t word(uint64_t i) { return (i + 1) * 0x9E3779B97F4A7C15u; }

void fill(const std::string& path, uint64_t words) {
  std::vector<uint64_t> w(words);
  for (uint64_t i = 0; i < words; ++i) w[i] = word(i);
  int fd = open(path.c_str(), O_WRONLY | O_TRUNC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, w.data(), w.size() * 8), static_cast<ssize_t>(w.size() * 8));
  close(fd);
}

// A map of a fresh file of `words` words; the file goes with it.
struct Filled {
  explicit Filled(uint64_t words) : path(temp_file()) {
    fill(path, words);
    EXPECT_EQ(m.open_path(path.c_str(), {}), Status::ok);
  }
  ~Filled() { unlink(path.c_str()); }
  Filled(const Filled&) = delete;
  Filled& operator=(const Filled&) = delete;
  std::string path;
  Map m;
};

// A direct reader as mmf_direct.h describes one: what a binding's JIT code
// does, here with a volatile load for the data (the compiler barriers are
// signal fences; the writers' side issues the process-wide fence).
class Reader {
 public:
  explicit Reader(Map& m) : layout_(mmf::core::direct::layout_of(m)), slot_(mmf::core::direct::claim()) {}
  ~Reader() { mmf::core::direct::release(slot_); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  bool usable() const { return slot_ != nullptr; }

  // True with the 8 bytes at pos; false: the caller must take read_at.
  bool read8(uint64_t pos, uint64_t& x) {
    enter();
    const DirectBlock& b = *layout_.block;
    const uint32_t before = b.seq.load(std::memory_order_acquire);
    const View* v = b.view.load(std::memory_order_acquire);
    const uint64_t data = b.data.load(std::memory_order_acquire);
    const uint64_t len = b.length.load(std::memory_order_acquire);
    slot_->view.store(v, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    bool ok = false;
    if ((before & 1) == 0 && len >= 8 && pos <= len - 8) {
      // The binding's plain load (unaligned, as a JVM's may be).
      __builtin_memcpy(&x, reinterpret_cast<const void*>(data + pos), 8);  // NOLINT(performance-no-int-to-ptr)
      asm volatile("" : "+r"(x));  // the load happens even when no caller looks at x
      std::atomic_signal_fence(std::memory_order_seq_cst);
      ok = b.seq.load(std::memory_order_acquire) == before && b.view.load(std::memory_order_acquire) == v;
    }
    leave();
    return ok;
  }
  void enter() {
    slot_->active.store(layout_.epoch->load(std::memory_order_acquire), std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  void leave() { slot_->active.store(0, std::memory_order_release); }

 private:
  mmf::core::direct::Layout layout_;
  mmf::core::epoch::Slot* slot_;
};

#define REQUIRE_DIRECT()                                                                              \
  do {                                                                                                \
    if (!mmf::core::direct::available()) GTEST_SKIP() << "direct reads need the asymmetric protocol"; \
  } while (0)

TEST(DirectReads, ReadWhatReadAtReadsUpToTheLastWholeWord) {
  REQUIRE_DIRECT();
  Filled f(1000);
  Map& m = f.m;
  Reader r(m);
  ASSERT_TRUE(r.usable());
  for (uint64_t pos : {uint64_t{0}, uint64_t{1}, uint64_t{8}, uint64_t{4093}, uint64_t{7992}}) {
    uint64_t x = 0, y = 0;
    size_t n = 0;
    ASSERT_TRUE(r.read8(pos, x)) << pos;
    ASSERT_EQ(m.read_at(pos, &y, 8, n), Status::ok);
    EXPECT_EQ(x, y) << pos;
  }
  uint64_t x = 0;
  EXPECT_FALSE(r.read8(7993, x));  // 8 bytes from there pass the end
  EXPECT_FALSE(r.read8(uint64_t{0} - 8, x));
  // A write of the map is seen whole.
  const uint64_t w = 0x1122334455667788;
  ASSERT_EQ(m.write_at(16, &w, 8), Status::ok);
  ASSERT_TRUE(r.read8(16, x));
  EXPECT_EQ(x, w);
  // Closed: the view is gone for direct readers too.
  ASSERT_EQ(m.close(), Status::ok);
  EXPECT_FALSE(r.read8(0, x));
}

TEST(DirectReads, CloseWaitsForADirectSection) {
  REQUIRE_DIRECT();
  Filled f(512);
  Map& m = f.m;
  Reader r(m);
  r.enter();
  std::atomic<bool> closed{false};
  std::thread closer([&] {
    EXPECT_EQ(m.close(), Status::ok);
    closed.store(true);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(closed.load()) << "close unmapped while a direct section was open";
  r.leave();
  closer.join();
  EXPECT_TRUE(closed.load());
}

TEST(DirectReads, AnAcquiredBufferStopsDirectReads) {
  REQUIRE_DIRECT();
  Filled f(512);
  Map& m = f.m;
  Reader r(m);
  uint64_t x = 0;
  ASSERT_TRUE(r.read8(0, x));
  void* data = nullptr;
  uint64_t len = 0;
  ASSERT_EQ(m.buffer_acquire(data, len), Status::ok);
  EXPECT_FALSE(r.read8(0, x));
  ASSERT_EQ(m.buffer_release(), Status::ok);
  EXPECT_TRUE(r.read8(0, x));
  EXPECT_EQ(x, word(0));
}

// Readers on two threads, each falling back to read_at as a binding does,
// while the map grows (often to a fresh address), shrinks back and at last
// closes: no read may touch an unmapped page (ASan and the kernel would
// say), and every value is the file's.
TEST(DirectReads, ResizeAndCloseNeverUnmapUnderAReader) {
  REQUIRE_DIRECT();
  constexpr uint64_t kWords = 1 << 17;  // 1 MiB
  Filled f(kWords);
  Map& m = f.m;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> direct{0}, wrong{0};
  auto reader = [&](unsigned seed) {
    Reader r(m);
    std::mt19937_64 rng(seed);
    while (!stop.load(std::memory_order_relaxed)) {
      const uint64_t i = rng() % kWords;
      uint64_t x = 0;
      size_t n = 0;
      if (r.read8(i * 8, x)) {
        direct.fetch_add(1, std::memory_order_relaxed);
      } else if (Status s = m.read_at(i * 8, &x, 8, n); s != Status::ok) {
        if (s == Status::closed) break;
        continue;  // a shrink in between
      }
      if (x != word(i)) wrong.fetch_add(1);
    }
  };
  std::thread a(reader, 1), b(reader, 2);
  for (int k = 0; k < 200; ++k) {
    ASSERT_EQ(m.resize(kWords * 8 * (1 + (k % 3))), Status::ok);
    ASSERT_EQ(m.resize(kWords * 8), Status::ok);
  }
  ASSERT_EQ(m.close(), Status::ok);
  stop.store(true);
  a.join();
  b.join();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_GT(direct.load(), 0u);
}

TEST(DirectReads, AVanishedPageIsAFaultForEveryReaderThenResizeRestoresTheFile) {
  REQUIRE_DIRECT();
  const size_t page = mmf::core::os::page_size();
  const uint64_t words = 4 * page / 8;
  Filled f(words);
  Map& m = f.m;
  const std::string& path = f.path;
  Reader r(m);
  ASSERT_TRUE(r.usable());
  const auto caught = mmf::core::fault::caught();
  ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(page)), 0);  // another handle shrinks the file

  uint64_t x = 7;
  EXPECT_FALSE(r.read8(3 * page, x)) << "a direct read returned bytes of a vanished page";
  EXPECT_EQ(x, 0u) << "the load ran again over the page of zeros";
  EXPECT_EQ(mmf::core::fault::caught(), caught + 1);
  // The binding's fallback, and every touch of the map, report the fault.
  uint64_t y = 0;
  size_t n = 0;
  EXPECT_EQ(m.read_at(3 * page, &y, 8, n), Status::fault);
  EXPECT_EQ(m.read_at(0, &y, 8, n), Status::fault);
  EXPECT_EQ(m.write_at(0, "x", 1), Status::fault);
  EXPECT_FALSE(r.read8(0, x));

  // The file comes back; a resize maps it afresh, so the zeros go.
  fill(path, words);
  ASSERT_EQ(m.resize(4 * page), Status::ok);
  ASSERT_EQ(m.read_at(3 * page, &y, 8, n), Status::ok);
  EXPECT_EQ(y, word(3 * page / 8));
  ASSERT_TRUE(r.read8(3 * page, x));
  EXPECT_EQ(x, word(3 * page / 8));
}

// While direct readers fault on a truncated tail, other threads read the
// same pages through the library: none of them may return the zeros the
// handler mapped (each read either returns the file's bytes or fails).
TEST(DirectReads, LibraryReadsRacingADirectFaultNeverReturnItsZeros) {
  REQUIRE_DIRECT();
  const size_t page = mmf::core::os::page_size();
  for (int round = 0; round < 20; ++round) {
    const uint64_t words = 64 * page / 8;
    Filled f(words);
    Map& m = f.m;
    const std::string& path = f.path;
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> zeros{0}, reads{0};
    auto library_reader = [&](unsigned seed) {
      std::mt19937_64 rng(seed);
      while (!stop.load(std::memory_order_relaxed)) {
        const uint64_t i = rng() % words;
        uint64_t x = 0;
        size_t n = 0;
        if (m.read_at(i * 8, &x, 8, n) == Status::ok) {
          reads.fetch_add(1, std::memory_order_relaxed);
          if (x != word(i)) zeros.fetch_add(1);
        }
      }
    };
    auto direct_reader = [&](unsigned seed) {
      Reader r(m);
      std::mt19937_64 rng(seed);
      while (!stop.load(std::memory_order_relaxed)) {
        const uint64_t i = words / 2 + rng() % (words / 2);
        uint64_t x = 0;
        if (r.read8(i * 8, x) && x != word(i)) zeros.fetch_add(1);
      }
    };
    std::thread a(library_reader, round), b(direct_reader, round + 100);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(words * 4)), 0);  // half the file goes
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop.store(true);
    a.join();
    b.join();
    EXPECT_EQ(zeros.load(), 0u) << "round " << round;
  }
}

// The same, deterministically: a search that passed its checks before a
// direct reader's fault reaches the page of zeros the handler mapped. The
// library's check after the search must turn that into a fault; without it
// the search would answer "not found" for a needle that was in the file.
TEST(DirectReads, ASearchThatReachesThePatchedPageFails) {
  REQUIRE_DIRECT();
  const size_t page = mmf::core::os::page_size();
  const uint64_t words = (uint64_t{96} << 20) / 8;
  const uint64_t last = words - 1;  // its word is the needle, on the last page
  int conclusive = 0;
  for (int round = 0; round < 5 && conclusive == 0; ++round) {
    Filled f(words);
    Map& m = f.m;
    const std::string& path = f.path;
    Reader r(m);
    const uint64_t needle = word(last);
    std::atomic<bool> started{false};
    Status found_status = Status::ok;
    int64_t found = -2;
    std::thread searcher([&] {
      started.store(true);
      found_status = m.find(&needle, 8, 0, mmf::core::kPosDefault, false, found);
    });
    while (!started.load()) std::this_thread::yield();
    ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(words * 8 - page)), 0);
    uint64_t x = 0;
    EXPECT_FALSE(r.read8(last * 8, x));
    searcher.join();
    if (found_status == Status::ok && found == static_cast<int64_t>(last * 8)) continue;  // done before the truncate
    EXPECT_EQ(found_status, Status::fault) << "found " << found << " in round " << round;
    ++conclusive;
  }
  EXPECT_EQ(conclusive, 1) << "the search always finished before the truncate";
}

// A fault outside a direct section is not the hook's: with a direct slot
// claimed (the hook installed) and a buffer's unguarded load of a truncated
// page, the process still dies of SIGBUS, as without direct readers.
TEST(DirectReads, FaultsOutsideADirectSectionStillReachTheDefaultAction) {
  REQUIRE_DIRECT();
  const size_t page = mmf::core::os::page_size();
  const std::string path = temp_file();
  fill(path, 2 * page / 8);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    Map m;
    if (m.open_path(path.c_str(), {}) != Status::ok) _exit(2);
    Reader r(m);
    uint64_t x = 0;
    if (!r.usable() || !r.read8(0, x)) _exit(3);
    void* data = nullptr;
    uint64_t len = 0;
    if (m.buffer_acquire(data, len) != Status::ok) _exit(4);
    if (truncate(path.c_str(), 0) != 0) _exit(5);
    x = *(static_cast<volatile uint64_t*>(data) + page / 8);  // not guarded
    _exit(6);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
#if defined(MMF_ASAN)
  // ASan's SIGBUS handler comes before the default action: it reports and
  // exits. What matters is that the load did not go on.
  EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 6) << "the unguarded load returned";
#else
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  EXPECT_EQ(WTERMSIG(status), SIGBUS);
#endif
  unlink(path.c_str());
}

#if defined(MMF_DIRECT_LOAD_SITES)
// A load at a registered site (Go's way: mmf_direct_add_load): the view in
// rbx, nothing in the slot's view. Defined in the asm below, at a label.
extern "C" uint64_t mmf_test_site_load(const void* p, const void* view);
extern "C" const char mmf_test_site_pc[];
asm(R"(
  .text
  .globl mmf_test_site_load
  .type mmf_test_site_load, @function
mmf_test_site_load:
  push %rbx
  mov %rsi, %rbx
  .globl mmf_test_site_pc
mmf_test_site_pc:
  mov (%rdi), %rax
  pop %rbx
  ret
  .size mmf_test_site_load, .-mmf_test_site_load
)");

TEST(DirectReads, AFaultAtARegisteredLoadSiteIsADirectReadersToo) {
  REQUIRE_DIRECT();
  const size_t page = mmf::core::os::page_size();
  Filled f(4 * page / 8);
  Map& m = f.m;
  const std::string& path = f.path;
  ASSERT_EQ(mmf::core::direct::add_load_site(mmf_test_site_pc), Status::ok);
  ASSERT_EQ(mmf::core::direct::add_load_site(mmf_test_site_pc), Status::ok);  // twice: harmless
  const mmf::core::direct::Layout l = mmf::core::direct::layout_of(m);
  mmf::core::epoch::Slot* slot = mmf::core::direct::claim();
  ASSERT_NE(slot, nullptr);
  // The protocol, with the slot's view left null (as a Go reader does).
  auto read8 = [&](uint64_t pos, uint64_t& x) {
    slot->active.store(l.epoch->load(std::memory_order_acquire), std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    const uint32_t before = l.block->seq.load(std::memory_order_acquire);
    const View* v = l.block->view.load(std::memory_order_acquire);
    const uint64_t data = l.block->data.load(std::memory_order_acquire);
    const uint64_t len = l.block->length.load(std::memory_order_acquire);
    bool ok = false;
    if ((before & 1) == 0 && len >= 8 && pos <= len - 8) {
      x = mmf_test_site_load(reinterpret_cast<const void*>(data + pos), v);  // NOLINT(performance-no-int-to-ptr)
      ok = l.block->seq.load(std::memory_order_acquire) == before && l.block->view.load() == v;
    }
    slot->active.store(0, std::memory_order_release);
    return ok;
  };
  uint64_t x = 0;
  ASSERT_TRUE(read8(page, x));
  EXPECT_EQ(x, word(page / 8));
  ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(page)), 0);
  x = 7;
  EXPECT_FALSE(read8(2 * page, x));
  EXPECT_EQ(x, 0u);
  size_t n = 0;
  EXPECT_EQ(m.read_at(2 * page, &x, 8, n), Status::fault);
  mmf::core::direct::release(slot);
}
#endif

TEST(DirectReads, SlotsAreListedUntilReleased) {
  REQUIRE_DIRECT();
  const size_t before = mmf::core::epoch::detail::listed_slots();
  mmf::core::epoch::Slot* s = mmf::core::direct::claim();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(mmf::core::epoch::detail::listed_slots(), before + 1);
  std::thread([s] { mmf::core::direct::release(s); }).join();  // from another thread, as a cleaner does
  EXPECT_EQ(mmf::core::epoch::detail::listed_slots(), before);
  mmf::core::direct::release(nullptr);
}

}  // namespace
