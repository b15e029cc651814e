// Core map tests for what the C API tests cannot see directly: how the map
// lines up with the file (unaligned offsets, file sizes after resize) and
// the status detail left for the C layer.
#include "map.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "platform.hpp"

namespace {

using mmf::core::Access;
using mmf::core::Map;
using mmf::core::MapOptions;
using mmf::core::Status;

class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr ? dir : "/tmp") + "/mmf-core-XXXXXX";
    int fd = mkstemp(path_.data());
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  const char* path() const { return path_.c_str(); }
  std::string read() const {
    std::string out;
    int fd = ::open(path_.c_str(), O_RDONLY);
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    ::close(fd);
    return out;
  }
  uint64_t size() const {
    struct stat st {};
    ::stat(path_.c_str(), &st);
    return static_cast<uint64_t>(st.st_size);
  }

 private:
  std::string path_;
};

std::string pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('A' + i % 23);
  return s;
}

TEST(CoreMap, UnalignedOffsetSeesTheRightBytes) {
  const uint64_t page = mmf::core::os::page_size();
  std::string content = pattern(3 * page + 100);
  TempFile f(content);
  for (uint64_t offset : {uint64_t{1}, page - 1, page + 7, 2 * page + 99}) {
    Map m;
    MapOptions o;
    o.offset = offset;
    ASSERT_EQ(m.open_path(f.path(), o), Status::ok) << mmf::core::detail();
    uint64_t len = 0;
    ASSERT_EQ(m.length(len), Status::ok);
    EXPECT_EQ(len, content.size() - offset);
    std::string got(len, '\0');
    size_t n = 0;
    ASSERT_EQ(m.read_at(0, got.data(), got.size(), n), Status::ok);
    EXPECT_EQ(got, content.substr(offset));
  }
}

TEST(CoreMap, ResizeWithOffsetSetsFileSizeToOffsetPlusLength) {
  const uint64_t page = mmf::core::os::page_size();
  TempFile f(pattern(page + 50));
  Map m;
  MapOptions o;
  o.offset = 10;
  o.length = 20;
  ASSERT_EQ(m.open_path(f.path(), o), Status::ok);
  ASSERT_EQ(m.resize(3 * page), Status::ok) << mmf::core::detail();
  EXPECT_EQ(f.size(), 10 + 3 * page);
  ASSERT_EQ(m.write_at(3 * page - 1, "Z", 1), Status::ok);
  ASSERT_EQ(m.flush(0, 0, false), Status::ok);
  EXPECT_EQ(f.read()[10 + 3 * page - 1], 'Z');
  ASSERT_EQ(m.resize(5), Status::ok);
  EXPECT_EQ(f.size(), 15u);
  EXPECT_EQ(f.read(), pattern(15));
}

TEST(CoreMap, ResizeToZeroAndBack) {
  TempFile f("abcdef");
  Map m;
  ASSERT_EQ(m.open_path(f.path(), {}), Status::ok);
  ASSERT_EQ(m.resize(0), Status::ok);
  uint64_t len = 1;
  ASSERT_EQ(m.length(len), Status::ok);
  EXPECT_EQ(len, 0u);
  EXPECT_EQ(f.size(), 0u);
  int64_t found = 0;
  ASSERT_EQ(m.find("a", 1, mmf::core::kPosDefault, mmf::core::kPosDefault, false, found), Status::ok);
  EXPECT_EQ(found, -1);
  ASSERT_EQ(m.resize(4), Status::ok);
  ASSERT_EQ(m.write_at(0, "wxyz", 4), Status::ok);
  ASSERT_EQ(m.close(), Status::ok);
  EXPECT_EQ(f.read(), "wxyz");
}

