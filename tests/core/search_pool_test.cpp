// The process-wide pool behind large searches: many concurrent searches stay
// within its cap and all get the right answers, a fork() while searches run
// leaves the child a working search, a call returns only once no helper is
// (or will be) in its chunk function, and a call whose helpers are all busy
// with another call does its work alone instead of waiting.
#include "search_pool.hpp"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "search.hpp"
#include "search_parallel.hpp"
#include "status.hpp"

#if defined(__SANITIZE_THREAD__)
// The fork test's child starts helper threads of its own, which TSan refuses
// by default after a fork of a multi-threaded process.
extern "C" const char* __tsan_default_options() { return "die_after_fork=0"; }
#endif

namespace {

using mmf::core::Status;
namespace search = mmf::core::search;
using namespace std::chrono_literals;

constexpr int kNeedles = 32;

// 17 MiB (17 chunks) of filler with needle i planted at first(i), mid(i) and
// last(i): find must answer first(i) and rfind last(i), however the chunks
// are shared out. None lies in the first or last 3 MiB, so every search
// gets past its first chunk and asks for helpers.
struct Haystack {
  std::string bytes;
  static std::string needle(int i) { return "plant-" + std::to_string(100 + i) + "|"; }
  static size_t first(int i) { return (size_t{3} << 20) + static_cast<size_t>(i) * 40009 + 7; }
  static size_t mid(int i) { return (size_t{8} << 20) + static_cast<size_t>(i) * 40009; }
  static size_t last(int i) { return (size_t{14} << 20) - static_cast<size_t>(i) * 40009 - 3; }
};

const Haystack& haystack() {
  static const Haystack h = [] {
    Haystack r;
    r.bytes.assign(size_t{17} << 20, '.');
    for (int i = 0; i < kNeedles; ++i) {
      for (size_t at : {Haystack::first(i), Haystack::mid(i), Haystack::last(i)}) {
        r.bytes.replace(at, Haystack::needle(i).size(), Haystack::needle(i));
      }
    }
    return r;
  }();
  return h;
}

int64_t large_search(const std::string& h, const std::string& n, bool reverse, unsigned threads,
                     size_t chunk = search::kParallelChunkBytes) {
  const auto* hay = reinterpret_cast<const uint8_t*>(h.data());
  const auto* nd = reinterpret_cast<const uint8_t*>(n.data());
  int64_t found = -2;
  const Status s = search::parallel_search(
      h.size(), n.size(), reverse, threads, chunk,
      [&](size_t at, size_t count, int64_t& r) {
        r = reverse ? search::rfind(hay + at, count, nd, n.size()) : search::find(hay + at, count, nd, n.size());
        return Status::ok;
      },
      found);
  return s == Status::ok ? found : -3;
}

// True when a search for needle i in one direction gives the planted answer.
bool right_answer(int i, bool reverse, unsigned threads) {
  const int64_t want = static_cast<int64_t>(reverse ? Haystack::last(i) : Haystack::first(i));
  return large_search(haystack().bytes, Haystack::needle(i), reverse, threads) == want;
}

size_t threads_in_process() {
  DIR* d = opendir("/proc/self/task");
  if (d == nullptr) return 0;
  size_t n = 0;
  while (const dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(d);
  return n;
}

TEST(ParallelSearchPool, ConcurrentLargeSearchesStayWithinTheCap) {
  constexpr int kCallers = 32;
  const size_t cap = search::max_threads() - 1;
  ASSERT_EQ(haystack().bytes.size(), size_t{17} << 20);
  ASSERT_GT(threads_in_process(), 0u) << "no /proc/self/task";
  std::atomic<bool> done{false};
  std::atomic<size_t> peak{0};
  std::thread sampler([&] {
    while (!done.load()) {
      peak.store(std::max(peak.load(), threads_in_process()));
      std::this_thread::sleep_for(100us);
    }
  });
  // This process without the pool (the helpers never exit): the main thread,
  // the sampler, and any runtime's own (TSan starts one with the first
  // thread); then with this test's callers and a full pool.
  const size_t own = threads_in_process() - search::pool::helpers_started();
  const size_t limit = own + kCallers + cap;
  std::atomic<int> ready{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> callers;
  callers.reserve(kCallers);
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kCallers) std::this_thread::yield();  // all at once
      for (bool reverse : {false, true, !(i & 1)}) {
        // More threads than the cap asked for: the pool must still hold to it.
        if (!right_answer(i, reverse, 4)) wrong.fetch_add(1);
      }
      if (large_search(haystack().bytes, "absent-needle", (i & 1) != 0, 4) != -1) wrong.fetch_add(1);
    });
  }
  for (auto& c : callers) c.join();
  done.store(true);
  sampler.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(search::pool::helpers_started(), cap);
  EXPECT_LE(peak.load(), limit) << "threads in the process: own " << own << ", callers " << kCallers << ", pool cap "
                                << cap;
}

