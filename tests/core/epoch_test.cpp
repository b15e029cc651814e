// The epoch scheme (epoch.hpp) and the writer lock (ticket_lock.hpp) on
// their own: a grace period waits for sections that began before it and
// only for those, a slot is unlisted when its thread ends (also when the
// thread ends during a grace period), a forked child is not blocked by the
// parent's other threads, and the ticket lock excludes, serves in order and
// wakes parked waiters.
#include "epoch.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "ticket_lock.hpp"

namespace {

namespace epoch = mmf::core::epoch;
using mmf::core::TicketLock;
using namespace std::chrono_literals;

TEST(Epoch, GracePeriodWaitsForASectionThatBeganBefore) {
  std::atomic<bool> inside{false}, release{false}, synced{false};
  std::thread reader([&] {
    epoch::Section s;
    ASSERT_TRUE(s.entered());
    inside = true;
    while (!release) std::this_thread::sleep_for(1ms);
    // The writer must still be waiting: this section is older than its mark.
    EXPECT_FALSE(synced.load());
  });
  while (!inside) std::this_thread::sleep_for(1ms);
  const uint64_t mark = epoch::retire();
  EXPECT_FALSE(epoch::quiescent(mark));
  std::thread writer([&] {
    epoch::synchronize();
    synced = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(synced.load());
  release = true;
  reader.join();
  writer.join();
  EXPECT_TRUE(synced.load());
  EXPECT_TRUE(epoch::quiescent(mark));
}

TEST(Epoch, GracePeriodDoesNotWaitForSectionsThatBeganAfter) {
  // Readers that enter and leave back to back, forever: a grace period must
  // still end (each new section announces the new epoch).
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        epoch::Section s;
        std::this_thread::yield();
      }
    });
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) epoch::synchronize();
  const auto took = std::chrono::steady_clock::now() - t0;
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_LT(took, 30s) << "200 grace periods against looping readers";
}

TEST(Epoch, SlotsOfEndedThreadsAreUnlisted) {
  epoch::Section warm;  // this thread's slot is listed
  warm.leave();
  const std::size_t before = epoch::detail::listed_slots();
  for (int i = 0; i < 50; ++i) {
    epoch::Slot* mine = nullptr;
    std::thread([&] {
      epoch::Section s;
      ASSERT_TRUE(s.entered());
      mine = mmf::core::t_thread.slot;
      EXPECT_EQ(epoch::detail::listed_slots(), before + 1);
    }).join();
    EXPECT_NE(mine, nullptr);
    // The slot went with its thread: a writer no longer reads it.
    EXPECT_EQ(epoch::detail::listed_slots(), before);
  }
}

// A thread-exit destructor that runs after the epoch's own exit hook (a
// thread_local constructed before the thread's first section is destroyed
// after it) gets no slot: a slot listed then would outlive the thread's TLS.
struct LateReader {
  std::atomic<int>* entered = nullptr;
  ~LateReader() {
    if (entered == nullptr) return;
    epoch::Section s;
    entered->store(s.entered() ? 1 : 0);
  }
};

TEST(Epoch, ThreadExitDestructorsAfterTheHookTakeTheLockedPath) {
  const std::size_t before = epoch::detail::listed_slots();
  std::atomic<int> late_entered{-1};
  std::thread([&] {
    static thread_local LateReader late;
    late.entered = &late_entered;
    epoch::Section s;  // the first section: the exit hook is constructed now
    EXPECT_TRUE(s.entered());
  }).join();
  EXPECT_EQ(late_entered.load(), 0) << "a section after the exit hook must not get a slot";
  EXPECT_EQ(epoch::detail::listed_slots(), before);
  // And the grace period does not wait for the dead thread.
  epoch::synchronize();
}

TEST(Epoch, GracePeriodsRaceThreadsThatComeAndGo) {
  // Writers scan the slots while threads list theirs and end: every grace
  // period ends, and no scan reads a slot whose thread is gone (ASan, TSan).
  std::atomic<bool> stop{false};
  std::atomic<int> ended{0};
  const std::size_t before = epoch::detail::listed_slots();
  std::vector<std::thread> spawners;
  for (int t = 0; t < 3; ++t) {
    spawners.emplace_back([&] {
      while (!stop) {
        std::thread([] {
          for (int i = 0; i < 100; ++i) {
            epoch::Section s;
            std::this_thread::yield();
          }
        }).join();
        ++ended;
      }
    });
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto deadline = t0 + 60s;
  int periods = 0;
  while ((periods < 300 || ended < 300) && std::chrono::steady_clock::now() < deadline) {
    epoch::synchronize();
    ++periods;
  }
  stop = true;
  for (auto& t : spawners) t.join();
  EXPECT_GE(periods, 300);
  EXPECT_GE(ended.load(), 300) << "grace periods against threads that come and go, for 60 s at most";
  EXPECT_EQ(epoch::detail::listed_slots(), before);
}

TEST(Epoch, ForkedChildIsNotBlockedByTheParentsReaders) {
  std::atomic<bool> inside{false}, release{false};
  std::thread reader([&] {
    epoch::Section s;
    inside = true;
    while (!release) std::this_thread::sleep_for(1ms);
  });
  while (!inside) std::this_thread::sleep_for(1ms);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    alarm(10);             // a hang fails the test (SIGALRM) instead of hanging it
    epoch::synchronize();  // the reader thread does not exist here
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  release = true;
  reader.join();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
}

TEST(TicketLock, ExcludesUnderContention) {
  TicketLock lock;
  uint64_t counter = 0;  // plain: the lock is what protects it
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        lock.lock();
        ++counter;
        lock.unlock();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, 80000u);
}

TEST(TicketLock, ServesInArrivalOrderAndWakesParkedWaiters) {
  TicketLock lock;
  lock.lock();
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    // Each waiter takes its ticket only after the previous one did, so the
    // arrival order is known.
    threads.emplace_back([&, t] {
      lock.lock();
      order.push_back(t);
      lock.unlock();
    });
    while (lock.waiting() != static_cast<uint32_t>(t + 1)) std::this_thread::sleep_for(1ms);
  }
  // Long enough for every waiter to stop spinning and park.
  std::this_thread::sleep_for(50ms);
  lock.unlock();
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

}  // namespace
