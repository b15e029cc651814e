// The extern "C" layer: argument checks, status conversion and the public
// error message. All semantics live in the core (core/src/map.cpp).
#include "mmf.h"

#include <cinttypes>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "direct.hpp"
#include "map.hpp"
#include "mmf_direct.h"
#include "platform.hpp"

using mmf::core::fail;
using mmf::core::Status;

// The core's values are mmf.h's (the contract); the C layer casts between
// them, so any drift must stop the build.
static_assert(
    static_cast<int>(Status::ok) == MMF_OK && static_cast<int>(Status::invalid_argument) == MMF_ERR_INVALID_ARGUMENT &&
    static_cast<int>(Status::closed) == MMF_ERR_CLOSED && static_cast<int>(Status::read_only) == MMF_ERR_READ_ONLY &&
    static_cast<int>(Status::out_of_range) == MMF_ERR_OUT_OF_RANGE && static_cast<int>(Status::busy) == MMF_ERR_BUSY &&
    static_cast<int>(Status::io) == MMF_ERR_IO && static_cast<int>(Status::no_memory) == MMF_ERR_NO_MEMORY &&
    static_cast<int>(Status::unsupported) == MMF_ERR_UNSUPPORTED && static_cast<int>(Status::fault) == MMF_ERR_FAULT);
static_assert(static_cast<int>(mmf::core::Access::default_) == MMF_ACCESS_DEFAULT &&
              static_cast<int>(mmf::core::Access::read) == MMF_ACCESS_READ &&
              static_cast<int>(mmf::core::Access::write) == MMF_ACCESS_WRITE &&
              static_cast<int>(mmf::core::Access::copy) == MMF_ACCESS_COPY);
static_assert(mmf::core::flags::create == MMF_OPEN_CREATE && mmf::core::flags::populate == MMF_OPEN_POPULATE &&
              mmf::core::flags::map_private == MMF_MAP_PRIVATE && mmf::core::flags::exclusive == MMF_OPEN_EXCLUSIVE &&
              mmf::core::flags::nofollow == MMF_OPEN_NOFOLLOW && mmf::core::flags::owner_only == MMF_OPEN_OWNER_ONLY &&
              mmf::core::flags::all == (MMF_OPEN_CREATE | MMF_OPEN_POPULATE | MMF_MAP_PRIVATE | MMF_OPEN_EXCLUSIVE |
                                        MMF_OPEN_NOFOLLOW | MMF_OPEN_OWNER_ONLY));
static_assert(mmf::core::whence::set == MMF_SEEK_SET && mmf::core::whence::cur == MMF_SEEK_CUR &&
              mmf::core::whence::end == MMF_SEEK_END);
static_assert(mmf::core::os::advice::normal == MMF_ADVICE_NORMAL &&
              mmf::core::os::advice::random == MMF_ADVICE_RANDOM &&
              mmf::core::os::advice::sequential == MMF_ADVICE_SEQUENTIAL &&
              mmf::core::os::advice::willneed == MMF_ADVICE_WILLNEED &&
              mmf::core::os::advice::dontneed == MMF_ADVICE_DONTNEED &&
              mmf::core::os::advice::count == MMF_ADVICE_DONTNEED + 1);
static_assert(mmf::core::kPosDefault == MMF_POS_DEFAULT);
static_assert(static_cast<int>(mmf::core::ErrorKind::none) == MMF_KIND_NONE &&
              static_cast<int>(mmf::core::ErrorKind::other) == MMF_KIND_OTHER &&
              static_cast<int>(mmf::core::ErrorKind::not_found) == MMF_KIND_NOT_FOUND &&
              static_cast<int>(mmf::core::ErrorKind::exists) == MMF_KIND_EXISTS &&
              static_cast<int>(mmf::core::ErrorKind::permission) == MMF_KIND_PERMISSION &&
              static_cast<int>(mmf::core::ErrorKind::no_space) == MMF_KIND_NO_SPACE &&
              static_cast<int>(mmf::core::ErrorKind::too_large) == MMF_KIND_TOO_LARGE &&
              static_cast<int>(mmf::core::ErrorKind::loop) == MMF_KIND_LOOP &&
              static_cast<int>(mmf::core::ErrorKind::name_too_long) == MMF_KIND_NAME_TOO_LONG);

struct mmf_map {
  mmf::core::Map map;
};