TEST(ParallelSearchPool, ForkWhileSearchingLeavesTheChildAWorkingSearch) {
  const std::string& hay = haystack().bytes;
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::atomic<long> searches{0};
  // One thread in large searches, one in many tiny ones (tiny chunks, so the
  // pool's lock changes hands all the time and a fork often lands on it).
  std::thread large([&] {
    for (int i = 0; !stop.load(); ++i) {
      if (!right_answer(i % kNeedles, (i & 1) != 0, 4)) wrong.fetch_add(1);
      searches.fetch_add(1);
    }
  });
  std::thread tiny([&] {
    const std::string small = hay.substr(Haystack::first(5) - 3000, 4096);
    for (int i = 0; !stop.load(); ++i) {
      if (large_search(small, Haystack::needle(5), (i & 1) != 0, 4, 64) != 3000) wrong.fetch_add(1);
    }
  });
  for (int f = 0; f < 20; ++f) {
    const long seen = searches.load();
    while (searches.load() == seen) std::this_thread::sleep_for(100us);  // searches are running
    std::this_thread::sleep_for(std::chrono::microseconds(137 * f));
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // A hang must end the child, not the test run: SIGALRM kills it.
      sigset_t alrm;
      sigemptyset(&alrm);
      sigaddset(&alrm, SIGALRM);
      pthread_sigmask(SIG_UNBLOCK, &alrm, nullptr);
      signal(SIGALRM, SIG_DFL);
      alarm(10);
      const int i = f % kNeedles;
      const bool ok = right_answer(i, false, 4) && right_answer(i, true, 4) &&
                      large_search(hay, "absent-needle", (f & 1) != 0, 4) == -1;
      _exit(ok ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "fork " << f << ": child " << (WIFSIGNALED(status) ? "killed by signal " : "exited with ")
        << (WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status)) << " (14: SIGALRM, a hang)";
  }
  stop.store(true);
  large.join();
  tiny.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(ParallelSearchPool, NoHelperIsInTheChunkFunctionOnceTheCallReturns) {
  if (search::max_threads() < 2) GTEST_SKIP() << "one CPU or MMF_SEARCH_THREADS=1: no helpers";
  // Owned by the chunk functions too, so a helper that outlived its call
  // would still count rather than touch freed memory.
  auto inside = std::make_shared<std::atomic<int>>(0);
  auto late = std::make_shared<std::atomic<int>>(0);
  for (int rep = 0; rep < 200; ++rep) {
    auto returned = std::make_shared<std::atomic<bool>>(false);
    int64_t found = -2;
    // 64 one-position chunks, slow enough for the helpers to join, the match
    // in chunk 8: a helper that took a later chunk before the match was
    // known is still in it (more slowly).
    const Status s = search::parallel_search(
        64, 1, false, 4, 1,
        [inside, late, returned](size_t at, size_t, int64_t& r) {
          if (returned->load()) late->fetch_add(1);
          inside->fetch_add(1);
          std::this_thread::sleep_for(at > 8 ? 300us : 50us);
          r = at == 8 ? 0 : -1;
          inside->fetch_sub(1);
          return Status::ok;
        },
        found);
    EXPECT_EQ(inside->load(), 0) << "a helper is still in the chunk function, rep " << rep;
    returned->store(true);
    ASSERT_EQ(s, Status::ok);
    ASSERT_EQ(found, 8);
  }
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(late->load(), 0) << "a helper entered a chunk function after its call returned";
}

TEST(ParallelSearchPool, ACallWhoseHelpersAreBusyElsewhereWorksAlone) {
  if (search::max_threads() < 2) GTEST_SKIP() << "one CPU or MMF_SEARCH_THREADS=1: no helpers";
  const unsigned cap = search::max_threads() - 1;
  std::atomic<bool> release{false};
  std::atomic<unsigned> held{0};
  // Call A holds every thread that takes one of its chunks after the first:
  // its caller and, once they join, all the pool's helpers.
  std::thread a([&] {
    int64_t found = 0;
    (void)search::parallel_search(
        1000, 1, false, 64, 10,
        [&](size_t at, size_t, int64_t& r) {
          r = -1;
          if (at > 0) {
            held.fetch_add(1);
            while (!release.load()) std::this_thread::sleep_for(100us);
          }
          return Status::ok;
        },
        found);
  });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (held.load() < cap + 1 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(held.load(), cap + 1) << "the pool's helpers did not all join call A";
  // Call B, with no helper free: it must finish on its own thread.
  auto b = std::async(std::launch::async, [] { return right_answer(7, true, 4) && right_answer(7, false, 4); });
  const bool finished = b.wait_for(20s) == std::future_status::ready;
  release.store(true);
  a.join();
  EXPECT_TRUE(finished) << "call B waited for call A's helpers";
  EXPECT_TRUE(b.get());
}

}  // namespace
