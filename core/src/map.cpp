#include "map.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstring>
#include <limits>
#include <utility>

#include "access.hpp"
#include "fault_guard.hpp"
#include "search.hpp"
#include "search_parallel.hpp"

namespace mmf::core {
namespace {

constexpr uint64_t kMaxExtent = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// Python's slice rule for find/rfind bounds: omitted -> default, negative ->
// from the end, then clamp into [0, len].
uint64_t clamp_bound(int64_t v, uint64_t dflt, uint64_t len) {
  if (v == kPosDefault) return std::min(dflt, len);
  if (v < 0) {
    // -v cannot overflow: v > INT64_MIN here.
    auto back = static_cast<uint64_t>(-v);
    return back >= len ? 0 : len - back;
  }
  return std::min(static_cast<uint64_t>(v), len);
}

const char* access_name(Access a) {
  switch (a) {
    case Access::read:
      return "ACCESS_READ";
    case Access::copy:
      return "ACCESS_COPY";
    default:
      return "ACCESS_WRITE";
  }
}

Status resolve_access(const MapOptions& o, Access& out) {
  if ((o.flags & ~flags::all) != 0) return fail(Status::invalid_argument, "unknown flags 0x%x", o.flags & ~flags::all);
  bool priv = (o.flags & flags::map_private) != 0;
  switch (o.access) {
    case Access::default_:
      out = priv ? Access::copy : Access::write;
      return Status::ok;
    case Access::read:
    case Access::write:
    case Access::copy:
      if (priv) return fail(Status::invalid_argument, "MMF_MAP_PRIVATE cannot be combined with an explicit access");
      out = o.access;
      return Status::ok;
  }
  return fail(Status::invalid_argument, "unknown access %d", static_cast<int>(o.access));
}

bool tagname_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

}  // namespace

Status validate_tagname(const char* name) {
  if (name == nullptr) return fail(Status::invalid_argument, "tagname is NULL");
  size_t n = 0;
  for (; name[n] != '\0'; ++n) {
    if (n >= kMaxTagname) {
      return fail(Status::invalid_argument, "tagname is longer than %zu bytes", kMaxTagname);
    }
    if (!tagname_char(name[n])) {
      return fail(Status::invalid_argument,
                  "tagname \"%.31s\" has byte 0x%02x at %zu: only A-Z a-z 0-9 . _ - are portable", name,
                  static_cast<unsigned>(static_cast<unsigned char>(name[n])), n);
    }
  }
  if (n == 0) return fail(Status::invalid_argument, "tagname is empty");
  if (name[0] == '.' || name[0] == '-') {
    return fail(Status::invalid_argument, "tagname \"%s\" starts with '%c'", name, name[0]);
  }
  return Status::ok;
}

Status unlink_named(const char* name) {
  if (Status s = validate_tagname(name); s != Status::ok) return s;
  return os::unlink_named(name);
}

Map::~Map() {
  // close() refuses while buffers are out; destruction (mmf_free) may not.
  if (!closed()) {
    os::unmap(base_, delta_ + length_);
    release_reservation();
    os::close_handle(handle_);
  }
}

Status Map::open_path(const char* path, const MapOptions& o) {
  Access access{};
  if (Status s = resolve_access(o, access); s != Status::ok) return s;
  bool create = (o.flags & flags::create) != 0;
  bool exclusive = (o.flags & flags::exclusive) != 0;
  bool owner_only = (o.flags & flags::owner_only) != 0;
  if ((exclusive || owner_only) && !create) {
    return fail(Status::invalid_argument, "MMF_OPEN_EXCLUSIVE and MMF_OPEN_OWNER_ONLY require MMF_OPEN_CREATE");
  }
  // Creating or extending the file is a write to it, whatever the access.
  os::OpenFlags of{.write = access == Access::write || create,
                   .create = create,
                   .exclusive = exclusive,
                   .nofollow = (o.flags & flags::nofollow) != 0,
                   .owner_only = owner_only};
  // Check what can be checked without the file first, so that a bad request
  // does not create one.
  if (o.offset > kMaxExtent || o.length > kMaxExtent - o.offset) {
    return fail(Status::out_of_range, "offset %" PRIu64 " + length %" PRIu64 " exceeds INT64_MAX", o.offset, o.length);
  }
  os::Handle h = os::kNoHandle;
  bool created = false;
  if (Status s = os::open_file(path, of, h, created); s != Status::ok) return s;
  Status s = open_handle(h, access, o, false);
  if (s != Status::ok && created) os::remove_file(path);
  return s;
}

Status Map::open_fd(int fd, const MapOptions& o) {
  if (fd < 0) return fail(Status::invalid_argument, "negative file descriptor (use mmf_open_anonymous)");
  if ((o.flags & flags::path_only) != 0) {
    return fail(Status::invalid_argument, "MMF_OPEN_CREATE, _EXCLUSIVE, _NOFOLLOW and _OWNER_ONLY need a path");
  }
  Access access{};
  if (Status s = resolve_access(o, access); s != Status::ok) return s;
  os::Handle h = os::kNoHandle;
  if (Status s = os::duplicate_fd(fd, h); s != Status::ok) return s;
  return open_handle(h, access, o, false);
}

Status Map::open_anonymous(uint64_t length, const MapOptions& o) {
  Access access{};
  if (Status s = resolve_access(o, access); s != Status::ok) return s;
  if ((o.flags & flags::path_only) != 0) {
    return fail(Status::invalid_argument, "MMF_OPEN_CREATE, _EXCLUSIVE, _NOFOLLOW and _OWNER_ONLY need a path");
  }
  if (o.offset != 0) {
    return fail(Status::invalid_argument, "an anonymous map has no offset (got %" PRIu64 ")", o.offset);
  }
  if (length == 0) return fail(Status::invalid_argument, "an anonymous map needs a length > 0");
  if (length > kMaxExtent) return fail(Status::out_of_range, "length %" PRIu64 " exceeds INT64_MAX", length);
  MapOptions eff = o;
  eff.length = length;
  if (access == Access::copy) {
    // Private memory is never shared with anyone, so it needs no object.
    return open_handle(os::kNoHandle, access, eff, true);
  }
  os::Handle h = os::kNoHandle;
  if (Status s = os::create_anonymous_object(length, h); s != Status::ok) return s;
  return open_handle(h, access, eff, true);
}

Status Map::open_named(const char* name, uint64_t length, const MapOptions& o) {
  if (Status s = validate_tagname(name); s != Status::ok) return s;
  Access access{};
  if (Status s = resolve_access(o, access); s != Status::ok) return s;
  if ((o.flags & (flags::create | flags::nofollow | flags::owner_only)) != 0) {
    return fail(Status::invalid_argument,
                "MMF_OPEN_CREATE, _NOFOLLOW and _OWNER_ONLY do not apply to a named map (it is created when missing, "
                "owner-only; MMF_OPEN_EXCLUSIVE makes creation a must)");
  }
  const bool exclusive = (o.flags & flags::exclusive) != 0;
  if (o.offset != 0) {
    return fail(Status::invalid_argument, "a named map has no offset (got %" PRIu64 ")", o.offset);
  }
  if (length == 0 && exclusive) {
    return fail(Status::invalid_argument, "MMF_OPEN_EXCLUSIVE creates, so it needs a length > 0");
  }
  if (length > kMaxExtent) return fail(Status::out_of_range, "length %" PRIu64 " exceeds INT64_MAX", length);
  const uint64_t page = os::page_size();
  os::NamedRequest req;
  req.name = name;
  req.write = access == Access::write;
  req.may_create = length > 0;
  req.exclusive = exclusive;
  // Windows sizes sections in pages; POSIX objects get the same rounding so
  // that size() and the sizes that open agree on every platform.
  req.create_size = length > kMaxExtent - page ? length : (length + page - 1) / page * page;
  os::Handle h = os::kNoHandle;
  bool created = false;
  uint64_t size = 0;
  if (Status s = os::open_named(req, h, created, size); s != Status::ok) return s;
  if (length == 0) length = size;
  if (length > size) {
    os::close_handle(h);
    return fail(Status::out_of_range,
                "named map \"%s\" exists with %" PRIu64 " bytes, fewer than the %" PRIu64
                " asked for (a named map never grows)",
                name, size, length);
  }
  MapOptions eff = o;
  eff.length = length;
  named_ = true;
  Status s = open_handle(h, access, eff, true);
  if (s != Status::ok) {
    named_ = false;
    if (created) (void)os::unlink_named(name);
  }
  return s;
}

Status Map::open_handle(os::Handle h, Access access, const MapOptions& o, bool anonymous) {
  // Takes ownership of h: on failure it is closed here.
  struct Closer {
    os::Handle h;
    bool armed = true;
    ~Closer() {
      if (armed) os::close_handle(h);
    }
  } closer{h};

  uint64_t length = o.length;
  if (o.offset > kMaxExtent) return fail(Status::out_of_range, "offset %" PRIu64 " exceeds INT64_MAX", o.offset);

  if (h != os::kNoHandle && !anonymous) {
    os::FileInfo info;
    if (Status s = os::file_info(h, info); s != Status::ok) return s;
    if (!info.regular && length == 0) {
      return fail(Status::invalid_argument, "not a regular file: its size is unknown, so a length is required");
    }
    if (info.regular) {
      if (length == 0) {
        if (info.size == 0) return fail(Status::invalid_argument, "cannot map an empty file");
        if (o.offset >= info.size) {
          return fail(Status::out_of_range, "offset %" PRIu64 " is at or past the end of the file (size %" PRIu64 ")",
                      o.offset, info.size);
        }
        length = info.size - o.offset;
      } else {
        if (length > kMaxExtent - o.offset) {
          return fail(Status::out_of_range, "offset %" PRIu64 " + length %" PRIu64 " overflows", o.offset, length);
        }
        if (o.offset + length > info.size) {
          if ((o.flags & flags::create) == 0) {
            return fail(Status::out_of_range,
                        "offset %" PRIu64 " + length %" PRIu64 " is past the end of the file (size %" PRIu64
                        "); MMF_OPEN_CREATE extends it",
                        o.offset, length, info.size);
          }
          if (Status s = os::grow_file(h, info.size, o.offset + length); s != Status::ok) return s;
        }
      }
    }
  }

  handle_ = h;
  access_ = access;
  anonymous_ = anonymous;
  populate_ = (o.flags & flags::populate) != 0;
  offset_ = o.offset;
  delta_ = o.offset % os::allocation_granularity();
  void* p = nullptr;
  if (Status s = os::map(request(length), p); s != Status::ok) {
    handle_ = os::kNoHandle;
    return s;
  }
  closer.armed = false;
  base_ = static_cast<uint8_t*>(p);
  length_ = length;
  return Status::ok;
}

os::MapRequest Map::request(uint64_t map_length) const {
  os::MapRequest r;
  r.handle = handle_;
  r.memory_object = anonymous_;
  r.file_offset = offset_ - delta_;
  r.length = delta_ + map_length;
  r.writable = access_ != Access::read;
  r.shared = access_ != Access::copy;
  r.populate = populate_;
  return r;
}

Status Map::check_open() const {
  if (closed()) return fail(Status::closed, "the map is closed");
  return Status::ok;
}

Status Map::check_touchable() const {
  if (Status s = check_open(); s != Status::ok) return s;
  if (faulted_.load(std::memory_order_relaxed)) {
    return fail(Status::fault, "an earlier call found the file truncated under the map; resize or close it");
  }
  return Status::ok;
}

template <class Op>
Status Map::touch(const void* lo, size_t len, Op&& op) const {
  fault::install();
  Status s = with_guard(lo, len, std::forward<Op>(op));
  if (s == Status::fault) faulted_.store(true, std::memory_order_relaxed);
  return s;
}

Status Map::check_writable() const {
  if (Status s = check_touchable(); s != Status::ok) return s;
  if (access_ == Access::read) return fail(Status::read_only, "the map is read-only (ACCESS_READ)");
  return Status::ok;
}

Status Map::close() {
  std::unique_lock lock(mu_);
  if (closed()) return Status::ok;
  if (uint64_t n = exports_.load(); n != 0) {
    return fail(Status::busy, "%" PRIu64 " acquired buffer(s) pin the map; release them first", n);
  }
  os::unmap(base_, delta_ + length_);
  release_reservation();
  os::close_handle(handle_);
  base_ = nullptr;
  handle_ = os::kNoHandle;
  closed_.store(true, std::memory_order_release);
  return Status::ok;
}

Status Map::copy_out(uint64_t pos, void* buf, size_t n) const {
  if (n == 0) return Status::ok;
  const uint8_t* src = data() + pos;
  return touch(src, n, [&] { std::memcpy(buf, src, n); });
}

Status Map::read(void* buf, size_t cap, size_t& n) {
  std::unique_lock lock(mu_);
  if (Status s = check_touchable(); s != Status::ok) return s;
  uint64_t remaining = cursor_ < length_ ? length_ - cursor_ : 0;
  auto count = static_cast<size_t>(std::min<uint64_t>(cap, remaining));
  if (Status s = copy_out(cursor_, buf, count); s != Status::ok) return s;
  cursor_ += count;
  n = count;
  return Status::ok;
}

Status Map::read_byte(uint8_t& out) {
  std::unique_lock lock(mu_);
  if (Status s = check_touchable(); s != Status::ok) return s;
  if (cursor_ >= length_) {
    return fail(Status::out_of_range,
                "read byte out of range: cursor %" PRIu64 " is at or past the end (length %" PRIu64 ")", cursor_,
                length_);
  }
  if (Status s = copy_out(cursor_, &out, 1); s != Status::ok) return s;
  ++cursor_;
  return Status::ok;
}

Status Map::readline(void* buf, size_t cap, size_t& n) {
  std::unique_lock lock(mu_);
  if (Status s = check_touchable(); s != Status::ok) return s;
  uint64_t remaining = cursor_ < length_ ? length_ - cursor_ : 0;
  auto window = static_cast<size_t>(std::min<uint64_t>(cap, remaining));
  size_t count = window;
  if (window > 0) {
    const uint8_t* start = data() + cursor_;
    Status s = touch(start, window, [&] {
      const void* eol = std::memchr(start, '\n', window);
      if (eol != nullptr) count = static_cast<size_t>(static_cast<const uint8_t*>(eol) - start) + 1;
      std::memcpy(buf, start, count);
    });
    if (s != Status::ok) return s;
  }
  cursor_ += count;
  n = count;
  return Status::ok;
}

Status Map::write(const void* buf, size_t len) {
  std::unique_lock lock(mu_);
  if (Status s = check_writable(); s != Status::ok) return s;
  if (cursor_ > length_ || length_ - cursor_ < len) {
    return fail(Status::out_of_range, "data out of range: %zu bytes at cursor %" PRIu64 " exceed length %" PRIu64, len,
                cursor_, length_);
  }
  if (len > 0) {
    uint8_t* dst = data() + cursor_;
    if (Status s = touch(dst, len, [&] { std::memcpy(dst, buf, len); }); s != Status::ok) return s;
  }
  cursor_ += len;
  return Status::ok;
}

Status Map::write_byte(uint8_t b) {
  std::unique_lock lock(mu_);
  if (Status s = check_writable(); s != Status::ok) return s;
  if (cursor_ >= length_) {
    return fail(Status::out_of_range,
                "write byte out of range: cursor %" PRIu64 " is at or past the end (length %" PRIu64 ")", cursor_,
                length_);
  }
  uint8_t* dst = data() + cursor_;
  if (Status s = touch(dst, 1, [&] { *dst = b; }); s != Status::ok) return s;
  ++cursor_;
  return Status::ok;
}

Status Map::seek(int64_t off, int whence, uint64_t& new_pos) {
  std::unique_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  uint64_t origin = 0;
  switch (whence) {
    case whence::set:
      origin = 0;
      break;
    case whence::cur:
      origin = cursor_;
      break;
    case whence::end:
      origin = length_;
      break;
    default:
      return fail(Status::invalid_argument, "unknown whence %d (expected 0, 1 or 2)", whence);
  }
  // Lengths and cursors never exceed INT64_MAX, so int64 arithmetic with an
  // overflow check covers every case.
  int64_t target = 0;
  if (__builtin_add_overflow(static_cast<int64_t>(origin), off, &target) || target < 0 ||
      static_cast<uint64_t>(target) > length_) {
    return fail(Status::out_of_range, "seek out of range: %" PRId64 " from %" PRIu64 " leaves [0, %" PRIu64 "]", off,
                origin, length_);
  }
  cursor_ = static_cast<uint64_t>(target);
  new_pos = cursor_;
  return Status::ok;
}

Status Map::tell(uint64_t& pos) {
  std::shared_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  pos = cursor_;
  return Status::ok;
}

Status Map::read_at(uint64_t pos, void* buf, size_t cap, size_t& n) {
  std::shared_lock lock(mu_);
  if (Status s = check_touchable(); s != Status::ok) return s;
  if (pos > length_) {
    return fail(Status::out_of_range, "position %" PRIu64 " is past the end (length %" PRIu64 ")", pos, length_);
  }
  size_t count = static_cast<size_t>(std::min<uint64_t>(cap, length_ - pos));
  if (Status s = copy_out(pos, buf, count); s != Status::ok) return s;
  n = count;
  return Status::ok;
}

Status Map::write_at(uint64_t pos, const void* buf, size_t len) {
  std::unique_lock lock(mu_);
  if (Status s = check_writable(); s != Status::ok) return s;
  if (pos > length_ || length_ - pos < len) {
    return fail(Status::out_of_range, "%zu bytes at position %" PRIu64 " do not fit in length %" PRIu64, len, pos,
                length_);
  }
  if (len > 0) {
    uint8_t* dst = data() + pos;
    if (Status s = touch(dst, len, [&] { std::memcpy(dst, buf, len); }); s != Status::ok) return s;
  }
  return Status::ok;
}

Status Map::find(const void* sub, size_t len, int64_t start, int64_t end, bool reverse, int64_t& found) {
  std::shared_lock lock(mu_);
  if (Status s = check_touchable(); s != Status::ok) return s;
  uint64_t lo = clamp_bound(start, cursor_, length_);
  uint64_t hi = clamp_bound(end, length_, length_);
  found = -1;
  if (hi < lo) return Status::ok;
  const uint8_t* hay = data() + lo;
  const auto* needle = static_cast<const uint8_t*>(sub);
  auto n = static_cast<size_t>(hi - lo);
  int64_t idx = -1;
  if (n == 0 || len == 0) {
    // No bytes to touch (and data() may be null for an empty map).
    if (len == 0) idx = reverse ? static_cast<int64_t>(n) : 0;
  } else {
    // Searches h[0, count) for the needle, guarded; r relative to h.
    auto search_range = [&](const uint8_t* h, size_t count, int64_t& r) {
      return touch(h, count,
                   [&] { r = reverse ? search::rfind(h, count, needle, len) : search::find(h, count, needle, len); });
    };
    const unsigned threads = n >= search::kParallelMinBytes && len <= n ? search::max_threads() : 1;
    if (threads <= 1) {
      if (Status s = search_range(hay, n, idx); s != Status::ok) return s;
    } else {
      Status s = search::parallel_search(
          n, len, reverse, threads, search::kParallelChunkBytes,
          [&](size_t at, size_t count, int64_t& r) { return search_range(hay + at, count, r); }, idx);
      // The helpers' failure detail is theirs; this thread needs its own.
      if (s == Status::fault) return report_fault(n);
      if (s != Status::ok) return s;
    }
  }
  found = idx < 0 ? -1 : static_cast<int64_t>(lo) + idx;
  return Status::ok;
}

Status Map::move(uint64_t dest, uint64_t src, uint64_t count) {
  std::unique_lock lock(mu_);
  if (Status s = check_writable(); s != Status::ok) return s;
  if (dest > length_ || src > length_ || length_ - dest < count || length_ - src < count) {
    return fail(Status::out_of_range,
                "source, destination, or count out of range: move(dest=%" PRIu64 ", src=%" PRIu64 ", count=%" PRIu64
                ") in length %" PRIu64,
                dest, src, count, length_);
  }
  if (count == 0) return Status::ok;
  uint8_t* d = data();
  // The guarded range spans both ends of the move.
  uint64_t lo = std::min(dest, src);
  return touch(d + lo, static_cast<size_t>(std::max(dest, src) - lo + count),
               [&] { std::memmove(d + dest, d + src, static_cast<size_t>(count)); });
}

Status Map::flush(uint64_t offset, uint64_t size, bool async) {
  std::shared_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  if (offset > length_) {
    return fail(Status::out_of_range, "flush offset %" PRIu64 " is past the end (length %" PRIu64 ")", offset, length_);
  }
  if (size == 0) size = length_ - offset;
  if (length_ - offset < size) {
    return fail(Status::out_of_range, "flush range [%" PRIu64 ", +%" PRIu64 ") leaves the map (length %" PRIu64 ")",
                offset, size, length_);
  }
  // Nothing reaches a file from these maps, as in CPython.
  if (anonymous_ || access_ != Access::write || size == 0) return Status::ok;
  uint64_t page = os::page_size();
  uint64_t first = delta_ + offset;
  uint64_t aligned = first - first % page;
  if (Status s = os::sync_memory(handle_, base_ + aligned, first + size - aligned, async); s != Status::ok) return s;
  if (!async && size_unsynced_.exchange(false)) {
    if (Status s = os::sync_file(handle_); s != Status::ok) {
      size_unsynced_.store(true);
      return s;
    }
  }
  return Status::ok;
}

Status Map::remap_to(uint64_t new_length) {
  void* p = nullptr;
  if (new_length == 0) {
    os::unmap(base_, delta_ + length_);
    base_ = nullptr;
    return Status::ok;
  }
  Status s =
      base_ == nullptr ? os::map(request(new_length), p) : os::remap(request(new_length), base_, delta_ + length_, p);
  if (s != Status::ok) return s;
  base_ = static_cast<uint8_t*>(p);
  return Status::ok;
}

Status Map::resize(uint64_t new_length) {
  std::unique_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  if (uint64_t n = exports_.load(); n != 0) {
    return fail(Status::busy, "%" PRIu64 " acquired buffer(s) pin the map; release them first", n);
  }
  if (access_ != Access::write) {
    return fail(Status::read_only, "cannot resize a %s map", access_name(access_));
  }
  if (named_) {
    return fail(Status::unsupported,
                "a named map keeps the size it was created with (other processes map it; Windows sections cannot "
                "change size)");
  }
  if (new_length > kMaxExtent - offset_) {
    return fail(Status::out_of_range, "offset %" PRIu64 " + new length %" PRIu64 " exceeds INT64_MAX", offset_,
                new_length);
  }
  if (anonymous_ && !os::kCanResizeMemoryObject) return replace_anonymous(new_length);
  uint64_t new_end = offset_ + new_length;
  os::FileInfo info;
  if (Status s = os::file_info(handle_, info); s != Status::ok) return s;
  if (new_end > info.size) {
    // Grow the file before the map, so no mapped page lies past its end.
    // Anonymous memory is sized, not reserved (reserving commits RAM).
    Status grown = anonymous_ ? os::truncate_file(handle_, new_end) : grow_file(info.size, new_end);
    if (grown != Status::ok) return grown;
    if (Status s = remap_to(new_length); s != Status::ok) {
      (void)os::truncate_file(handle_, info.size);
      reserved_end_ = 0;  // that truncate freed them
      return s;
    }
  } else if (new_end < info.size && !os::kCanTruncateMapped) {
    if (Status s = resize_file_unmapped(new_length, info.size, new_end); s != Status::ok) return s;
  } else {
    // Shrink the file first: if that fails nothing has changed yet.
    if (new_end < info.size) {
      if (Status s = os::truncate_file(handle_, new_end); s != Status::ok) return s;
      reserved_end_ = 0;  // a truncate frees the blocks past the new end
    }
    if (Status s = remap_to(new_length); s != Status::ok) return s;
  }
  length_ = new_length;
  if (new_end != info.size) size_unsynced_.store(true);
  // The file now covers every mapped page again.
  faulted_.store(false, std::memory_order_relaxed);
  return Status::ok;
}

// Growing step by step (a log, a file filled as it is written) would cost a
// block reservation per step; from the second grow on, each reservation
// also covers as much again as the file's new size (up to 64 MiB), so the
// next grows only move the end of file into blocks already allocated. The
// exact range is reserved first, so running out of space still fails the
// grow that asked for it, and never a later store.
Status Map::grow_file(uint64_t old_size, uint64_t new_end) {
  constexpr uint64_t kMaxReserve = uint64_t{64} << 20;
  if (reserved_end_ != 0 && (old_size != offset_ + length_ || new_end > reserved_end_)) {
    // Used up (the fallocate below takes what is left of it in its range),
    // or the file was resized behind our back: start afresh.
    reserved_end_ = 0;
  }
  if (reserved_end_ != 0) return os::truncate_file(handle_, new_end);
  if (Status s = os::grow_file(handle_, old_size, new_end); s != Status::ok) return s;
  if (grows_++ > 0) {
    const uint64_t extra = std::min(new_end, kMaxReserve);
    if (new_end <= kMaxExtent - extra && os::reserve_beyond_end(handle_, new_end, new_end + extra)) {
      reserved_end_ = new_end + extra;
    }
  }
  return Status::ok;
}

// Frees reserved blocks past the end of the file (a truncate to the file's
// own size does). Best effort: they are only disk space, and a file system
// check or the next truncate frees them too.
void Map::release_reservation() {
  if (reserved_end_ == 0) return;
  os::FileInfo info;
  if (os::file_info(handle_, info) == Status::ok && info.size == offset_ + length_) {
    (void)os::truncate_file(handle_, info.size);
  }
  reserved_end_ = 0;
}

// Windows refuses to shrink a file while a view of it is mapped, so the view
// goes first; if the file still cannot shrink (another map, in this or
// another process, holds it) the old view comes back and the call fails.
Status Map::resize_file_unmapped(uint64_t new_length, uint64_t old_size, uint64_t new_end) {
  const uint64_t old_length = length_;
  os::unmap(base_, delta_ + length_);
  base_ = nullptr;
  Status s = os::truncate_file(handle_, new_end);
  if (s == Status::ok) {
    if (new_length == 0) return Status::ok;
    void* p = nullptr;
    s = os::map(request(new_length), p);
    if (s == Status::ok) {
      base_ = static_cast<uint8_t*>(p);
      return Status::ok;
    }
    (void)os::grow_file(handle_, new_end, old_size);  // best effort: the old size back
  }
  // Keep the failure's message: restoring the view is not what failed. A
  // copy, because the next fail() overwrites the thread's detail.
  const std::string reason = detail();  // NOLINT(performance-unnecessary-copy-initialization)
  void* p = nullptr;
  if (os::map(request(old_length), p) != Status::ok) {
    // Nothing is mapped any more; a closed map is the honest state.
    os::close_handle(handle_);
    handle_ = os::kNoHandle;
    closed_.store(true, std::memory_order_release);
    return fail(Status::io, "%s; the old view could not be restored, so the map is now closed", reason.c_str());
  }
  base_ = static_cast<uint8_t*>(p);
  return fail(s, "%s", reason.c_str());
}

// Where a shared-memory object cannot change size (Windows), an unnamed
// anonymous map grows or shrinks into a new object: nobody else can see it,
// so a copy is indistinguishable from a resize.
Status Map::replace_anonymous(uint64_t new_length) {
  os::Handle h = os::kNoHandle;
  void* p = nullptr;
  uint8_t* fresh = nullptr;
  if (new_length > 0) {
    if (Status s = os::create_anonymous_object(new_length, h); s != Status::ok) return s;
    os::MapRequest r = request(new_length);
    r.handle = h;
    if (Status s = os::map(r, p); s != Status::ok) {
      os::close_handle(h);
      return s;
    }
    fresh = static_cast<uint8_t*>(p);
    const auto keep = static_cast<size_t>(std::min(new_length, length_));
    if (keep > 0) {
      const uint8_t* src = data();
      if (Status s = touch(src, keep, [&] { std::memcpy(fresh, src, keep); }); s != Status::ok) {
        os::unmap(p, new_length);
        os::close_handle(h);
        return s;
      }
    }
  }
  os::unmap(base_, delta_ + length_);
  os::close_handle(handle_);
  base_ = fresh;
  handle_ = h;
  length_ = new_length;
  return Status::ok;
}

Status Map::length(uint64_t& len) {
  std::shared_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  len = length_;
  return Status::ok;
}

Status Map::size(uint64_t& size) {
  std::shared_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  if (named_) return os::shared_size(handle_, size);
  if (anonymous_) {
    size = length_;
    return Status::ok;
  }
  os::FileInfo info;
  if (Status s = os::file_info(handle_, info); s != Status::ok) return s;
  size = info.size;
  return Status::ok;
}

Status Map::madvise(int advice, uint64_t start, uint64_t len) {
  std::shared_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  if (advice < 0 || advice >= os::advice::count) return fail(Status::invalid_argument, "unknown advice %d", advice);
  if (start >= length_) {
    return fail(Status::out_of_range, "madvise start %" PRIu64 " out of bounds (length %" PRIu64 ")", start, length_);
  }
  // As CPython: a start+len past the largest signed size is an error, a
  // merely long range is clamped to the end.
  if (len > kMaxExtent - start) {
    return fail(Status::out_of_range, "madvise start %" PRIu64 " + length %" PRIu64 " overflows", start, len);
  }
  if (len == 0 || len > length_ - start) len = length_ - start;
  uint64_t page = os::page_size();
  uint64_t first = delta_ + start;
  uint64_t aligned = first - first % page;
  return os::advise(base_ + aligned, first + len - aligned, advice);
}

Status Map::buffer_acquire(void*& data_out, uint64_t& len) {
  std::shared_lock lock(mu_);
  if (Status s = check_touchable(); s != Status::ok) return s;
  exports_.fetch_add(1);
  data_out = data();
  len = length_;
  return Status::ok;
}

Status Map::buffer_release() {
  std::shared_lock lock(mu_);
  if (Status s = check_open(); s != Status::ok) return s;
  uint64_t n = exports_.load();
  do {
    if (n == 0) return fail(Status::invalid_argument, "no buffer is acquired");
  } while (!exports_.compare_exchange_weak(n, n - 1));
  return Status::ok;
}

}  // namespace mmf::core
