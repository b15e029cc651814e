// The fault guard: a file truncated under a map gives Status::fault instead
// of SIGBUS, the map stays poisoned until resized, and faults that are not
// ours still reach the previous handler or the default action.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "fault_guard.hpp"
#include "map.hpp"
#include "platform.hpp"

namespace {

using mmf::core::Map;
using mmf::core::Status;

std::string temp_file(size_t size) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/mmf-fault-XXXXXX";
  int fd = mkstemp(path.data());
  EXPECT_GE(fd, 0);
  EXPECT_EQ(ftruncate(fd, static_cast<off_t>(size)), 0);
  close(fd);
  return path;
}

void truncate_behind(const std::string& path, size_t size) {
  ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(size)), 0);
}

TEST(FaultGuard, TruncatedFileGivesFaultAndPoisonsUntilResize) {
  const size_t page = mmf::core::os::page_size();
  std::string path = temp_file(4 * page);
  Map m;
  ASSERT_EQ(m.open_path(path.c_str(), {}), Status::ok);
  ASSERT_EQ(m.write_at(3 * page, "tail", 4), Status::ok);
  const auto before = mmf::core::fault::caught();

  truncate_behind(path, page);  // another handle shrinks the file
  char buf[8];
  size_t n = 0;
  EXPECT_EQ(m.read_at(3 * page, buf, 4, n), Status::fault);
  EXPECT_NE(mmf::core::detail().find("truncated"), std::string::npos) << mmf::core::detail();
  EXPECT_EQ(mmf::core::fault::caught(), before + 1);

  // Poisoned: even the first page, still backed, is refused.
  EXPECT_EQ(m.read_at(0, buf, 4, n), Status::fault);
  EXPECT_EQ(m.write_at(0, "x", 1), Status::fault);
  int64_t found = 0;
  EXPECT_EQ(m.find("t", 1, 0, mmf::core::kPosDefault, false, found), Status::fault);
  // Metadata still answers, so the caller can recover.
  uint64_t len = 0, size = 0;
  EXPECT_EQ(m.length(len), Status::ok);
  EXPECT_EQ(m.size(size), Status::ok);
  EXPECT_EQ(size, page);

  ASSERT_EQ(m.resize(4 * page), Status::ok);
  ASSERT_EQ(m.read_at(3 * page, buf, 4, n), Status::ok);
  EXPECT_EQ(std::string(buf, 4), std::string(4, '\0'));  // the regrown tail is zeros
  EXPECT_EQ(m.close(), Status::ok);
  unlink(path.c_str());
}

// The inline fast paths (read_at of up to 16 bytes, read_byte) touch the map
// from exception-table sites, used once the thread has an epoch slot: a
// warm-up read first, then a fault at every length the fast path handles,
// each ending near the page edge so that both of its loads are tried.
TEST(FaultGuard, FastPathReadsAfterWarmUpAreGuarded) {
  const size_t page = mmf::core::os::page_size();
  for (size_t len : {1, 2, 3, 4, 5, 7, 8, 9, 15, 16}) {
    for (size_t at : {size_t{0}, page - len}) {
      std::string path = temp_file(2 * page);
      Map m;
      ASSERT_EQ(m.open_path(path.c_str(), {}), Status::ok);
      char buf[16];
      size_t n = 0;
      ASSERT_EQ(m.read_at(0, buf, len, n), Status::ok);  // the thread now has a slot
      ASSERT_EQ(m.read_at(0, buf, len, n), Status::ok);  // ... and takes the fast path
      const auto before = mmf::core::fault::caught();
      truncate_behind(path, 0);
      EXPECT_EQ(m.read_at(page + at, buf, len, n), Status::fault) << "len " << len << " at page+" << at;
      EXPECT_EQ(mmf::core::fault::caught(), before + 1) << "len " << len;
      EXPECT_NE(mmf::core::detail().find("truncated"), std::string::npos) << mmf::core::detail();
      EXPECT_EQ(m.read_at(0, buf, len, n), Status::fault);  // poisoned, fast path too
      ASSERT_EQ(m.close(), Status::ok);
      unlink(path.c_str());
    }
  }
  std::string path = temp_file(2 * page);
  Map m;
  ASSERT_EQ(m.open_path(path.c_str(), {}), Status::ok);
  uint8_t b = 0;
  uint64_t pos = 0;
  ASSERT_EQ(m.read_byte(b), Status::ok);
  ASSERT_EQ(m.seek(static_cast<int64_t>(page + 1), 0, pos), Status::ok);
  const auto before = mmf::core::fault::caught();
  truncate_behind(path, 0);
  EXPECT_EQ(m.read_byte(b), Status::fault);
  EXPECT_EQ(mmf::core::fault::caught(), before + 1);
  uint64_t cur = 0;
  EXPECT_EQ(m.tell(cur), Status::ok);
  EXPECT_EQ(cur, page + 1);  // a failed read does not move the cursor
  ASSERT_EQ(m.close(), Status::ok);
  unlink(path.c_str());
}

