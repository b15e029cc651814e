#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cinttypes>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "access.hpp"
#include "config.hpp"
#include "platform.hpp"

namespace mmf::core::os {
namespace {

// Retry on EINTR: a signal arriving during a blocking call is not a failure
// the caller can do anything about.
template <class F>
auto retry(F f) {
  for (;;) {
    auto r = f();
    if (r != -1 || errno != EINTR) return r;
  }
}

int prot_of(const MapRequest& r) { return r.writable ? PROT_READ | PROT_WRITE : PROT_READ; }

int flags_of(const MapRequest& r) {
  int flags = r.shared ? MAP_SHARED : MAP_PRIVATE;
  if (r.handle == kNoHandle) flags |= MAP_ANONYMOUS;
#if MMF_USE_MAP_POPULATE
  if (r.populate) flags |= MAP_POPULATE;
#endif
  return flags;
}

bool fits_off_t(uint64_t v) { return v <= static_cast<uint64_t>(INT64_MAX); }

// No user address space reaches 2^57 bytes (5-level paging: 57-bit
// addresses, half of them the kernel's); asking the kernel for that much gets
// EINVAL or ENOMEM depending on the call, so answer the same way for all of
// them. A map must be shorter than this.
constexpr uint64_t kMaxMapLength = uint64_t{1} << 57;

Status too_large(uint64_t length) {
  return fail(Status::no_memory, "a map of %" PRIu64 " bytes does not fit the address space", length);
}

// Opening a FIFO blocks until a peer opens the other end, which may be never,
// so every open is non-blocking. What opened is then checked: only a regular
// file (or, for a path, a device such as /dev/zero) can be mapped. Blocking
// mode is restored for the rest of the descriptor's life. On failure fd is
// closed.
Status settle_opened(int fd, bool devices_too, const char* what) {
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return fail_os(Status::io, err, "fstat of \"%s\" failed", what);
  }
  const bool mappable = S_ISREG(st.st_mode) || (devices_too && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)));
  if (!mappable) {
    ::close(fd);
    return fail_os(Status::io, ENODEV, "\"%s\" is not a regular file%s: it cannot be mapped", what,
                   devices_too ? " or a device" : "");
  }
  const int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
    const int err = errno;
    ::close(fd);
    return fail_os(Status::io, err, "cannot clear O_NONBLOCK on \"%s\"", what);
  }
  return Status::ok;
}

// The bytes a process may still allocate on h's file system; false when the
// file system has no set capacity (f_blocks == 0, e.g. the memfd mount).
bool free_space(Handle h, uint64_t& out) {
  struct statvfs fs {};
  if (fstatvfs(h, &fs) != 0 || fs.f_frsize == 0 || fs.f_blocks == 0) return false;
  out = static_cast<uint64_t>(fs.f_bavail) * static_cast<uint64_t>(fs.f_frsize);
  return true;
}

#if !MMF_USE_MEMFD_CREATE
// Without memfd_create: a POSIX shared-memory object under a random name,
// unlinked at once, is the same thing (nobody can open it again; it lives as
// long as its descriptors and mappings). O_EXCL makes a taken name a retry,
// never a shared object. macOS allows 31 bytes per name: "/mmf-" + 16 digits.
int open_unlinked_shm() {
  for (int attempt = 0; attempt < 64; ++attempt) {
    uint64_t r = 0;
#if MMF_HAVE_ARC4RANDOM_BUF
    arc4random_buf(&r, sizeof r);
#else
    // Unpredictable enough to make collisions rare; O_EXCL handles the rest.
    static std::atomic<uint64_t> counter{0};
    struct timespec ts {};
    clock_gettime(CLOCK_REALTIME, &ts);
    r = static_cast<uint64_t>(ts.tv_nsec) ^ (static_cast<uint64_t>(ts.tv_sec) << 30) ^
        (static_cast<uint64_t>(getpid()) << 40) ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15ull);
    r ^= r >> 31;
    r *= 0xBF58476D1CE4E5B9ull;
    r ^= r >> 29;
#endif
    char name[32];
    snprintf(name, sizeof name, "/mmf-%016" PRIx64, r);
    const int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      shm_unlink(name);
      return fd;
    }
    if (errno != EEXIST) return -1;
  }
  return -1;  // errno is EEXIST
}
#endif

