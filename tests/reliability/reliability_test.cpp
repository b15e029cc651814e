// Reliability through the public C ABI: durability of flush, resource limits
// and a full disk, descriptor hygiene, file modes, symlinks.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mmf.h"

namespace {

// A scratch directory on a real (disk-backed) file system when possible: the
// build tree, since TMPDIR may be a tmpfs where write-back does not exist.
class Scratch {
 public:
  Scratch() {
    std::string base = MMF_TEST_SCRATCH;
    dir_ = base + "/mmf-rel-XXXXXX";
    if (mkdtemp(dir_.data()) == nullptr) std::abort();
  }
  ~Scratch() { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

uint64_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

int count_fds() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(d);
  return n - 1;  // the DIR's own descriptor
}

// Dirty pages of the mapping that contains addr, from /proc/self/smaps.
long dirty_kb(const void* addr) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  auto a = reinterpret_cast<uintptr_t>(addr);
  bool inside = false;
  long dirty = 0;
  while (std::getline(smaps, line)) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find(':') > line.find(' ')) {
      inside = a >= lo && a < hi;
      continue;
    }
    long kb = 0;
    if (inside && (std::sscanf(line.c_str(), "Shared_Dirty: %ld kB", &kb) == 1 ||
                   std::sscanf(line.c_str(), "Private_Dirty: %ld kB", &kb) == 1)) {
      dirty += kb;
    }
  }
  return dirty;
}

TEST(Durability, FlushedBytesSurviveSigkill) {
  Scratch s;
  const std::string p = s.path("durable");
  write_file(p, std::string(1 << 20, '.'));
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    mmf_map* m = nullptr;
    if (mmf_open(p.c_str(), nullptr, &m) != MMF_OK) _exit(2);
    for (uint64_t off = 0; off < (1 << 20); off += 4096) {
      if (mmf_write_at(m, off + 7, "flushed!", 8) != MMF_OK) _exit(3);
    }
    if (mmf_resize(m, (1 << 20) + 100) != MMF_OK) _exit(4);
    if (mmf_write_at(m, 1 << 20, "grown tail", 10) != MMF_OK) _exit(5);
    if (mmf_flush(m, 0, 0, MMF_FLUSH_SYNC) != MMF_OK) _exit(6);
    if (write(ready[1], "k", 1) != 1) _exit(7);
    for (;;) pause();  // killed here, with the map still open and never closed
  }
  close(ready[1]);
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1) << "child failed before flushing";
  close(ready[0]);
  kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status));

  mmf_map* m = nullptr;
  ASSERT_EQ(mmf_open(p.c_str(), nullptr, &m), MMF_OK) << mmf_last_error();
  uint64_t len = 0;
  ASSERT_EQ(mmf_length(m, &len), MMF_OK);
  EXPECT_EQ(len, (1u << 20) + 100);
  char buf[10];
  size_t n = 0;
  for (uint64_t off = 0; off < (1 << 20); off += 4096) {
    ASSERT_EQ(mmf_read_at(m, off + 7, buf, 8, &n), MMF_OK);
    ASSERT_EQ(std::string(buf, n), "flushed!") << "at " << off;
  }
  ASSERT_EQ(mmf_read_at(m, 1 << 20, buf, 10, &n), MMF_OK);
  EXPECT_EQ(std::string(buf, n), "grown tail");
  mmf_free(m);
}