namespace {

thread_local std::string t_last_error;
thread_local int t_last_os_error = 0;
thread_local mmf_error_kind t_last_kind = MMF_KIND_NONE;

mmf_status to_c(Status s) { return static_cast<mmf_status>(s); }

// Records "call(args): reason" as this thread's last error. Out of line and
// cold: the success path of every call stays a few instructions (no stack
// protector, no spills), and the description is only formatted on failure.
// describe comes by value: a closure of a few scalars travels in registers,
// so the caller need not keep it in memory on its success path.
template <class Describe>
[[gnu::noinline, gnu::cold]] mmf_status failed(Status s, Describe describe) noexcept {
  t_last_os_error = mmf::core::os_error();
  t_last_kind = static_cast<mmf_error_kind>(mmf::core::error_kind());
  try {
    t_last_error = describe();
    t_last_error += ": ";
    t_last_error += mmf::core::detail();
  } catch (...) {
    // No memory for the message: keep the status, which is what matters.
  }
  return to_c(s);
}

[[gnu::noinline, gnu::cold]] Status internal_error() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return fail(Status::no_memory, "out of memory");
  } catch (const std::exception& e) {
    return fail(Status::io, "internal error: %s", e.what());
  } catch (...) {
    return fail(Status::io, "internal error");
  }
}

// Runs op (which returns a core Status), turning exceptions into statuses,
// and on failure records the call and its arguments (failed()).
template <class Op, class Describe>
mmf_status run(Op&& op, Describe describe) noexcept {
  Status s;
  try {
    s = op();
  } catch (...) {
    s = internal_error();
  }
  if (s != Status::ok) [[unlikely]] {
    return failed(s, std::move(describe));
  }
  return MMF_OK;
}

MMF_PRINTF(1, 2) std::string describe(const char* fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return n < 0 ? std::string(fmt) : std::string(buf);
}

Status need(const void* p, const char* name) {
  return p == nullptr ? fail(Status::invalid_argument, "%s is NULL", name) : Status::ok;
}

Status need_buf(const void* p, size_t n, const char* name) {
  return (p == nullptr && n > 0) ? fail(Status::invalid_argument, "%s is NULL but its length is %zu", name, n)
                                 : Status::ok;
}

// The access field as the integer the caller stored. A C caller may store
// any int in an enum; loading an out-of-range value as the C++ enum type is
// undefined, so the bytes are read as the underlying integer instead.
int access_raw(const mmf_options* o) {
  std::underlying_type_t<mmf_access> raw{};
  std::memcpy(&raw, &o->access, sizeof raw);
  return static_cast<int>(raw);
}

// The 1.0 struct ends with `flags`: every caller's struct holds at least
// that much (mmf.h, "How the struct grows").
constexpr size_t kOptionsMinSize = offsetof(mmf_options, flags) + sizeof(mmf_options::flags);

// Reads the caller's options through the caller's `size` only, so that a
// struct from an older header (shorter) is never read past its end and one
// from a newer header (longer) is refused only if it asks for something this
// library cannot do. A field this library knows but the caller's struct does
// not hold keeps its MapOptions default.
Status load_options(const mmf_options* o, mmf::core::MapOptions& out) {
  if (o == nullptr) return Status::ok;
  const uint32_t size = o->size;
  if (size < kOptionsMinSize) {
    return fail(Status::invalid_argument,
                "options->size is %u, smaller than any mmf_options (%zu); initialise with MMF_OPTIONS_INIT", size,
                kOptionsMinSize);
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(o);
  for (size_t i = sizeof(mmf_options); i < size; ++i) {
    if (bytes[i] != 0) {
      return fail(Status::invalid_argument,
                  "options->size is %u and byte %zu is not zero: a field this library version (%s, %zu-byte "
                  "options) does not know",
                  size, i, MMF_VERSION_STRING, sizeof(mmf_options));
    }
  }
  out.access = static_cast<mmf::core::Access>(access_raw(o));
  out.offset = o->offset;
  out.length = o->length;
  out.flags = o->flags;
  return Status::ok;
}

const char* str_or_null(const char* s) { return s == nullptr ? "NULL" : s; }

// A caller's name, quoted and cut short, for messages: it may be anything.
std::string quoted(const char* s) {
  if (s == nullptr) return "NULL";
  std::string q = "\"";
  size_t i = 0;
  for (; s[i] != '\0' && i < 40; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      q += static_cast<char>(c);
    } else {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      q += esc;
    }
  }
  q += s[i] == '\0' ? "\"" : "\"...";
  return q;
}