// Reserves the blocks of [old_size, new_size) and makes new_size the file's
// size: 0, or the errno value of the failure. EOPNOTSUPP when the target
// has no way to reserve (the caller then extends the file sparsely).
int allocate(Handle h, uint64_t old_size, uint64_t new_size) {
#if MMF_HAVE_POSIX_FALLOCATE
  int err = posix_fallocate(h, static_cast<off_t>(old_size), static_cast<off_t>(new_size - old_size));
  if (err == EINTR) err = posix_fallocate(h, static_cast<off_t>(old_size), static_cast<off_t>(new_size - old_size));
  return err;
#elif MMF_HAVE_F_PREALLOCATE
  // macOS has no posix_fallocate. F_PREALLOCATE allocates past the file's
  // physical end (F_PEOFPOSMODE) without changing its size; the truncate then
  // moves the end of file over the allocated blocks.
  fstore_t st{};
  st.fst_flags = F_ALLOCATEALL;
  st.fst_posmode = F_PEOFPOSMODE;
  st.fst_offset = 0;
  st.fst_length = static_cast<off_t>(new_size - old_size);
  if (retry([&] { return fcntl(h, F_PREALLOCATE, &st); }) == -1) return errno == ENOTSUP ? EOPNOTSUPP : errno;
  if (retry([&] { return ftruncate(h, static_cast<off_t>(new_size)); }) != 0) return errno;
  return 0;
#else
  (void)h;
  (void)old_size;
  (void)new_size;
  return EOPNOTSUPP;
#endif
}

}  // namespace

uint64_t page_size() {
  static const auto size = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return size;
}

uint64_t allocation_granularity() { return page_size(); }

Status open_file(const char* path, OpenFlags f, Handle& out, bool& created) {
  int flags = (f.write ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NONBLOCK;
  if (f.nofollow) flags |= O_NOFOLLOW;
  const mode_t mode = f.owner_only ? 0600 : 0666;  // the umask applies to both
  created = false;
  int fd = -1;
  if (f.create && !f.exclusive) {
    // Open first, create only when missing, so we know whether the file is
    // ours to remove if mapping it fails later.
    fd = retry([&] { return ::open(path, flags); });
    if (fd < 0 && errno == ENOENT) {
      fd = retry([&] { return ::open(path, flags | O_CREAT | O_EXCL, mode); });
      if (fd >= 0) {
        created = true;
      } else if (errno == EEXIST) {  // lost a race with another creator: use theirs
        fd = retry([&] { return ::open(path, flags); });
        if (fd < 0 && errno == ENOENT) {
          // Or a dangling symbolic link, which O_EXCL refuses to follow and
          // the plain open finds nothing behind: create its target, as
          // open(2) with O_CREAT does (O_NOFOLLOW never gets here: ELOOP).
          fd = retry([&] { return ::open(path, flags | O_CREAT, mode); });
          created = fd >= 0;
        }
      }
    }
  } else {
    if (f.create) flags |= O_CREAT | O_EXCL;
    fd = retry([&] { return ::open(path, flags, mode); });
    created = fd >= 0 && f.create;
  }
  if (fd < 0) {
    return fail_os(Status::io, errno, "open(\"%s\"%s%s%s) failed", path, f.write ? ", read-write" : ", read-only",
                   f.create ? (f.exclusive ? ", create exclusive" : ", create") : "", f.nofollow ? ", nofollow" : "");
  }
  if (Status s = settle_opened(fd, true, path); s != Status::ok) {
    if (created) ::unlink(path);
    return s;
  }
  out = fd;
  return Status::ok;
}

void remove_file(const char* path) {
  // What was created may be the target of a symbolic link (open_file).
  char* real = realpath(path, nullptr);
  ::unlink(real != nullptr ? real : path);
  free(real);  // NOLINT(cppcoreguidelines-no-malloc): realpath's
}

Status duplicate_fd(int fd, Handle& out) {
  int dup = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) return fail_os(Status::io, errno, "cannot duplicate file descriptor %d", fd);
  out = dup;
  return Status::ok;
}

void close_handle(Handle h) {
  // POSIX leaves the descriptor state unspecified after EINTR; on Linux it is
  // closed, so retrying could close a descriptor another thread just opened.
  if (h != kNoHandle) ::close(h);
}