// A process kill keeps the page cache, so the test above cannot tell a flush
// from no flush. This one can: a sync flush must leave no dirty page behind in
// the mapping (the kernel cleans the pages it wrote back).
TEST(Durability, SyncFlushCleansTheDirtyPages) {
  Scratch s;
  const std::string p = s.path("dirty");
  write_file(p, std::string(64 * 4096, '.'));
  mmf_map* m = nullptr;
  ASSERT_EQ(mmf_open(p.c_str(), nullptr, &m), MMF_OK);
  for (uint64_t off = 0; off < 64 * 4096; off += 4096) ASSERT_EQ(mmf_write_at(m, off, "x", 1), MMF_OK);
  void* data = nullptr;
  uint64_t len = 0;
  ASSERT_EQ(mmf_buffer_acquire(m, &data, &len), MMF_OK);
  ASSERT_EQ(mmf_buffer_release(m), MMF_OK);
  long before = dirty_kb(data);
  if (before == 0) GTEST_SKIP() << "this file system does not track dirty mapped pages (tmpfs?)";
  EXPECT_GE(before, 64 * 4);
  ASSERT_EQ(mmf_flush(m, 4096 + 1, 0, MMF_FLUSH_SYNC), MMF_OK);  // unaligned start: widened
  long after_tail = dirty_kb(data);
  EXPECT_LE(after_tail, 8) << "flush(4097, to the end) left " << after_tail << " kB dirty";
  ASSERT_EQ(mmf_flush(m, 0, 0, MMF_FLUSH_SYNC), MMF_OK);
  EXPECT_EQ(dirty_kb(data), 0);
  mmf_free(m);
}

TEST(Limits, GrowingPastRlimitFsizeIsAnErrorAndLosesNothing) {
  Scratch s;
  const std::string p = s.path("limited");
  const std::string content(8192, 'k');
  write_file(p, content);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // As with write(2), a process that sets RLIMIT_FSIZE must ignore SIGXFSZ
    // to get the error instead of being killed.
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl {
      64 * 1024, 64 * 1024
    };
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(2);
    mmf_map* m = nullptr;
    if (mmf_open(p.c_str(), nullptr, &m) != MMF_OK) _exit(3);
    if (mmf_write_at(m, 100, "precious", 8) != MMF_OK) _exit(4);
    if (mmf_resize(m, 1 << 20) != MMF_ERR_IO) _exit(5);
    if (std::strstr(mmf_last_error(), "File too large") == nullptr) _exit(6);
    uint64_t len = 0;
    char buf[8];
    size_t n = 0;
    if (mmf_length(m, &len) != MMF_OK || len != 8192) _exit(7);
    if (mmf_read_at(m, 100, buf, 8, &n) != MMF_OK || std::memcmp(buf, "precious", 8) != 0) _exit(8);
    if (mmf_resize(m, 32 * 1024) != MMF_OK) _exit(9);  // within the limit: fine
    mmf_free(m);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "step that failed: " << WEXITSTATUS(status);
  EXPECT_EQ(file_size(p), 32u * 1024);
  EXPECT_EQ(read_file(p).substr(100, 8), "precious");
}

TEST(Limits, MapFailingUnderRlimitAsKeepsTheMap) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizer shadow memory needs terabytes of address space: RLIMIT_AS cannot be lowered";
#endif
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    mmf_map* m = nullptr;
    if (mmf_open_anonymous(4096, nullptr, &m) != MMF_OK) _exit(2);
    if (mmf_write_at(m, 0, "keep", 4) != MMF_OK) _exit(3);
    struct rlimit rl {};
    getrlimit(RLIMIT_AS, &rl);
    rl.rlim_cur = 512ull << 20;  // ample for the process, not for a 1 GiB map
    if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(4);
    if (mmf_resize(m, 1ull << 30) != MMF_ERR_NO_MEMORY) _exit(5);
    if (std::strstr(mmf_last_error(), "Cannot allocate memory") == nullptr) _exit(6);
    mmf_map* big = nullptr;
    if (mmf_open_anonymous(1ull << 30, nullptr, &big) != MMF_ERR_NO_MEMORY || big != nullptr) _exit(7);
    uint64_t len = 0;
    char buf[4];
    size_t n = 0;
    if (mmf_length(m, &len) != MMF_OK || len != 4096) _exit(8);
    if (mmf_read_at(m, 0, buf, 4, &n) != MMF_OK || std::memcmp(buf, "keep", 4) != 0) _exit(9);
    mmf_free(m);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "step that failed: " << WEXITSTATUS(status);
}

// A real full disk: a 1 MiB tmpfs, when this process may mount one (root in
// a private mount namespace; CI runs as root).
class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs";
    dir_ = scratch_.path("small");
    mkdir(dir_.c_str(), 0700);
    if (mount("mmf-test", dir_.c_str(), "tmpfs", 0, "size=1m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
  }
  Scratch scratch_;
  std::string dir_;
  bool mounted_ = false;
};

