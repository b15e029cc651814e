// The platform layer's Linux-only calls and their fallbacks
// (platform_posix.cpp). Which of the two a build runs is decided in
// config.hpp; the portable preset (MMF_FORCE_FALLBACKS) runs the whole suite
// with every fallback, and these tests check that each choice is really the
// one in force and keeps the promise the fast path keeps.
#include "platform.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "config.hpp"
#include "epoch.hpp"

namespace {

namespace os = mmf::core::os;
using mmf::core::Status;

std::string fd_target(int fd) {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec).string();
}

// With mremap a mapping grows into free address space after it; without it
// extend_in_place refuses, and the mapping must be exactly as it was (the
// caller then maps afresh: Map::resize_mapping).
TEST(Platform, ExtendInPlaceIsMremapOrLeavesTheMappingAlone) {
  const uint64_t page = os::page_size();
  os::MapRequest r;
  r.length = 4 * page;
  r.writable = true;
  r.shared = false;
  void* p = nullptr;
  ASSERT_EQ(os::map(r, p), Status::ok);
  os::unmap_tail(p, 4 * page, page);  // one page left, free room after it
  std::memcpy(p, "keep", 4);
  const bool grown = os::extend_in_place(p, page, 2 * page);
  EXPECT_EQ(grown, MMF_USE_MREMAP == 1);
  EXPECT_EQ(std::memcmp(p, "keep", 4), 0);
  unsigned char vec[2] = {};
  // mincore fails with ENOMEM for an unmapped page: only a grown mapping has two.
  EXPECT_EQ(mincore(p, 2 * page, vec) == 0, grown);
  os::unmap(p, grown ? 2 * page : page);
}

// A memfd where memfd_create is used; otherwise a shm_open object whose name
// is gone already. Either way a second mapping of the object shares its
// bytes, and the object can grow (Linux's shm objects, unlike macOS's, can be
// resized more than once; see kCanResizeMemoryObject).
TEST(Platform, AnonymousObjectIsANamelessSharedObject) {
  const uint64_t page = os::page_size();
  os::Handle h = os::kNoHandle;
  ASSERT_EQ(os::create_anonymous_object(page, h), Status::ok);
  const std::string target = fd_target(h);
  if (MMF_USE_MEMFD_CREATE) {
    EXPECT_EQ(target.rfind("/memfd:mmf-anonymous", 0), 0u) << target;
  } else {
    EXPECT_EQ(target.rfind("/dev/shm/mmf-", 0), 0u) << target;
    EXPECT_NE(target.find(" (deleted)"), std::string::npos) << target << ": the name was not removed";
  }
  EXPECT_NE(fcntl(h, F_GETFD) & FD_CLOEXEC, 0);
  ASSERT_EQ(os::truncate_file(h, 2 * page), Status::ok);
  os::MapRequest r;
  r.handle = h;
  r.memory_object = true;
  r.length = 2 * page;
  r.writable = true;
  void* a = nullptr;
  void* b = nullptr;
  ASSERT_EQ(os::map(r, a), Status::ok);
  ASSERT_EQ(os::map(r, b), Status::ok);
  std::memcpy(static_cast<char*>(a) + page, "both", 4);
  EXPECT_EQ(std::memcmp(static_cast<char*>(b) + page, "both", 4), 0);
  os::unmap(a, 2 * page);
  os::unmap(b, 2 * page);
  os::close_handle(h);
}

#if !defined(MMF_ASYMMETRIC_FENCE)
// Without membarrier (MMF_FORCE_FALLBACKS, macOS, FreeBSD) every reader and
// writer runs the symmetric protocol, which the epoch, stress and reader
// tests of such a build then exercise. (With membarrier, the kernel decides
// at run time, so there is nothing fixed to check.)
TEST(Platform, NoMembarrierMeansTheSymmetricProtocol) { EXPECT_FALSE(mmf::core::epoch::asymmetric()); }
#endif

}  // namespace