template <class Open>
Status open_common(mmf_map** out, const mmf_options* o, Open&& open) {
  if (out == nullptr) return fail(Status::invalid_argument, "out is NULL");
  *out = nullptr;
  mmf::core::MapOptions opts;
  if (Status s = load_options(o, opts); s != Status::ok) return s;
  auto* m = new (std::nothrow) mmf_map;
  if (m == nullptr) return fail(Status::no_memory, "out of memory");
  if (Status s = open(m->map, opts); s != Status::ok) {
    delete m;
    return s;
  }
  *out = m;
  return Status::ok;
}

const char* access_str(const mmf_options* o) {
  if (o == nullptr) return "default";
  switch (access_raw(o)) {
    case MMF_ACCESS_DEFAULT:
      return "default";
    case MMF_ACCESS_READ:
      return "read";
    case MMF_ACCESS_WRITE:
      return "write";
    case MMF_ACCESS_COPY:
      return "copy";
    default:
      return "invalid";
  }
}

// The options as the message shows them: a struct too short to hold the 1.0
// fields is described as the defaults, so that the message never reads past
// what the caller declared (load_options has already refused it).
const mmf_options* shown(const mmf_options* o) { return o != nullptr && o->size >= kOptionsMinSize ? o : nullptr; }

#define OPTS_FMT "access=%s, offset=%" PRIu64 ", length=%" PRIu64 ", flags=0x%x"
#define OPTS_ARGS(o)                                                     \
  access_str(shown(o)), shown(o) == nullptr ? uint64_t{0} : (o)->offset, \
      shown(o) == nullptr ? uint64_t{0} : (o)->length, shown(o) == nullptr ? 0u : (o)->flags

}  // namespace

extern "C" {

mmf_status mmf_open(const char* path, const mmf_options* o, mmf_map** out) {
  return run(
      [&] {
        if (out != nullptr) *out = nullptr;
        if (Status s = need(path, "path"); s != Status::ok) return s;
        return open_common(
            out, o, [&](mmf::core::Map& m, const mmf::core::MapOptions& opts) { return m.open_path(path, opts); });
      },
      [=] { return describe("mmf_open(\"%s\", " OPTS_FMT ")", str_or_null(path), OPTS_ARGS(o)); });
}

mmf_status mmf_open_fd(int fd, const mmf_options* o, mmf_map** out) {
  return run(
      [&] {
        return open_common(out, o,
                           [&](mmf::core::Map& m, const mmf::core::MapOptions& opts) { return m.open_fd(fd, opts); });
      },
      [=] { return describe("mmf_open_fd(fd=%d, " OPTS_FMT ")", fd, OPTS_ARGS(o)); });
}

mmf_status mmf_open_anonymous(uint64_t length, const mmf_options* o, mmf_map** out) {
  return run(
      [&] {
        return open_common(out, o, [&](mmf::core::Map& m, const mmf::core::MapOptions& opts) {
          return m.open_anonymous(length, opts);
        });
      },
      [&] { return describe("mmf_open_anonymous(length=%" PRIu64 ", " OPTS_FMT ")", length, OPTS_ARGS(o)); });
}

mmf_status mmf_open_named(const char* name, uint64_t length, const mmf_options* o, mmf_map** out) {
  return run(
      [&] {
        if (out != nullptr) *out = nullptr;
        if (Status s = need(name, "name"); s != Status::ok) return s;
        return open_common(out, o, [&](mmf::core::Map& m, const mmf::core::MapOptions& opts) {
          return m.open_named(name, length, opts);
        });
      },
      [&] {
        return describe("mmf_open_named(%s, length=%" PRIu64 ", " OPTS_FMT ")", quoted(name).c_str(), length,
                        OPTS_ARGS(o));
      });
}

mmf_status mmf_unlink_named(const char* tagname) {
  return run([&] { return mmf::core::unlink_named(tagname); },
             [=] { return describe("mmf_unlink_named(%s)", quoted(tagname).c_str()); });
}

mmf_status mmf_close(mmf_map* m) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        return m->map.close();
      },
      [=] { return describe("mmf_close()"); });
}

int mmf_closed(const mmf_map* m) { return m == nullptr || m->map.closed() ? 1 : 0; }

void mmf_free(mmf_map* m) { delete m; }

mmf_status mmf_read(mmf_map* m, void* buf, size_t cap, size_t* n) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(n, "n"); s != Status::ok) return s;
        if (Status s = need_buf(buf, cap, "buf"); s != Status::ok) return s;
        return m->map.read(buf, cap, *n);
      },
      [=] { return describe("mmf_read(cap=%zu)", cap); });
}