TEST_F(FullDisk, GrowingPastFreeSpaceIsAnErrorAndLosesNothing) {
  const std::string p = dir_ + "/f";
  write_file(p, std::string(64 * 1024, 'd'));
  mmf_map* m = nullptr;
  ASSERT_EQ(mmf_open(p.c_str(), nullptr, &m), MMF_OK) << mmf_last_error();
  ASSERT_EQ(mmf_write_at(m, 10, "precious", 8), MMF_OK);
  ASSERT_EQ(mmf_flush(m, 0, 0, 0), MMF_OK);
  EXPECT_EQ(mmf_resize(m, 4 << 20), MMF_ERR_IO);
  EXPECT_NE(std::strstr(mmf_last_error(), "No space left"), nullptr) << mmf_last_error();
  uint64_t len = 0;
  ASSERT_EQ(mmf_length(m, &len), MMF_OK);
  EXPECT_EQ(len, 64u * 1024);
  EXPECT_EQ(file_size(p), 64u * 1024);
  // Growing into what is left still works.
  ASSERT_EQ(mmf_resize(m, 512 * 1024), MMF_OK) << mmf_last_error();
  ASSERT_EQ(mmf_write_at(m, 512 * 1024 - 4, "tail", 4), MMF_OK);
  mmf_free(m);
  EXPECT_EQ(read_file(p).substr(10, 8), "precious");
}

TEST_F(FullDisk, WritingIntoASparseFileOnAFullDiskFaultsInsteadOfCrashing) {
  // Somebody else's sparse file: no blocks behind it, and the disk is full.
  const std::string filler = dir_ + "/filler";
  {
    std::ofstream out(filler, std::ios::binary);
    std::string block(64 * 1024, 'f');
    for (int i = 0; i < 64 && out; ++i) out << block;
  }
  const std::string p = dir_ + "/sparse";
  int fd = open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 256 * 1024), 0);
  close(fd);
  mmf_map* m = nullptr;
  ASSERT_EQ(mmf_open(p.c_str(), nullptr, &m), MMF_OK);
  std::string chunk(256 * 1024, 'w');
  mmf_status st = mmf_write_at(m, 0, chunk.data(), chunk.size());
  EXPECT_EQ(st, MMF_ERR_FAULT) << "a full tmpfs cannot back the pages";
  mmf_free(m);
}

TEST_F(FullDisk, StepwiseGrowthFailsAtResizeNeverAtAStore) {
  // Growing in small steps grows into blocks reserved ahead (resize): every
  // byte a successful resize added must take a store, and the step that does
  // not fit must fail as a resize, keeping what was there.
  const std::string p = dir_ + "/grow";
  write_file(p, std::string(64 * 1024, 'g'));
  mmf_map* m = nullptr;
  ASSERT_EQ(mmf_open(p.c_str(), nullptr, &m), MMF_OK) << mmf_last_error();
  const std::string chunk(64 * 1024, 'w');
  uint64_t len = 64 * 1024;
  mmf_status st = MMF_OK;
  for (int step = 0; step < 64 && st == MMF_OK; ++step) {
    st = mmf_resize(m, len + chunk.size());
    if (st != MMF_OK) break;
    ASSERT_EQ(mmf_write_at(m, len, chunk.data(), chunk.size()), MMF_OK) << "step " << step << ": " << mmf_last_error();
    len += chunk.size();
  }
  EXPECT_EQ(st, MMF_ERR_IO) << "a 1 MiB tmpfs cannot hold 4 MiB";
  EXPECT_NE(std::strstr(mmf_last_error(), "No space left"), nullptr) << mmf_last_error();
  uint64_t now = 0;
  ASSERT_EQ(mmf_length(m, &now), MMF_OK);
  EXPECT_EQ(now, len);
  EXPECT_GE(len, 512u * 1024) << "most of the 1 MiB should have been usable";
  mmf_free(m);
  EXPECT_EQ(file_size(p), len);
  EXPECT_EQ(read_file(p).substr(len - 4), "wwww");
}