Status file_info(Handle h, FileInfo& out) {
  struct stat st {};
  if (fstat(h, &st) != 0) return fail_os(Status::io, errno, "fstat failed");
  out.regular = S_ISREG(st.st_mode);
  out.size = st.st_size > 0 ? static_cast<uint64_t>(st.st_size) : 0;
  return Status::ok;
}

Status create_anonymous_object(uint64_t length, Handle& out) {
  if (!fits_off_t(length)) return fail(Status::out_of_range, "length %" PRIu64 " is too large", length);
#if MMF_USE_MEMFD_CREATE
  int fd = memfd_create("mmf-anonymous", MFD_CLOEXEC);
  if (fd < 0) return fail_os(status_from_errno(errno), errno, "memfd_create failed");
#else
  int fd = open_unlinked_shm();
  if (fd < 0) return fail_os(status_from_errno(errno), errno, "shm_open of an unlinked object failed");
#endif
  // Sized, not reserved: reserving a memfd commits RAM up front, and an
  // anonymous map should cost only what is touched, as MAP_ANONYMOUS does.
  Status s = truncate_file(fd, length);
  if (s != Status::ok) {
    ::close(fd);
    return s;
  }
  out = fd;
  return Status::ok;
}

namespace {

// "/" + name: the portable form of a POSIX shared-memory name.
void shm_name(const char* name, char (&out)[64]) { snprintf(out, sizeof out, "/%s", name); }

// An object another process has created but not yet sized (shm_open and
// ftruncate are two steps) has size 0 for a moment. Wait for its size, a
// little: nobody else makes empty named maps.
Status wait_for_size(int fd, const char* name, uint64_t& size) {
  for (int i = 0; i < 1000; ++i) {
    FileInfo info;
    if (Status s = file_info(fd, info); s != Status::ok) return s;
    if (info.size > 0) {
      size = info.size;
      return Status::ok;
    }
    struct timespec ms {
      0, 1000000
    };
    nanosleep(&ms, nullptr);
  }
  return fail(Status::io, "named map \"%s\" has size 0 (its creator never sized it)", name);
}

// mmf.h, mmf_open_named, "Owner": an object this call did not create is
// used only if it is the caller's own and shut to everyone else. Otherwise
// another user could create the name first (with mode 0666) and read or
// change everything its owner then shares through it.
Status check_owner(int fd, const char* name) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return fail_os(Status::io, errno, "fstat of named map \"%s\" failed", name);
  const uid_t me = geteuid();
  if (st.st_uid != me || (st.st_mode & 077) != 0) {
    return fail_os(Status::io, EACCES,
                   "named map \"%s\" belongs to uid %ju with mode %04o; only an object owned by this user (uid %ju) "
                   "with no group or other permissions is opened",
                   name, static_cast<uintmax_t>(st.st_uid), static_cast<unsigned>(st.st_mode & 07777),
                   static_cast<uintmax_t>(me));
  }
  return Status::ok;
}

}  // namespace

Status open_named(const NamedRequest& req, Handle& out, bool& created, uint64_t& size) {
  char name[64];
  shm_name(req.name, name);
  int flags = (req.write ? O_RDWR : O_RDONLY) | O_CLOEXEC;
#if defined(__linux__)
  // /dev/shm is a directory anyone may write to: another user can plant a
  // FIFO (or anything else) under the name.
  flags |= O_NONBLOCK;
#endif
  created = false;
  int fd = -1;
  // Create first (O_EXCL, 0600: the umask can only take bits away), then
  // open what exists; the name may come and go between the two steps (another
  // process creates or unlinks it), so try again a few times.
  for (int attempt = 0; fd < 0 && attempt < 8; ++attempt) {
    if (req.may_create) {
      // Created read-write whatever the access: sizing it is a write.
      fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) {
        created = true;
        break;
      }
      if (errno != EEXIST || req.exclusive) {
        return fail_os(Status::io, errno, "shm_open(\"%s\", %s) failed", name,
                       req.exclusive ? "create exclusive" : "create");
      }
    }
    fd = shm_open(name, flags, 0);
    if (fd < 0 && (errno != ENOENT || !req.may_create)) {
      return fail_os(Status::io, errno, "shm_open(\"%s\"%s) failed", name, req.write ? ", read-write" : ", read-only");
    }
  }
  if (fd < 0) return fail_os(Status::io, ENOENT, "shm_open(\"%s\"): the name keeps appearing and vanishing", name);
  // Exactly 0600 (mmf.h), whatever the umask: under umask 0277 the owner's
  // own second opener could not open it read-write.
  if (created) (void)fchmod(fd, 0600);