TEST(CoreMap, GrownAnonymousMapStaysSharedWithChild) {
  Map m;
  ASSERT_EQ(m.open_anonymous(16, {}), Status::ok);
  const uint64_t big = 1 << 20;
  ASSERT_EQ(m.resize(big), Status::ok) << mmf::core::detail();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child writes at the far end of the grown region.
    _exit(m.write_at(big - 5, "child", 5) == Status::ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  char buf[5];
  size_t n = 0;
  ASSERT_EQ(m.read_at(big - 5, buf, 5, n), Status::ok);
  EXPECT_EQ(std::string(buf, n), "child");
}

TEST(CoreMap, CopyAnonymousIsPrivateToTheProcess) {
  Map m;
  MapOptions o;
  o.access = Access::copy;
  ASSERT_EQ(m.open_anonymous(8, o), Status::ok);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(m.write_at(0, "x", 1) == Status::ok ? 0 : 1);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  char c = 1;
  size_t n = 0;
  ASSERT_EQ(m.read_at(0, &c, 1, n), Status::ok);
  EXPECT_EQ(c, '\0');
  EXPECT_EQ(m.resize(16), Status::read_only);
}

TEST(CoreMap, FailureLeavesADetail) {
  Map m;
  EXPECT_EQ(m.open_path("/nonexistent/dir/file", {}), Status::io);
  EXPECT_NE(mmf::core::detail().find("No such file"), std::string::npos) << mmf::core::detail();
  TempFile f("0123456789");
  Map m2;
  ASSERT_EQ(m2.open_path(f.path(), {}), Status::ok);
  uint64_t pos = 0;
  EXPECT_EQ(m2.seek(11, 0, pos), Status::out_of_range);
  EXPECT_NE(mmf::core::detail().find("seek out of range"), std::string::npos);
  EXPECT_EQ(m2.seek(INT64_MIN, 1, pos), Status::out_of_range);
  EXPECT_EQ(m2.seek(INT64_MAX, 2, pos), Status::out_of_range);
  EXPECT_EQ(m2.seek(-10, 2, pos), Status::ok);
  EXPECT_EQ(pos, 0u);
}

TEST(CoreMap, GrowFileReservesBlocks) {
  TempFile f("x");
  Map m;
  ASSERT_EQ(m.open_path(f.path(), {}), Status::ok);
  const uint64_t big = 8u << 20;
  ASSERT_EQ(m.resize(big), Status::ok);
  struct stat st {};
  ASSERT_EQ(::stat(f.path(), &st), 0);
  // A sparse extension would leave st_blocks near zero; a reservation covers
  // the whole size (in 512-byte units), which is the point of growing so.
  EXPECT_GE(static_cast<uint64_t>(st.st_blocks) * 512, big);
}

}  // namespace