// Growing step by step reserves blocks ahead, so each step moves the end of
// file into allocated blocks; the file never has a hole under the map, and
// the blocks past its end are given back by a shrink and by close.
TEST(Growth, StepwiseGrowthReservesAheadAndGivesItBack) {
  Scratch dir;
  const std::string p = dir.path("grow");
  auto allocated = [&] {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return static_cast<uint64_t>(st.st_blocks) * 512;
  };
  mmf_options o;
  mmf_options_init(&o);
  o.flags = MMF_OPEN_CREATE;
  o.length = 1 << 20;
  mmf_map* m = nullptr;
  ASSERT_EQ(mmf_open(p.c_str(), &o, &m), MMF_OK) << mmf_last_error();
  uint64_t len = 1 << 20;
  bool reserved_ahead = false;
  for (int step = 0; step < 24; ++step) {
    len += 256 * 1024;
    ASSERT_EQ(mmf_resize(m, len), MMF_OK) << mmf_last_error();
    EXPECT_GE(allocated(), len) << "step " << step << ": a hole under the map";
    reserved_ahead = reserved_ahead || allocated() >= len + (1 << 20);
  }
#ifdef MMF_TEST_NO_RESERVE_AHEAD
  // Built without fallocate(KEEP_SIZE) (MMF_FORCE_FALLBACKS, macOS, FreeBSD):
  // every grow reserves its own range and nothing more; no hole all the same
  // (checked above).
  EXPECT_FALSE(reserved_ahead) << "reserved past the end without fallocate KEEP_SIZE";
  mmf_free(m);
  return;
#endif
  if (!reserved_ahead) {
    mmf_free(m);
    GTEST_SKIP() << "this file system cannot allocate past the end of a file (fallocate KEEP_SIZE)";
  }
  ASSERT_EQ(mmf_resize(m, len / 2), MMF_OK);
  EXPECT_LE(allocated(), len / 2 + 64 * 1024) << "a shrink frees the blocks past the new end";
  for (int step = 0; step < 8; ++step) ASSERT_EQ(mmf_resize(m, len / 2 + (step + 1) * 256 * 1024), MMF_OK);
  EXPECT_GT(allocated(), len / 2 + 3 * (1 << 20)) << "reserving ahead again";
  ASSERT_EQ(mmf_close(m), MMF_OK);
  EXPECT_EQ(file_size(p), len / 2 + 8 * 256 * 1024);
  EXPECT_LE(allocated(), file_size(p) + 64 * 1024) << "close gives the reserve back";
  mmf_free(m);
}

TEST(Hygiene, NoDescriptorLeaksOver100000Cycles) {
  Scratch s;
  const std::string p = s.path("cycle");
  write_file(p, "cycle me");
  const int before = count_fds();
  for (int i = 0; i < 100000; ++i) {
    mmf_map* m = nullptr;
    mmf_status st = (i % 3 == 0) ? mmf_open_anonymous(4096, nullptr, &m) : mmf_open(p.c_str(), nullptr, &m);
    ASSERT_EQ(st, MMF_OK) << i << ": " << mmf_last_error();
    if (i % 2 == 0) {
      ASSERT_EQ(mmf_close(m), MMF_OK);
    }
    mmf_free(m);
    // Failing opens must not leak either.
    if (i % 10 == 0) {
      ASSERT_EQ(mmf_open(s.path("missing").c_str(), nullptr, &m), MMF_ERR_IO);
      mmf_options o;
      mmf_options_init(&o);
      o.length = 1000;  // past the end of the file
      ASSERT_EQ(mmf_open(p.c_str(), &o, &m), MMF_ERR_OUT_OF_RANGE);
    }
  }
  EXPECT_EQ(count_fds(), before);
}

std::vector<int> open_fds() {
  std::vector<int> fds;
  DIR* d = opendir("/proc/self/fd");
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.' && std::atoi(e->d_name) != dirfd(d)) fds.push_back(std::atoi(e->d_name));
  }
  closedir(d);
  return fds;
}