#if defined(__linux__)
  if (Status s = settle_opened(fd, false, name); s != Status::ok) {  // it closed fd
    if (created) shm_unlink(name);
    return s;
  }
#endif
  // Reserved, not only sized: on a full /dev/shm the open fails now, not a
  // store into the map later.
  Status s = created ? grow_file(fd, 0, req.create_size) : check_owner(fd, name);
  if (s == Status::ok && !created) s = wait_for_size(fd, req.name, size);
  if (s != Status::ok) {
    ::close(fd);
    if (created) shm_unlink(name);
    return s;
  }
  if (created) size = req.create_size;
  out = fd;
  return Status::ok;
}

Status unlink_named(const char* name) {
  char full[64];
  shm_name(name, full);
  if (shm_unlink(full) != 0 && errno != ENOENT) {
    return fail_os(Status::io, errno, "shm_unlink(\"%s\") failed", full);
  }
  return Status::ok;
}

Status shared_size(Handle h, uint64_t& out) {
  FileInfo info;
  if (Status s = file_info(h, info); s != Status::ok) return s;
  out = info.size;
  return Status::ok;
}

Status grow_file(Handle h, uint64_t old_size, uint64_t new_size) {
  if (!fits_off_t(new_size)) return fail(Status::out_of_range, "file size %" PRIu64 " is too large", new_size);
  if (new_size <= old_size) return Status::ok;
  // Refuse up front what cannot fit, rather than let fallocate fill the file
  // system (or a tmpfs, i.e. memory) before it gives up.
  if (uint64_t free_bytes = 0; free_space(h, free_bytes)) {
    if (new_size - old_size > free_bytes) {
      return fail_os(Status::io, ENOSPC,
                     "cannot grow the file from %" PRIu64 " to %" PRIu64 " bytes (%" PRIu64 " bytes free)", old_size,
                     new_size, free_bytes);
    }
  }
  int err = allocate(h, old_size, new_size);
  if (err == EOPNOTSUPP || err == EINVAL || err == ENODEV) {
    // The file system cannot reserve (or this is not a plain file): fall back
    // to a sparse extension, which is all that Python does anyway.
    if (retry([&] { return ftruncate(h, static_cast<off_t>(new_size)); }) == 0) return Status::ok;
    err = errno;
  }
  if (err != 0) {
    // fallocate may have extended the file part way before failing.
    (void)retry([&] { return ftruncate(h, static_cast<off_t>(old_size)); });
    return fail_os(Status::io, err, "cannot grow the file from %" PRIu64 " to %" PRIu64 " bytes", old_size, new_size);
  }
  return Status::ok;
}

bool reserve_beyond_end(Handle h, uint64_t from, uint64_t to) {
#if MMF_USE_FALLOCATE_KEEP_SIZE
  if (to <= from || !fits_off_t(to)) return false;
  uint64_t free_bytes = 0;
  if (!free_space(h, free_bytes) || free_bytes / 2 < to - from) return false;
  return retry([&] {
           return fallocate(h, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(from), static_cast<off_t>(to - from));
         }) == 0;
#else
  (void)h;
  (void)from;
  (void)to;
  return false;
#endif
}

Status truncate_file(Handle h, uint64_t new_size) {
  if (!fits_off_t(new_size)) return fail(Status::out_of_range, "file size %" PRIu64 " is too large", new_size);
  if (retry([&] { return ftruncate(h, static_cast<off_t>(new_size)); }) != 0) {
    return fail_os(Status::io, errno, "ftruncate to %" PRIu64 " bytes failed", new_size);
  }
  return Status::ok;
}

Status sync_file(Handle h) {
  if (retry([&] { return fsync(h); }) != 0) return fail_os(Status::io, errno, "fsync failed");
  return Status::ok;
}

std::string parent_directory(const char* path) {
  const char* slash = std::strrchr(path, '/');
  std::string dir = slash == nullptr ? std::string(".") : slash == path ? std::string("/") : std::string(path, slash);
  // Absolute, so that a later chdir of the process does not move it.
  char* real = realpath(dir.c_str(), nullptr);
  if (real == nullptr) return dir;
  dir = real;
  free(real);  // NOLINT(cppcoreguidelines-no-malloc): realpath's
  return dir;
}