[[gnu::noinline]] static mmf_status read_byte_general(mmf_map* m, uint8_t* out, bool fast_fault) {
  return run(
      [&] {
        if (m == nullptr) return need(m, "m");
        if (fast_fault) return m->map.fault_detail(0, 1);
        if (out == nullptr) return need(out, "out");
        return m->map.read_byte(*out);
      },
      [=] { return describe("mmf_read_byte()"); });
}

// As mmf_read_at: the common case inline, everything else out of line.
mmf_status mmf_read_byte(mmf_map* m, uint8_t* out) {
  bool fast_fault = false;
  if (m != nullptr && out != nullptr) [[likely]] {
    const auto r = m->map.read_byte_fast(*out);
    if (r == mmf::core::Map::FastRead::ok) [[likely]] {
      return MMF_OK;
    }
    fast_fault = r == mmf::core::Map::FastRead::fault;
  }
  return read_byte_general(m, out, fast_fault);
}

mmf_status mmf_readline(mmf_map* m, void* buf, size_t cap, size_t* n) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(n, "n"); s != Status::ok) return s;
        if (Status s = need_buf(buf, cap, "buf"); s != Status::ok) return s;
        return m->map.readline(buf, cap, *n);
      },
      [=] { return describe("mmf_readline(cap=%zu)", cap); });
}

mmf_status mmf_write(mmf_map* m, const void* buf, size_t len) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need_buf(buf, len, "buf"); s != Status::ok) return s;
        return m->map.write(buf, len);
      },
      [=] { return describe("mmf_write(len=%zu)", len); });
}

mmf_status mmf_write_byte(mmf_map* m, uint8_t b) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        return m->map.write_byte(b);
      },
      [=] { return describe("mmf_write_byte(%u)", static_cast<unsigned>(b)); });
}

mmf_status mmf_seek(mmf_map* m, int64_t off, int whence, uint64_t* new_pos) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        uint64_t pos = 0;
        Status s = m->map.seek(off, whence, pos);
        if (s == Status::ok && new_pos != nullptr) *new_pos = pos;
        return s;
      },
      [=] { return describe("mmf_seek(off=%" PRId64 ", whence=%d)", off, whence); });
}

mmf_status mmf_tell(mmf_map* m, uint64_t* pos) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(pos, "pos"); s != Status::ok) return s;
        return m->map.tell(*pos);
      },
      [=] { return describe("mmf_tell()"); });
}

// The general path of mmf_read_at: argument errors, collisions, failures.
// fast_fault: the fast path already found (and recorded) vanished pages.
[[gnu::noinline]] static mmf_status read_at_general(mmf_map* m, uint64_t pos, void* buf, size_t cap, size_t* n,
                                                    bool fast_fault) {
  return run(
      [&] {
        if (m == nullptr) return need(m, "m");
        if (fast_fault) return m->map.fault_detail(pos, cap);
        if (n == nullptr) return need(n, "n");
        if (Status s = need_buf(buf, cap, "buf"); s != Status::ok) return s;
        return m->map.read_at(pos, buf, cap, *n);
      },
      [=] { return describe("mmf_read_at(pos=%" PRIu64 ", cap=%zu)", pos, cap); });
}

// The hottest call of the API: its common case is inline here, and nothing
// else (no frame to save, no exception scope) stands around it.
// Reads of other lengths than 8: the general fast path, then the general
// path. Out of line, so that mmf_read_at's own frame is the 8-byte path's.
[[gnu::noinline]] static mmf_status read_at_any(mmf_map* m, uint64_t pos, void* buf, size_t cap, size_t* n) {
  using FastRead = mmf::core::Map::FastRead;
  const FastRead r = m->map.read_at_fast(pos, buf, cap, *n);
  if (r == FastRead::ok) [[likely]] {
    return MMF_OK;
  }
  return read_at_general(m, pos, buf, cap, n, r == FastRead::fault);
}

