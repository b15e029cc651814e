// The epoch scheme (epoch.hpp) and the writer lock (ticket_lock.hpp) on
// their own: a grace period waits for sections that began before it and
// only for those, slots are reused, a forked child is not blocked by the
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

TEST(Epoch, SlotsOfEndedThreadsAreReused) {
  epoch::Section warm;  // this thread's slot exists
  warm.leave();
  std::vector<epoch::Slot*> seen;
  for (int i = 0; i < 50; ++i) {
    epoch::Slot* mine = nullptr;
    std::thread([&] {
      epoch::Section s;
      mine = mmf::core::t_thread.slot;
    }).join();
    seen.push_back(mine);
  }
  // One thread at a time: they all get the same free slot back.
  for (epoch::Slot* s : seen) EXPECT_EQ(s, seen.front());
  EXPECT_FALSE(seen.front()->owned.load());
  EXPECT_EQ(seen.front()->active.load(), 0u);
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