Status sync_directory(const char* dir) {
  const int fd = retry([&] { return ::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC); });
  if (fd < 0) return fail_os(Status::io, errno, "open(\"%s\") to fsync the new directory entry failed", dir);
  const int r = retry([&] { return fsync(fd); });
  const int err = errno;
  ::close(fd);
  if (r != 0) return fail_os(Status::io, err, "fsync of directory \"%s\" failed", dir);
  return Status::ok;
}

Status map(const MapRequest& req, void*& out) {
  if (req.length > SIZE_MAX || req.length >= kMaxMapLength || !fits_off_t(req.file_offset)) {
    return too_large(req.length);
  }
  void* p = mmap(nullptr, static_cast<size_t>(req.length), prot_of(req), flags_of(req), req.handle,
                 static_cast<off_t>(req.file_offset));
  if (p == MAP_FAILED) {
    int err = errno;
    return fail_os(status_from_errno(err), err, "mmap of %" PRIu64 " bytes at file offset %" PRIu64 " failed",
                   req.length, req.file_offset);
  }
#if !MMF_USE_MAP_POPULATE
  if (req.populate) {
    // What MAP_POPULATE does: start the read-ahead, then fault every page in.
    // Through the guard, since another process may truncate the file right
    // now; a fault only ends the hint early.
    (void)madvise(p, static_cast<size_t>(req.length), MADV_WILLNEED);
    const uint64_t page = page_size();
    const auto* bytes = static_cast<const volatile unsigned char*>(p);
    (void)with_guard(p, static_cast<size_t>(req.length), [&] {
      for (uint64_t at = 0; at < req.length; at += page) (void)bytes[at];
    });
  }
#endif
  out = p;
  return Status::ok;
}

bool extend_in_place(void* addr, uint64_t old_length, uint64_t new_length) {
#if MMF_USE_MREMAP
  if (new_length > SIZE_MAX || new_length >= kMaxMapLength) return false;
  // No MREMAP_MAYMOVE: the pages stay where concurrent readers see them. It
  // fails with ENOMEM when the next address range is taken, and with EFAULT
  // when madvise split the mapping into several VMAs.
  return mremap(addr, static_cast<size_t>(old_length), static_cast<size_t>(new_length), 0) == addr;
#else
  (void)addr;
  (void)old_length;
  (void)new_length;
  return false;
#endif
}

void unmap_tail(void* addr, uint64_t old_length, uint64_t new_length) {
  const uint64_t page = page_size();
  const uint64_t keep = (new_length + page - 1) / page * page;
  const uint64_t end = (old_length + page - 1) / page * page;
  if (addr != nullptr && keep < end) munmap(static_cast<char*>(addr) + keep, static_cast<size_t>(end - keep));
}

Status map_zeros(void* addr, uint64_t length) noexcept {
  void* p =
      mmap(addr, static_cast<size_t>(length), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  return p == MAP_FAILED ? Status::no_memory : Status::ok;
}

void unmap(void* addr, uint64_t length) {
  if (addr != nullptr) munmap(addr, static_cast<size_t>(length));
}

Status sync_memory(Handle /*h*/, void* addr, uint64_t length, bool async) {
  if (msync(addr, static_cast<size_t>(length), async ? MS_ASYNC : MS_SYNC) != 0) {
    return fail_os(Status::io, errno, "msync of %" PRIu64 " bytes failed", length);
  }
  return Status::ok;
}

Status advise(void* addr, uint64_t length, int mmf_advice) {
  static constexpr int kAdvice[] = {MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED};
  static_assert(sizeof kAdvice / sizeof kAdvice[0] == advice::count);
  if (mmf_advice < 0 || mmf_advice >= static_cast<int>(sizeof kAdvice / sizeof kAdvice[0])) {
    return fail(Status::invalid_argument, "unknown advice %d", mmf_advice);
  }
  if (madvise(addr, static_cast<size_t>(length), kAdvice[mmf_advice]) != 0) {
    return fail_os(Status::io, errno, "madvise failed");
  }
  return Status::ok;
}

}  // namespace mmf::core::os