TEST(FaultGuard, EveryTouchingCallIsGuarded) {
  const size_t page = mmf::core::os::page_size();
  std::string path = temp_file(2 * page);
  // One fresh map per operation, each truncated underneath before the call.
  struct Case {
    const char* name;
    Status (*op)(Map&, size_t page);
  };
  const Case cases[] = {
      {"read",
       [](Map& m, size_t p) {
         uint64_t pos = 0;
         char b[8];
         size_t n = 0;
         (void)m.seek(static_cast<int64_t>(p + 1), 0, pos);
         return m.read(b, 8, n);
       }},
      {"read_byte",
       [](Map& m, size_t p) {
         uint64_t pos = 0;
         uint8_t b = 0;
         (void)m.seek(static_cast<int64_t>(p + 1), 0, pos);
         return m.read_byte(b);
       }},
      {"readline",
       [](Map& m, size_t p) {
         uint64_t pos = 0;
         char b[8];
         size_t n = 0;
         (void)m.seek(static_cast<int64_t>(p + 1), 0, pos);
         return m.readline(b, 8, n);
       }},
      {"write",
       [](Map& m, size_t p) {
         uint64_t pos = 0;
         (void)m.seek(static_cast<int64_t>(p + 1), 0, pos);
         return m.write("ab", 2);
       }},
      {"write_byte",
       [](Map& m, size_t p) {
         uint64_t pos = 0;
         (void)m.seek(static_cast<int64_t>(p + 1), 0, pos);
         return m.write_byte(7);
       }},
      {"write_at", [](Map& m, size_t p) { return m.write_at(p + 5, "ab", 2); }},
      {"find",
       [](Map& m, size_t p) {
         int64_t f = 0;
         return m.find("zz", 2, static_cast<int64_t>(p), mmf::core::kPosDefault, false, f);
       }},
      {"rfind",
       [](Map& m, size_t p) {
         int64_t f = 0;
         return m.find("zz", 2, static_cast<int64_t>(p), mmf::core::kPosDefault, true, f);
       }},
      {"move", [](Map& m, size_t p) { return m.move(0, p, 16); }},
  };
  for (const Case& c : cases) {
    ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(2 * page)), 0);
    Map m;
    ASSERT_EQ(m.open_path(path.c_str(), {}), Status::ok);
    truncate_behind(path, page / 2);
    EXPECT_EQ(c.op(m, page), Status::fault) << c.name;
  }
  unlink(path.c_str());
}

// A SIGBUS outside a guarded copy is not ours: with the default action the
// process must still die of it (run in a child).
TEST(FaultGuard, UnguardedFaultStillKills) {
  const size_t page = mmf::core::os::page_size();
  std::string path = temp_file(2 * page);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    mmf::core::fault::install();
    int fd = open(path.c_str(), O_RDWR);
    auto* p = static_cast<volatile char*>(mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    if (ftruncate(fd, 0) != 0) _exit(3);
    p[page] = 1;  // SIGBUS, not guarded
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
#if defined(__SANITIZE_ADDRESS__)
  // ASan's handler was there first: it reports the fault and exits non-zero
  // or aborts (abort_on_error), either way the child does not survive it.
  ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) << status;
#else
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited normally";
  EXPECT_EQ(WTERMSIG(status), SIGBUS);
#endif
  unlink(path.c_str());
}

// Runs the probe (a fresh process, where nothing installed the guard before
// the host's own SIGBUS set-up) on a two-page file; returns its wait status.
int run_probe(const char* mode) {
  std::string path = temp_file(2 * mmf::core::os::page_size());
  pid_t pid = fork();
  if (pid == 0) {
    execl(MMF_FAULT_CHAIN_PROBE, MMF_FAULT_CHAIN_PROBE, path.c_str(), mode, static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) status = -1;
  unlink(path.c_str());
  return status;
}

bool exited_42(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 42; }
bool died_of_sigbus(int status) { return WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS; }

// A handler installed before mmf's (as the JVM or Go would) still receives the
// faults that are not mmf's, while mmf's own faults become statuses.
TEST(FaultGuard, ChainsToThePreviousHandler) {
  EXPECT_TRUE(exited_42(run_probe(""))) << "42: host handler got the foreign fault after mmf caught its own";
}

// Without mmf, the kernel kills a process that ignores SIGBUS and faults (it
// cannot ignore a fault); with mmf it must not spin on the instruction.
TEST(FaultGuard, IgnoredSigbusStillEndsAForeignFault) {
  const int st = run_probe("ignored-fault");
  EXPECT_TRUE(died_of_sigbus(st)) << "status " << st << (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM ? " (spun)" : "");
}

// kill(getpid(), SIGBUS) under the default action ends the process, as it
// would without mmf.
TEST(FaultGuard, SentSigbusUnderTheDefaultActionKills) {
  const int st = run_probe("default-kill");
  EXPECT_TRUE(died_of_sigbus(st)) << "status " << st;
}

// A sent SIGBUS that the host ignores, or handles, goes there; the guard
// stays installed for the faults that are mmf's.
TEST(FaultGuard, SentSigbusReachesTheHostAndTheGuardStays) {
  EXPECT_TRUE(exited_42(run_probe("ignored-kill"))) << "ignored";
  EXPECT_TRUE(exited_42(run_probe("handler-kill"))) << "handled";
}

// mmf.h ("Signals") states a limit: a thread with SIGBUS blocked dies of a
// truncated file, because the kernel does not deliver a blocked fault. This
// keeps the statement true (if the guard ever covers it, change mmf.h).
TEST(FaultGuard, ThreadWithSigbusBlockedDiesAsDocumented) {
  const int st = run_probe("blocked");
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // The sanitizers' own handling of a blocked fault varies; it must not survive.
  EXPECT_FALSE(WIFEXITED(st) && WEXITSTATUS(st) == 11) << "status " << st;
#else
  EXPECT_TRUE(died_of_sigbus(st)) << "status " << st;
#endif
}

// The guard claims only faults inside the range it armed: a fault on the same
// thread one page further is the host's.
TEST(FaultGuard, FaultOutsideTheArmedRangeIsChained) { EXPECT_TRUE(exited_42(run_probe("outside-range"))); }

}  // namespace