// Eight bytes (every binding's typed 64-bit reads) take a copy of the fast
// path with the width a constant, inline here; every other way out is a
// tail call, so the 8-byte path saves no register and sets up no frame.
mmf_status mmf_read_at(mmf_map* m, uint64_t pos, void* buf, size_t cap, size_t* n) {
  using FastRead = mmf::core::Map::FastRead;
  // The three null tests as one branch: p - 1 has its top bit set for null
  // (and for no user-space address, which would only take the general path,
  // where each argument is tested properly). Measured: about 2 ns per call
  // in the random-read loop against three tests, which the compiler merges
  // with setcc.
  const auto wraps = [](const void* p) { return reinterpret_cast<uintptr_t>(p) - 1; };
  if (((wraps(m) | wraps(n) | wraps(buf)) >> 63) != 0) [[unlikely]] {
    return read_at_general(m, pos, buf, cap, n, false);
  }
  if (cap != 8) {
    return read_at_any(m, pos, buf, cap, n);
  }
  const FastRead r = m->map.read_at_fast_exact<8>(pos, buf, *n);
  if (r == FastRead::ok) [[likely]] {
    return MMF_OK;
  }
  return read_at_general(m, pos, buf, 8, n, r == FastRead::fault);
}

mmf_status mmf_write_at(mmf_map* m, uint64_t pos, const void* buf, size_t len) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need_buf(buf, len, "buf"); s != Status::ok) return s;
        return m->map.write_at(pos, buf, len);
      },
      [=] { return describe("mmf_write_at(pos=%" PRIu64 ", len=%zu)", pos, len); });
}

static mmf_status find_common(const char* name, mmf_map* m, const void* sub, size_t len, int64_t start, int64_t end,
                              int64_t* found, bool reverse) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(found, "found"); s != Status::ok) return s;
        if (Status s = need_buf(sub, len, "sub"); s != Status::ok) return s;
        return m->map.find(sub, len, start, end, reverse, *found);
      },
      [=] { return describe("%s(len=%zu, start=%" PRId64 ", end=%" PRId64 ")", name, len, start, end); });
}

mmf_status mmf_find(mmf_map* m, const void* sub, size_t len, int64_t start, int64_t end, int64_t* found) {
  return find_common("mmf_find", m, sub, len, start, end, found, false);
}

mmf_status mmf_rfind(mmf_map* m, const void* sub, size_t len, int64_t start, int64_t end, int64_t* found) {
  return find_common("mmf_rfind", m, sub, len, start, end, found, true);
}

mmf_status mmf_move(mmf_map* m, uint64_t dest, uint64_t src, uint64_t count) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        return m->map.move(dest, src, count);
      },
      [=] { return describe("mmf_move(dest=%" PRIu64 ", src=%" PRIu64 ", count=%" PRIu64 ")", dest, src, count); });
}

mmf_status mmf_flush(mmf_map* m, uint64_t offset, uint64_t size, uint32_t flags) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if ((flags & ~MMF_FLUSH_ASYNC) != 0) return fail(Status::invalid_argument, "unknown flags 0x%x", flags);
        return m->map.flush(offset, size, (flags & MMF_FLUSH_ASYNC) != 0);
      },
      [=] { return describe("mmf_flush(offset=%" PRIu64 ", size=%" PRIu64 ", flags=0x%x)", offset, size, flags); });
}

mmf_status mmf_resize(mmf_map* m, uint64_t new_length) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        return m->map.resize(new_length);
      },
      [=] { return describe("mmf_resize(new_length=%" PRIu64 ")", new_length); });
}

mmf_status mmf_access_of(mmf_map* m, mmf_access* access) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(access, "access"); s != Status::ok) return s;
        mmf::core::Access a{};
        if (Status s = m->map.access(a); s != Status::ok) return s;
        *access = static_cast<mmf_access>(a);
        return Status::ok;
      },
      [&] { return describe("mmf_access_of()"); });
}

mmf_status mmf_length(mmf_map* m, uint64_t* len) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(len, "len"); s != Status::ok) return s;
        return m->map.length(*len);
      },
      [=] { return describe("mmf_length()"); });
}

mmf_status mmf_size(mmf_map* m, uint64_t* size) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(size, "size"); s != Status::ok) return s;
        return m->map.size(*size);
      },
      [=] { return describe("mmf_size()"); });
}

mmf_status mmf_madvise(mmf_map* m, int advice, uint64_t start, uint64_t len) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        return m->map.madvise(advice, start, len);
      },
      [=] { return describe("mmf_madvise(advice=%d, start=%" PRIu64 ", len=%" PRIu64 ")", advice, start, len); });
}

mmf_status mmf_buffer_acquire(mmf_map* m, void** data, uint64_t* len) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        if (Status s = need(data, "data"); s != Status::ok) return s;
        if (Status s = need(len, "len"); s != Status::ok) return s;
        return m->map.buffer_acquire(*data, *len);
      },
      [=] { return describe("mmf_buffer_acquire()"); });
}

