// hpp_test.cpp - GoogleTest suite for the C++ wrapper mmf.hpp: RAII, move
// semantics, exceptions carrying status and message, the buffer guard.
// Also built for Windows (under Wine); what is POSIX-only is marked with
// #ifndef _WIN32 and its reason.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#ifdef _WIN32
#include <io.h>
#include <process.h>
#define getpid _getpid
#else
#include <unistd.h>
#endif

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <mmf.hpp>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "test_files.hpp"

namespace {

namespace fs = std::filesystem;
using mmf_test::make_temp_dir;
using mmf_test::pread_all;
using mmf_test::write_file;

static_assert(!std::is_copy_constructible_v<mmf::map>);
static_assert(!std::is_copy_assignable_v<mmf::map>);
static_assert(std::is_nothrow_move_constructible_v<mmf::map>);
static_assert(std::is_nothrow_move_assignable_v<mmf::map>);
static_assert(std::is_nothrow_destructible_v<mmf::map>);
static_assert(!std::is_copy_constructible_v<mmf::buffer>);
static_assert(std::is_nothrow_move_constructible_v<mmf::buffer>);
static_assert(std::is_base_of_v<std::runtime_error, mmf::error>);

std::vector<std::byte> bytes(std::string_view s) {
  std::vector<std::byte> out(s.size());
  std::memcpy(out.data(), s.data(), s.size());
  return out;
}

std::string text(const std::vector<std::byte>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

// Expect `stmt` to throw mmf::error with status `st` and a message that
// starts with `fn(`.
#define EXPECT_MMF_ERROR(stmt, st, fn)                                                    \
  do {                                                                                    \
    try {                                                                                 \
      stmt;                                                                               \
      ADD_FAILURE() << #stmt << " did not throw";                                         \
    } catch (const mmf::error& e_) {                                                      \
      EXPECT_EQ(e_.status(), (st)) << e_.what();                                          \
      EXPECT_EQ(std::string(e_.what()).rfind(std::string(fn) + "(", 0), 0u) << e_.what(); \
    }                                                                                     \
  } while (0)

class Hpp : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("mmf-hpp-");
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

TEST_F(Hpp, OpenOverloadsAndOptions) {
  write_file(path("a"), "Hello Python!\n");
  const std::string p = path("a");
  {
    mmf::map m = mmf::map::open(p.c_str());
    EXPECT_EQ(m.length(), 14u);
    EXPECT_FALSE(m.closed());
  }
  {
    mmf::map m = mmf::map::open(std::string_view(p));
    EXPECT_EQ(m.size(), 14u);
  }
  {
    mmf::map m = mmf::map::open(p);  // std::string -> string_view overload
    EXPECT_EQ(m.read_string(5), "Hello");
  }
  {
    mmf::options o;
    o.access = MMF_ACCESS_READ;
    o.offset = 6;
    o.length = 6;
    mmf::map m = mmf::map::open(p, o);
    EXPECT_EQ(m.read_string(), "Python");
    EXPECT_MMF_ERROR(m.write("x"), MMF_ERR_READ_ONLY, "mmf_write");
  }
  {
    mmf::options o;
    o.flags = MMF_OPEN_CREATE;
    o.length = 10;
    mmf::map m = mmf::map::open(path("new"), o);
    EXPECT_EQ(m.length(), 10u);
  }
  EXPECT_EQ(fs::file_size(path("new")), 10u);
}

TEST_F(Hpp, OptionsToC) {
  mmf::options o;
  o.access = MMF_ACCESS_COPY;
  o.offset = 3;
  o.length = 7;
  o.flags = MMF_OPEN_POPULATE;
  const mmf_options c = o.to_c();
  EXPECT_EQ(c.size, sizeof(mmf_options));
  EXPECT_EQ(c.access, MMF_ACCESS_COPY);
  EXPECT_EQ(c.offset, 3u);
  EXPECT_EQ(c.length, 7u);
  EXPECT_EQ(c.flags, MMF_OPEN_POPULATE);
}

TEST_F(Hpp, OpenFdAndAnonymous) {
  write_file(path("a"), "abc");
  const int fd = ::open(path("a").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  mmf::map m = mmf::map::open_fd(fd);
  ::close(fd);
  m.write_at(0, "X");
  EXPECT_EQ(pread_all(path("a")), "Xbc");

  mmf::map a = mmf::map::anonymous(8);
  EXPECT_EQ(a.length(), 8u);
  EXPECT_EQ(a.read(), std::vector<std::byte>(8));
  EXPECT_MMF_ERROR((void)mmf::map::anonymous(0), MMF_ERR_INVALID_ARGUMENT, "mmf_open_anonymous");
  EXPECT_MMF_ERROR((void)mmf::map::open_fd(-1), MMF_ERR_INVALID_ARGUMENT, "mmf_open_fd");
}

TEST_F(Hpp, ErrorsCarryStatusAndMessage) {
  try {
    (void)mmf::map::open(path("missing"));
    FAIL() << "no exception";
  } catch (const mmf::error& e) {
    EXPECT_EQ(e.status(), MMF_ERR_IO);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("mmf_open(", 0), 0u) << what;
#ifdef _WIN32  // the FormatMessage text and GetLastError()'s ERROR_FILE_NOT_FOUND
    EXPECT_NE(what.find("(Windows error 2)"), std::string::npos) << what;
#else
    EXPECT_NE(what.find(std::strerror(ENOENT)), std::string::npos) << what;
#endif
    // what() is a copy: later failures do not change it
    EXPECT_NE(::mmf_tell(nullptr, nullptr), MMF_OK);
    EXPECT_EQ(std::string(e.what()), what);
  }
  mmf::map m = mmf::map::anonymous(14);
  try {
    (void)m.read_at(20, 4);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {  // catchable as the base class
    const auto* me = dynamic_cast<const mmf::error*>(&e);
    ASSERT_NE(me, nullptr);
    EXPECT_EQ(me->status(), MMF_ERR_OUT_OF_RANGE);
    EXPECT_EQ(std::string(e.what()).rfind("mmf_read_at(", 0), 0u) << e.what();
  }
  // a library error without a message falls back to mmf_strerror
  const mmf::error synthetic(MMF_ERR_BUSY, "");
  EXPECT_STREQ(synthetic.what(), ::mmf_strerror(MMF_ERR_BUSY));
}

TEST_F(Hpp, ReadWriteCursor) {
  write_file(path("a"), "one\ntwo\nlast");
  mmf::map m = mmf::map::open(path("a"));
  EXPECT_EQ(m.readline_string(), "one\n");
  EXPECT_EQ(m.tell(), 4u);
  EXPECT_EQ(text(m.readline()), "two\n");
  EXPECT_EQ(m.readline_string(), "last");
  EXPECT_EQ(m.readline_string(), "");
  EXPECT_EQ(m.read(), std::vector<std::byte>{});
  EXPECT_MMF_ERROR((void)m.read_byte(), MMF_ERR_OUT_OF_RANGE, "mmf_read_byte");
  EXPECT_EQ(m.seek(0), 0u);
  EXPECT_EQ(m.read_byte(), std::byte{'o'});
  EXPECT_EQ(m.seek(-4, MMF_SEEK_END), 8u);
  EXPECT_EQ(m.read_string(2), "la");
  EXPECT_EQ(m.seek(-2, MMF_SEEK_CUR), 8u);
  EXPECT_EQ(text(m.read(100)), "last");  // clamps, no huge allocation
  EXPECT_EQ(m.read(std::numeric_limits<std::size_t>::max()).size(), 0u);
  m.seek(0);
  std::vector<std::byte> buf(3);
  EXPECT_EQ(m.read(std::span<std::byte>(buf)), 3u);
  EXPECT_EQ(text(buf), "one");
  EXPECT_EQ(m.tell(), 3u);

  m.seek(0);
  m.write("ONE");
  m.write(bytes("!"));
  m.write_byte(std::byte{'T'});
  EXPECT_EQ(m.tell(), 5u);
  EXPECT_EQ(m.read_string_at(0, 100), "ONE!Two\nlast");
  EXPECT_EQ(text(m.read_at(4, 3)), "Two");
  std::vector<std::byte> two(3);
  EXPECT_EQ(m.read_at(4, std::span<std::byte>(two)), 3u);
  EXPECT_EQ(m.read_at(12, 5).size(), 0u);
  EXPECT_MMF_ERROR((void)m.read_at(13, 1), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  EXPECT_MMF_ERROR((void)m.read_string_at(13, 1), MMF_ERR_OUT_OF_RANGE, "mmf_read_at");
  m.write_at(8, "LAST");
  m.write_at(0, bytes("o"));
  EXPECT_MMF_ERROR(m.write_at(10, "xyz"), MMF_ERR_OUT_OF_RANGE, "mmf_write_at");
  m.seek(10);
  EXPECT_MMF_ERROR(m.write("xyz"), MMF_ERR_OUT_OF_RANGE, "mmf_write");
  EXPECT_EQ(m.tell(), 10u);
  m.move(0, 8, 4);
  EXPECT_EQ(m.read_string_at(0, 100), "LASTTwo\nLAST");
  EXPECT_EQ(m.tell(), 10u);
  m.flush();
  m.flush(0, 4, MMF_FLUSH_ASYNC);
  EXPECT_EQ(pread_all(path("a")), "LASTTwo\nLAST");
  EXPECT_MMF_ERROR(m.seek(-1), MMF_ERR_OUT_OF_RANGE, "mmf_seek");
}

TEST_F(Hpp, LongReadlineAcrossChunks) {
  const std::string line(100000, 'x');
  write_file(path("a"), line + "\nnext\n");
  mmf::map m = mmf::map::open(path("a"));
  EXPECT_EQ(m.readline_string(), line + "\n");
  EXPECT_EQ(m.readline_string(), "next\n");
  EXPECT_EQ(m.readline_string(), "");
  // exactly at a chunk boundary (256), with and without a newline
  write_file(path("b"), std::string(255, 'y') + "\n" + std::string(256, 'z'));
  mmf::map b = mmf::map::open(path("b"));
  EXPECT_EQ(b.readline_string(), std::string(255, 'y') + "\n");
  EXPECT_EQ(text(b.readline()), std::string(256, 'z'));
  EXPECT_EQ(b.readline().size(), 0u);
}

TEST_F(Hpp, FindReturnsOptional) {
  mmf::map m = mmf::map::anonymous(6);
  m.write("abcabc");
  m.seek(0);
  EXPECT_EQ(m.find("c"), std::optional<std::uint64_t>(2));
  EXPECT_EQ(m.rfind("a"), std::optional<std::uint64_t>(3));
  EXPECT_EQ(m.find("zz"), std::nullopt);
  EXPECT_EQ(m.find("a", 1), std::optional<std::uint64_t>(3));
  EXPECT_EQ(m.find("a", 1, 3), std::nullopt);
  EXPECT_EQ(m.find(bytes("bc"), -3), std::optional<std::uint64_t>(4));
  EXPECT_EQ(m.rfind(bytes("bc"), std::nullopt, -1), std::optional<std::uint64_t>(1));
  m.seek(4);
  EXPECT_EQ(m.find("a"), std::nullopt) << "start defaults to the cursor";
  EXPECT_EQ(m.rfind("a"), std::nullopt);
  EXPECT_EQ(m.find(""), std::optional<std::uint64_t>(4));
}

TEST_F(Hpp, MoveSemantics) {
  mmf::map a = mmf::map::anonymous(4);
  a.write("abcd");
  mmf_map* h = a.native_handle();
  mmf::map b = std::move(a);
  EXPECT_EQ(b.native_handle(), h);
  EXPECT_EQ(a.native_handle(), nullptr);  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(a.closed());                // NOLINT(bugprone-use-after-move)
  EXPECT_MMF_ERROR((void)a.length(), MMF_ERR_INVALID_ARGUMENT, "mmf_length");
  EXPECT_EQ(b.read_string_at(0, 4), "abcd");

  mmf::map c = mmf::map::anonymous(2);
  c = std::move(b);  // frees c's old map
  EXPECT_EQ(c.native_handle(), h);
  EXPECT_EQ(c.length(), 4u);
  mmf::map& alias = c;
  c = std::move(alias);  // self-move keeps the map
  EXPECT_EQ(c.native_handle(), h);
  EXPECT_EQ(c.length(), 4u);

  std::vector<mmf::map> maps;
  for (int i = 0; i < 10; ++i) {
    maps.push_back(mmf::map::anonymous(1 + static_cast<std::uint64_t>(i)));
  }
  EXPECT_EQ(maps[9].length(), 10u);

  mmf_map* raw = c.release();
  EXPECT_EQ(raw, h);
  EXPECT_TRUE(c.closed());
  mmf::map d(raw);  // adopt it back
  EXPECT_EQ(d.length(), 4u);
}

TEST_F(Hpp, DestructorClosesTheFile) {
  write_file(path("a"), "abc");
  {
    mmf::map m = mmf::map::open(path("a"));
    m.write_at(0, "X");
  }  // mmf_free: closed, descriptor released, shared data reaches the file
  EXPECT_EQ(pread_all(path("a")), "Xbc");
#ifndef _WIN32  // the descriptors of the process, in /proc/self/fd
  std::size_t fds = 0;
  for (const auto& e : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    if (fs::read_symlink(e.path(), ec) == fs::canonical(path("a"))) {
      ++fds;
    }
  }
  EXPECT_EQ(fds, 0u);
#endif
}

TEST_F(Hpp, CloseAndClosed) {
  mmf::map m = mmf::map::anonymous(4);
  m.close();
  EXPECT_TRUE(m.closed());
  m.close();  // idempotent
  EXPECT_MMF_ERROR((void)m.read(), MMF_ERR_CLOSED, "mmf_read");
  EXPECT_MMF_ERROR((void)m.readline(), MMF_ERR_CLOSED, "mmf_readline");
  EXPECT_MMF_ERROR((void)m.read_at(0, 1), MMF_ERR_CLOSED, "mmf_read_at");
  EXPECT_MMF_ERROR((void)m.tell(), MMF_ERR_CLOSED, "mmf_tell");
  EXPECT_MMF_ERROR(m.write("x"), MMF_ERR_CLOSED, "mmf_write");
  EXPECT_MMF_ERROR((void)m.find("x"), MMF_ERR_CLOSED, "mmf_find");
  EXPECT_MMF_ERROR(m.resize(8), MMF_ERR_CLOSED, "mmf_resize");
  EXPECT_MMF_ERROR(m.flush(), MMF_ERR_CLOSED, "mmf_flush");
  EXPECT_MMF_ERROR(m.madvise(MMF_ADVICE_NORMAL), MMF_ERR_CLOSED, "mmf_madvise");
  EXPECT_MMF_ERROR(mmf::buffer{m}, MMF_ERR_CLOSED, "mmf_buffer_acquire");
}

TEST_F(Hpp, BufferGuard) {
  write_file(path("a"), "abcdef");
  mmf::map m = mmf::map::open(path("a"));
  {
    mmf::buffer b(m);
    EXPECT_TRUE(b.active());
    ASSERT_EQ(b.size(), 6u);
    std::span<std::byte> s = b;  // implicit conversion
    EXPECT_EQ(s.size(), 6u);
    b.span()[0] = std::byte{'A'};
    EXPECT_EQ(static_cast<char>(b.data()[1]), 'b');
    {
      mmf::buffer nested(m);
      EXPECT_EQ(nested.data(), b.data());
      EXPECT_MMF_ERROR(m.close(), MMF_ERR_BUSY, "mmf_close");
    }
    EXPECT_MMF_ERROR(m.resize(12), MMF_ERR_BUSY, "mmf_resize");  // outer still held
    EXPECT_FALSE(m.closed());
  }  // released
  m.resize(12);
  EXPECT_EQ(m.read_string_at(0, 6), "Abcdef");
  EXPECT_EQ(pread_all(path("a")).substr(0, 6), "Abcdef");

  // moving a guard moves the acquisition; release() reports errors
  mmf::buffer b1(m);
  mmf::buffer b2 = std::move(b1);
  EXPECT_FALSE(b1.active());  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(b2.active());
  EXPECT_MMF_ERROR(m.close(), MMF_ERR_BUSY, "mmf_close");
  b2.release();
  EXPECT_FALSE(b2.active());
  EXPECT_EQ(b2.data(), nullptr);
  EXPECT_EQ(b2.size(), 0u);
  b2.release();  // no-op once empty
  mmf::buffer b3(m);
  b3 = mmf::buffer(m);  // move-assign releases b3's first acquisition
  mmf::buffer& b3_alias = b3;
  b3 = std::move(b3_alias);  // self-move keeps the acquisition
  EXPECT_TRUE(b3.active());
  b3.release();
  m.close();  // nothing is held any more
  EXPECT_TRUE(m.closed());
}

TEST_F(Hpp, BufferSurvivesMapMove) {
  mmf::map m = mmf::map::anonymous(4);
  mmf::buffer b(m);
  mmf::map moved = std::move(m);  // the handle, not the object, is pinned
  EXPECT_MMF_ERROR(moved.close(), MMF_ERR_BUSY, "mmf_close");
  b.release();
  moved.close();
}

TEST_F(Hpp, ResizeLengthSizeMadvise) {
  write_file(path("a"), "abc");
  mmf::map m = mmf::map::open(path("a"));
  m.seek(3);
  m.resize(10);
  EXPECT_EQ(m.length(), 10u);
  EXPECT_EQ(m.size(), 10u);
  EXPECT_EQ(fs::file_size(path("a")), 10u);
  m.resize(1);
  EXPECT_EQ(m.tell(), 3u);
  EXPECT_EQ(m.read().size(), 0u);
  EXPECT_EQ(m.readline().size(), 0u);
  m.madvise(MMF_ADVICE_WILLNEED);
#ifdef _WIN32  // mmf.h: RANDOM has no Windows equivalent
  EXPECT_MMF_ERROR(m.madvise(MMF_ADVICE_RANDOM, 0, 1), MMF_ERR_UNSUPPORTED, "mmf_madvise");
#else
  m.madvise(MMF_ADVICE_RANDOM, 0, 1);
#endif
  EXPECT_MMF_ERROR(m.madvise(1234), MMF_ERR_INVALID_ARGUMENT, "mmf_madvise");
  EXPECT_MMF_ERROR(m.flush(0, 0, 99), MMF_ERR_INVALID_ARGUMENT, "mmf_flush");
}

TEST(HppGlobals, FreeFunctions) {
  EXPECT_EQ(mmf::version(), MMF_VERSION_STRING);
  EXPECT_EQ(mmf::page_size() & (mmf::page_size() - 1), 0u);
  EXPECT_GT(mmf::allocation_granularity(), 0u);
  EXPECT_EQ(mmf::strerror(MMF_ERR_CLOSED).rfind("MMF_ERR_CLOSED", 0), 0u);
}

}  // namespace

// Named maps through the wrapper: two handles on one name share bytes, the
// exclusive flag refuses an existing name, and unlink lets a fresh object be
// made under the same name.
TEST(HppNamed, CreateOpenShareAndUnlink) {
  const std::string name = "mmf-hpp-" + std::to_string(::getpid());
  mmf::map::unlink_named(name);
  auto a = mmf::map::named(name, 100);
  auto b = mmf::map::named(name, 0);  // open only, whole object
  EXPECT_GE(b.length(), 100u);
  a.write_at(7, std::string_view("shared"));
  EXPECT_EQ(b.read_string_at(7, 6), "shared");
  mmf::options excl;
  excl.flags = MMF_OPEN_EXCLUSIVE;
  try {
    (void)mmf::map::named(name, 100, excl);
    FAIL() << "an exclusive create of an existing name succeeded";
  } catch (const mmf::error& e) {
    EXPECT_EQ(e.status(), MMF_ERR_IO);
  }
  mmf::map::unlink_named(name);
#ifndef _WIN32                                // Windows cannot remove a name while maps of it are open (mmf.h)
  auto c = mmf::map::named(name, 100, excl);  // a new, zeroed object
  EXPECT_EQ(c.read_string_at(7, 6), std::string(6, '\0'));
  EXPECT_EQ(a.read_string_at(7, 6), "shared");  // the old one lives on in its maps
  mmf::map::unlink_named(name);
#endif
  EXPECT_THROW(mmf::map::named("bad/name", 10), mmf::error);
}