namespace {

// mremap refuses a range that madvise split into several VMAs; resize must
// still work, keeping the bytes.
TEST(CoreMap, ResizeAfterMadviseOnPartOfTheMap) {
  const uint64_t page = mmf::core::os::page_size();
  for (bool anonymous : {false, true}) {
    TempFile f(pattern(4 * page));
    Map m;
    ASSERT_EQ(anonymous ? m.open_anonymous(4 * page, {}) : m.open_path(f.path(), {}), Status::ok);
    ASSERT_EQ(m.write_at(3 * page, "keep", 4), Status::ok);
    ASSERT_EQ(m.madvise(1 /* RANDOM */, page, page), Status::ok);
    ASSERT_EQ(m.resize(6 * page + 3), Status::ok) << mmf::core::detail();
    char buf[4];
    size_t n = 0;
    ASSERT_EQ(m.read_at(3 * page, buf, 4, n), Status::ok);
    EXPECT_EQ(std::string(buf, n), "keep");
    ASSERT_EQ(m.madvise(2 /* SEQUENTIAL */, 0, page), Status::ok);
    ASSERT_EQ(m.resize(2 * page), Status::ok) << mmf::core::detail();
  }
}

// Sync flushes and the fsyncs msync does not cover, observed through the
// test hook that stands in for fsync.
std::atomic<int> g_file_syncs{0};
std::atomic<int> g_dir_syncs{0};
std::atomic<bool> g_sync_started{false};

Status counting_sync(mmf::core::os::Handle /*h*/, const char* dir) {
  (dir == nullptr ? g_file_syncs : g_dir_syncs).fetch_add(1);
  return Status::ok;
}

class SyncHook : public ::testing::Test {
 protected:
  void SetUp() override {
    g_file_syncs = 0;
    g_dir_syncs = 0;
    g_sync_started = false;
    mmf::core::set_sync_hook_for_tests(counting_sync);
  }
  void TearDown() override { mmf::core::set_sync_hook_for_tests(nullptr); }
};

// resize(0) changes the size: the sync flush after it must fsync, although
// an empty map has no pages to msync.
TEST_F(SyncHook, SyncFlushAfterResizeToZeroSyncsTheSize) {
  TempFile f(pattern(8192));
  Map m;
  ASSERT_EQ(m.open_path(f.path(), {}), Status::ok);
  ASSERT_EQ(m.resize(0), Status::ok);
  ASSERT_EQ(m.flush(0, 0, false), Status::ok);
  EXPECT_EQ(g_file_syncs.load(), 1);
  ASSERT_EQ(m.flush(0, 0, false), Status::ok);
  EXPECT_EQ(g_file_syncs.load(), 1) << "nothing changed since";
}

// MMF_OPEN_CREATE that creates the file: the size and the new directory
// entry; that only extends it: the size.
TEST_F(SyncHook, SyncFlushAfterCreatingOpenSyncsSizeAndDirectory) {
  TempFile dir_marker("");
  const std::string path = std::string(dir_marker.path()) + ".new";
  MapOptions o;
  o.flags = mmf::core::flags::create;
  o.length = 4096;
  {
    Map m;
    ASSERT_EQ(m.open_path(path.c_str(), o), Status::ok);
    ASSERT_EQ(m.flush(0, 0, false), Status::ok);
    EXPECT_EQ(g_file_syncs.load(), 1);
    EXPECT_EQ(g_dir_syncs.load(), 1);
    ASSERT_EQ(m.flush(0, 0, false), Status::ok);
    EXPECT_EQ(g_file_syncs.load() + g_dir_syncs.load(), 2) << "once is enough";
  }
  o.length = 8192;  // extends the existing file
  Map m;
  ASSERT_EQ(m.open_path(path.c_str(), o), Status::ok);
  ASSERT_EQ(m.flush(0, 0, true), Status::ok);
  EXPECT_EQ(g_file_syncs.load(), 1) << "an async flush promises nothing";
  ASSERT_EQ(m.flush(0, 0, false), Status::ok);
  EXPECT_EQ(g_file_syncs.load(), 2);
  EXPECT_EQ(g_dir_syncs.load(), 1);
  ::unlink(path.c_str());
}

Status slow_failing_sync(mmf::core::os::Handle /*h*/, const char* /*dir*/) {
  g_file_syncs.fetch_add(1);
  g_sync_started = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return mmf::core::fail_os(Status::io, EIO, "fsync failed");
}

// Two sync flushes at once: the second must not return before the fsync the
// first one runs for both, and gets its error too.
TEST_F(SyncHook, ConcurrentSyncFlushesShareTheFsyncAndItsError) {
  TempFile f(pattern(8192));
  Map m;
  ASSERT_EQ(m.open_path(f.path(), {}), Status::ok);
  ASSERT_EQ(m.resize(4096), Status::ok);
  mmf::core::set_sync_hook_for_tests(slow_failing_sync);
  Status first = Status::ok;
  std::thread t([&] { first = m.flush(0, 0, false); });
  while (!g_sync_started.load()) std::this_thread::yield();
  const auto start = std::chrono::steady_clock::now();
  const Status second = m.flush(0, 0, false);
  const auto waited = std::chrono::steady_clock::now() - start;
  t.join();
  EXPECT_EQ(first, Status::io);
  EXPECT_EQ(second, Status::io) << "the fsync it depended on failed";
  EXPECT_EQ(mmf::core::os_error(), EIO);
  EXPECT_GE(waited, std::chrono::milliseconds(100)) << "returned while the fsync was still running";
  EXPECT_EQ(g_file_syncs.load(), 1);
}

}  // namespace