mmf_status mmf_buffer_release(mmf_map* m) {
  return run(
      [&] {
        if (Status s = need(m, "m"); s != Status::ok) return s;
        return m->map.buffer_release();
      },
      [=] { return describe("mmf_buffer_release()"); });
}

mmf_status mmf_direct_layout_of(mmf_map* m, mmf_direct_layout* out) {
  return run(
      [&] {
        if (Status s = need(m, "map"); s != Status::ok) return s;
        if (Status s = need(out, "out"); s != Status::ok) return s;
        using mmf::core::DirectBlock;
        using mmf::core::epoch::Slot;
        // Every field of version 1 must fit: a smaller struct is no layout.
        constexpr size_t kV1 = offsetof(mmf_direct_layout, slot_view_offset) + sizeof(size_t);
        if (out->size < kV1) {
          return fail(Status::invalid_argument, "out->size is %zu; version %d of the layout needs %zu", out->size,
                      MMF_DIRECT_VERSION, kV1);
        }
        if (m->map.closed()) return fail(Status::closed, "the map is closed");
        if (!mmf::core::direct::available()) {
          return fail(Status::unsupported,
                      "direct reads are not available here (they need Linux's membarrier); use mmf_read_at()");
        }
        const mmf::core::direct::Layout l = mmf::core::direct::layout_of(m->map);
        static_assert(sizeof(std::atomic<uint64_t>) == 8 && sizeof(std::atomic<uint32_t>) == 4 &&
                      sizeof(std::atomic<const void*>) == sizeof(void*));
        out->version = MMF_DIRECT_VERSION;
        out->epoch = reinterpret_cast<const volatile uint64_t*>(l.epoch);
        out->block = l.block;
        out->block_size = sizeof(DirectBlock);
        out->seq_offset = offsetof(DirectBlock, seq);
        out->view_offset = offsetof(DirectBlock, view);
        out->data_offset = offsetof(DirectBlock, data);
        out->length_offset = offsetof(DirectBlock, length);
        out->slot_size = sizeof(Slot);
        out->slot_active_offset = offsetof(Slot, active);
        out->slot_view_offset = offsetof(Slot, view);
        return Status::ok;
      },
      [=] { return describe("mmf_direct_layout_of()"); });
}

mmf_status mmf_direct_add_load(const void* pc) {
  return run(
      [&] {
        if (Status s = need(pc, "pc"); s != Status::ok) return s;
        return mmf::core::direct::add_load_site(pc);
      },
      [=] { return describe("mmf_direct_add_load(pc=%p)", pc); });
}

void* mmf_direct_slot_claim(void) { return mmf::core::direct::claim(); }

void mmf_direct_slot_release(void* slot) { mmf::core::direct::release(static_cast<mmf::core::epoch::Slot*>(slot)); }

uint64_t mmf_page_size(void) { return mmf::core::os::page_size(); }

uint64_t mmf_allocation_granularity(void) { return mmf::core::os::allocation_granularity(); }

const char* mmf_strerror(mmf_status s) {
  switch (s) {
    case MMF_OK:
      return "MMF_OK: success";
    case MMF_ERR_INVALID_ARGUMENT:
      return "MMF_ERR_INVALID_ARGUMENT: invalid argument";
    case MMF_ERR_CLOSED:
      return "MMF_ERR_CLOSED: map is closed";
    case MMF_ERR_READ_ONLY:
      return "MMF_ERR_READ_ONLY: map is read-only or cannot be resized";
    case MMF_ERR_OUT_OF_RANGE:
      return "MMF_ERR_OUT_OF_RANGE: position or range out of range";
    case MMF_ERR_BUSY:
      return "MMF_ERR_BUSY: map is pinned by an acquired buffer";
    case MMF_ERR_IO:
      return "MMF_ERR_IO: operating system error";
    case MMF_ERR_NO_MEMORY:
      return "MMF_ERR_NO_MEMORY: out of memory or address space";
    case MMF_ERR_UNSUPPORTED:
      return "MMF_ERR_UNSUPPORTED: not supported";
    case MMF_ERR_FAULT:
      return "MMF_ERR_FAULT: mapped pages vanished (file truncated)";
  }
  return "unknown status";
}

const char* mmf_last_error(void) { return t_last_error.c_str(); }

int mmf_last_os_error(void) { return t_last_os_error; }

mmf_error_kind mmf_last_error_kind(void) { return t_last_kind; }

const char* mmf_version(void) { return MMF_VERSION_STRING; }

}  // extern "C"