TEST(Hygiene, EveryDescriptorIsCloseOnExec) {
  Scratch s;
  const std::string p = s.path("cloexec");
  write_file(p, "x");
  int fd = open(p.c_str(), O_RDWR);  // the caller's own, without O_CLOEXEC
  const std::vector<int> before = open_fds();
  mmf_map* a = nullptr;
  mmf_map* b = nullptr;
  mmf_map* c = nullptr;
  ASSERT_EQ(mmf_open(p.c_str(), nullptr, &a), MMF_OK);
  ASSERT_EQ(mmf_open_anonymous(4096, nullptr, &b), MMF_OK);
  ASSERT_EQ(mmf_open_fd(fd, nullptr, &c), MMF_OK);
  int checked = 0;
  for (int n : open_fds()) {
    if (std::find(before.begin(), before.end(), n) != before.end()) continue;  // not mmf's
    EXPECT_NE(fcntl(n, F_GETFD) & FD_CLOEXEC, 0) << "descriptor " << n << " lacks FD_CLOEXEC";
    ++checked;
  }
  EXPECT_EQ(checked, 3) << "expected exactly the three maps' descriptors";
  close(fd);
  mmf_free(a);
  mmf_free(b);
  mmf_free(c);
}

TEST(Hygiene, CreatedFilesGetUmaskModeOrOwnerOnly) {
  Scratch s;
  const mode_t old = umask(022);
  mmf_options o;
  mmf_options_init(&o);
  o.flags = MMF_OPEN_CREATE;
  o.length = 10;
  mmf_map* m = nullptr;
  ASSERT_EQ(mmf_open(s.path("shared").c_str(), &o, &m), MMF_OK);
  mmf_free(m);
  o.flags = MMF_OPEN_CREATE | MMF_OPEN_OWNER_ONLY;
  ASSERT_EQ(mmf_open(s.path("private").c_str(), &o, &m), MMF_OK);
  mmf_free(m);
  umask(old);
  struct stat st {};
  ASSERT_EQ(stat(s.path("shared").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);  // 0666 & ~022
  ASSERT_EQ(stat(s.path("private").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  o.flags = MMF_OPEN_OWNER_ONLY;  // without CREATE it means nothing: refused
  EXPECT_EQ(mmf_open(s.path("shared").c_str(), &o, &m), MMF_ERR_INVALID_ARGUMENT);
}

TEST(Hygiene, NofollowRefusesASymlink) {
  Scratch s;
  write_file(s.path("target"), "secret");
  ASSERT_EQ(symlink(s.path("target").c_str(), s.path("link").c_str()), 0);
  mmf_options o;
  mmf_options_init(&o);
  o.flags = MMF_OPEN_NOFOLLOW;
  mmf_map* m = nullptr;
  EXPECT_EQ(mmf_open(s.path("link").c_str(), &o, &m), MMF_ERR_IO);
  EXPECT_NE(std::strstr(mmf_last_error(), "symbolic links"), nullptr) << mmf_last_error();
  EXPECT_EQ(m, nullptr);
  ASSERT_EQ(mmf_open(s.path("target").c_str(), &o, &m), MMF_OK);  // a plain file is fine
  mmf_free(m);
  ASSERT_EQ(mmf_open(s.path("link").c_str(), nullptr, &m), MMF_OK);  // without the flag links are followed
  mmf_free(m);
}

TEST(Hygiene, FailedCreateLeavesNoFileBehind) {
  Scratch s;
  mmf_options o;
  mmf_options_init(&o);
  o.flags = MMF_OPEN_CREATE;
  o.length = 0;  // a new, empty file cannot be mapped with length 0
  mmf_map* m = nullptr;
  EXPECT_EQ(mmf_open(s.path("new").c_str(), &o, &m), MMF_ERR_INVALID_ARGUMENT);
  EXPECT_NE(access(s.path("new").c_str(), F_OK), 0) << "the file mmf created was left behind";
  write_file(s.path("existing"), "");
  EXPECT_EQ(mmf_open(s.path("existing").c_str(), &o, &m), MMF_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(access(s.path("existing").c_str(), F_OK), 0) << "a file mmf did not create was removed";
}

}  // namespace
