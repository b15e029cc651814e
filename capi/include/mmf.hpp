/*
 * mmf.hpp - header-only C++20 RAII wrapper over the C ABI in mmf.h.
 *
 * Uses nothing but the public C API, so it works against any libmmf.so.1 and
 * adds no symbols of its own. Every failing C call becomes an mmf::error
 * carrying the status and the thread's mmf_last_error() message, read
 * immediately after the failing call.
 *
 * Conventions (chosen once, used everywhere):
 *   - Binary data is std::vector<std::byte> (returned) or std::span<std::byte>
 *     / std::span<const std::byte> (caller-owned). Text is std::string /
 *     std::string_view; the *_string variants return text.
 *   - Positions and lengths are std::uint64_t, as in the C API; buffer sizes
 *     are std::size_t.
 *   - find/rfind return std::optional<std::uint64_t>: std::nullopt when the
 *     substring is absent (instead of Python's -1). Their start/end arguments
 *     are std::optional<std::int64_t>; std::nullopt means "omitted"
 *     (MMF_POS_DEFAULT), negative values count from the end as in Python.
 *   - A moved-from map holds no handle: closed() is true and every other call
 *     throws mmf::error with MMF_ERR_INVALID_ARGUMENT (the C API's answer to a
 *     NULL handle).
 *
 * Thread safety is that of the C API: a single mmf::map may be used from
 * several threads at once, except that destruction and move-assignment must
 * be the last operation on it. Members that make several C calls (read(n),
 * readline(), read_at(pos, n)) are not atomic as a whole: they are documented
 * below.
 */
#ifndef MMF_HPP
#define MMF_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmf.h"

namespace mmf {

/** Thrown for every failing C call. what() is the mmf_last_error() message
 *  (e.g. "mmf_read_at(pos=20, cap=4): position 20 is past the end (length
 *  14)"); status() is the C status. If the library left no message, what()
 *  falls back to mmf_strerror(status). */
class error : public std::runtime_error {
 public:
  error(mmf_status s, const std::string& message)
      : std::runtime_error(message.empty() ? std::string(::mmf_strerror(s)) : message), status_(s) {}

  /** The C status that caused the exception (never MMF_OK). */
  [[nodiscard]] mmf_status status() const noexcept { return status_; }

 private:
  mmf_status status_;
};

namespace detail {
/** Throw mmf::error for a failed status. The message is copied at once,
 *  before any other mmf call could overwrite the thread's last error. */
inline void check(mmf_status s) {
  if (s != MMF_OK) {
    throw error(s, std::string(::mmf_last_error()));
  }
}

inline std::span<const std::byte> as_bytes(std::string_view s) noexcept {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}
}  // namespace detail

/** Static English name of a status ("MMF_ERR_CLOSED: map is closed"). */
[[nodiscard]] inline std::string_view strerror(mmf_status s) noexcept { return ::mmf_strerror(s); }
/** Version of the loaded library ("1.0.0"); compare with MMF_VERSION_STRING. */
[[nodiscard]] inline std::string_view version() noexcept { return ::mmf_version(); }
/** OS page size (Python: mmap.PAGESIZE). */
[[nodiscard]] inline std::uint64_t page_size() noexcept { return ::mmf_page_size(); }
/** OS offset granularity (Python: mmap.ALLOCATIONGRANULARITY). */
[[nodiscard]] inline std::uint64_t allocation_granularity() noexcept { return ::mmf_allocation_granularity(); }

/** Open options; converted to mmf_options from MMF_OPTIONS_INIT, so new
 *  fields of the C struct keep their defaults. Field meanings: see
 *  mmf_options in mmf.h (length 0 = whole file; flags = MMF_OPEN_* and
 *  MMF_MAP_* bits). */
struct options {
  mmf_access access = MMF_ACCESS_DEFAULT;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::uint32_t flags = 0;

  /** The C struct for these options. */
  [[nodiscard]] mmf_options to_c() const noexcept {
    mmf_options o = MMF_OPTIONS_INIT;
    o.access = access;
    o.offset = offset;
    o.length = length;
    o.flags = flags;
    return o;
  }
};

class buffer;

/** An owned memory map (Python's mmap object). Move-only; the destructor
 *  calls mmf_free (which closes the map if it is still open and never
 *  fails). */
class map {
 public:
  /** "All remaining bytes" for read() and read_string(). */
  static constexpr std::size_t all = static_cast<std::size_t>(-1);

  /** Open and map the file at path (mmf_open). Throws mmf::error with the
   *  statuses listed at mmf_open. */
  [[nodiscard]] static map open(const char* path, const options& opt = {}) {
    const mmf_options o = opt.to_c();
    mmf_map* h = nullptr;
    detail::check(::mmf_open(path, &o, &h));
    return map(h);
  }
  /** As open(const char*); the view is copied to add the terminating NUL. */
  [[nodiscard]] static map open(std::string_view path, const options& opt = {}) {
    const std::string p(path);
    return open(p.c_str(), opt);
  }
  /** Map the file open as fd (mmf_open_fd). The descriptor is duplicated:
   *  the caller keeps ownership and may close it at once. */
  [[nodiscard]] static map open_fd(int fd, const options& opt = {}) {
    const mmf_options o = opt.to_c();
    mmf_map* h = nullptr;
    detail::check(::mmf_open_fd(fd, &o, &h));
    return map(h);
  }
  /** Zeroed memory backed by no file, shared with fork()ed children unless
   *  access is COPY or flags has MMF_MAP_PRIVATE (mmf_open_anonymous).
   *  opt.length is ignored. */
  [[nodiscard]] static map anonymous(std::uint64_t length, const options& opt = {}) {
    const mmf_options o = opt.to_c();
    mmf_map* h = nullptr;
    detail::check(::mmf_open_anonymous(length, &o, &h));
    return map(h);
  }

  /** Named shared memory (mmf_open_named): creates the object `name` of
   *  `length` bytes or opens the existing one; length 0 only opens;
   *  MMF_OPEN_EXCLUSIVE in opt.flags only creates. Other processes, in any
   *  language, open it by the same name. The rules (names, sizes, owner,
   *  lifetime) are at mmf_open_named in mmf.h. */
  [[nodiscard]] static map named(std::string_view name, std::uint64_t length, const options& opt = {}) {
    const std::string n(name);
    const mmf_options o = opt.to_c();
    mmf_map* h = nullptr;
    detail::check(::mmf_open_named(n.c_str(), length, &o, &h));
    return map(h);
  }
  /** Remove a name made by named() (mmf_unlink_named): existing maps stay
   *  valid; a missing name is not an error. */
  static void unlink_named(std::string_view name) {
    const std::string n(name);
    detail::check(::mmf_unlink_named(n.c_str()));
  }

  /** Take ownership of a handle from the C API (NULL gives an empty map). */
  explicit map(mmf_map* handle) noexcept : h_(handle) {}

  map(const map&) = delete;
  map& operator=(const map&) = delete;
  map(map&& other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
  /** Frees the current handle (if any), then takes other's. */
  map& operator=(map&& other) noexcept {
    if (this != &other) {
      ::mmf_free(std::exchange(h_, std::exchange(other.h_, nullptr)));
    }
    return *this;
  }
  ~map() { ::mmf_free(h_); }

  /** The C handle, still owned by this object (for mixing with C calls). */
  [[nodiscard]] mmf_map* native_handle() const noexcept { return h_; }
  /** Give up ownership: the caller must mmf_free the returned handle. */
  [[nodiscard]] mmf_map* release() noexcept { return std::exchange(h_, nullptr); }

  /** Unmap and close (idempotent). Throws MMF_ERR_BUSY while a buffer is
   *  acquired; the map then stays open. */
  void close() { detail::check(::mmf_close(h_)); }
  /** True once closed (or for a moved-from map). Never throws. */
  [[nodiscard]] bool closed() const noexcept { return ::mmf_closed(h_) != 0; }

  /** Read up to n bytes from the cursor and advance it (Python: read(n));
   *  `all` reads to the end. Empty at or past the end. The storage is sized
   *  from length()-tell() first, so a huge n costs nothing; if another thread
   *  moves the cursor in between, fewer bytes than available may be read.
   *  Throws: CLOSED, FAULT. */
  [[nodiscard]] std::vector<std::byte> read(std::size_t n = all) {
    std::vector<std::byte> out(clamp_to_rest(n));
    out.resize(read(std::span<std::byte>(out)));
    return out;
  }
  /** Read into caller storage; returns the count (0 at or past the end). */
  std::size_t read(std::span<std::byte> buf) {
    std::size_t n = 0;
    detail::check(::mmf_read(h_, buf.data(), buf.size(), &n));
    return n;
  }
  /** read(n) as text. */
  [[nodiscard]] std::string read_string(std::size_t n = all) {
    std::string out(clamp_to_rest(n), '\0');
    std::size_t got = 0;
    detail::check(::mmf_read(h_, out.data(), out.size(), &got));
    out.resize(got);
    return out;
  }

  /** The byte at the cursor; advances by one (Python: read_byte()).
   *  Throws: CLOSED, OUT_OF_RANGE at or past the end, FAULT. */
  [[nodiscard]] std::byte read_byte() {
    std::uint8_t b = 0;
    detail::check(::mmf_read_byte(h_, &b));
    return static_cast<std::byte>(b);
  }

  /** Bytes from the cursor up to and including the next '\n', or to the end
   *  (Python: readline()). Empty at or past the end. Reads in chunks of
   *  growing size through mmf_readline, so a line is read atomically only if
   *  it fits the first chunk (256 bytes); a concurrent cursor move between
   *  chunks splices the result. Throws: CLOSED, FAULT. */
  [[nodiscard]] std::vector<std::byte> readline() {
    std::vector<std::byte> out;
    readline_into(out);
    return out;
  }
  /** readline() as text. */
  [[nodiscard]] std::string readline_string() {
    std::string out;
    readline_into(out);
    return out;
  }

  /** Write all bytes at the cursor and advance it (Python: write()). All or
   *  nothing. Throws: CLOSED, READ_ONLY, OUT_OF_RANGE if they do not fit,
   *  FAULT. */
  void write(std::span<const std::byte> data) { detail::check(::mmf_write(h_, data.data(), data.size())); }
  /** write() for text. */
  void write(std::string_view s) { write(detail::as_bytes(s)); }
  /** Write one byte at the cursor and advance (Python: write_byte()).
   *  Throws: CLOSED, READ_ONLY, OUT_OF_RANGE at or past the end, FAULT. */
  void write_byte(std::byte b) { detail::check(::mmf_write_byte(h_, static_cast<std::uint8_t>(b))); }

  /** Move the cursor; returns the new position (Python: seek()). whence is
   *  MMF_SEEK_SET, MMF_SEEK_CUR or MMF_SEEK_END. Throws: INVALID_ARGUMENT for
   *  a bad whence, CLOSED, OUT_OF_RANGE outside [0, length()] (cursor
   *  unchanged). */
  std::uint64_t seek(std::int64_t off, int whence = MMF_SEEK_SET) {
    std::uint64_t pos = 0;
    detail::check(::mmf_seek(h_, off, whence, &pos));
    return pos;
  }
  /** The cursor (Python: tell()); may lie past the end after a shrink. */
  [[nodiscard]] std::uint64_t tell() const {
    std::uint64_t pos = 0;
    detail::check(::mmf_tell(h_, &pos));
    return pos;
  }

  /** Up to n bytes at pos, cursor untouched (Python: m[pos:pos+n]). Shorter
   *  only at the end. Throws: CLOSED, OUT_OF_RANGE for pos > length(),
   *  FAULT. */
  [[nodiscard]] std::vector<std::byte> read_at(std::uint64_t pos, std::size_t n) {
    std::vector<std::byte> out(clamp_at(pos, n));
    out.resize(read_at(pos, std::span<std::byte>(out)));
    return out;
  }
  /** read_at into caller storage; returns the count. */
  std::size_t read_at(std::uint64_t pos, std::span<std::byte> buf) {
    std::size_t n = 0;
    detail::check(::mmf_read_at(h_, pos, buf.data(), buf.size(), &n));
    return n;
  }
  /** read_at(pos, n) as text. */
  [[nodiscard]] std::string read_string_at(std::uint64_t pos, std::size_t n) {
    std::string out(clamp_at(pos, n), '\0');
    std::size_t got = 0;
    detail::check(::mmf_read_at(h_, pos, out.data(), out.size(), &got));
    out.resize(got);
    return out;
  }

  /** Write all bytes at pos, cursor untouched (Python: m[pos:pos+len] =
   *  data). All or nothing. Throws: CLOSED, READ_ONLY, OUT_OF_RANGE, FAULT. */
  void write_at(std::uint64_t pos, std::span<const std::byte> data) {
    detail::check(::mmf_write_at(h_, pos, data.data(), data.size()));
  }
  /** write_at() for text. */
  void write_at(std::uint64_t pos, std::string_view s) { write_at(pos, detail::as_bytes(s)); }

  /** Lowest index of sub in [start, end) (Python: find()); std::nullopt if
   *  absent. start defaults to the cursor, end to the length. Throws:
   *  CLOSED, FAULT. */
  [[nodiscard]] std::optional<std::uint64_t> find(std::span<const std::byte> sub,
                                                  std::optional<std::int64_t> start = {},
                                                  std::optional<std::int64_t> end = {}) {
    std::int64_t at = -1;
    detail::check(
        ::mmf_find(h_, sub.data(), sub.size(), start.value_or(MMF_POS_DEFAULT), end.value_or(MMF_POS_DEFAULT), &at));
    return to_index(at);
  }
  [[nodiscard]] std::optional<std::uint64_t> find(std::string_view sub, std::optional<std::int64_t> start = {},
                                                  std::optional<std::int64_t> end = {}) {
    return find(detail::as_bytes(sub), start, end);
  }
  /** Highest index of sub in [start, end) (Python: rfind()); as find(),
   *  start also defaults to the cursor. */
  [[nodiscard]] std::optional<std::uint64_t> rfind(std::span<const std::byte> sub,
                                                   std::optional<std::int64_t> start = {},
                                                   std::optional<std::int64_t> end = {}) {
    std::int64_t at = -1;
    detail::check(
        ::mmf_rfind(h_, sub.data(), sub.size(), start.value_or(MMF_POS_DEFAULT), end.value_or(MMF_POS_DEFAULT), &at));
    return to_index(at);
  }
  [[nodiscard]] std::optional<std::uint64_t> rfind(std::string_view sub, std::optional<std::int64_t> start = {},
                                                   std::optional<std::int64_t> end = {}) {
    return rfind(detail::as_bytes(sub), start, end);
  }

  /** Copy count bytes from src to dest inside the map (overlap allowed;
   *  Python: move()). Throws: CLOSED, READ_ONLY, OUT_OF_RANGE, FAULT. */
  void move(std::uint64_t dest, std::uint64_t src, std::uint64_t count) {
    detail::check(::mmf_move(h_, dest, src, count));
  }

  /** Write [offset, offset+size) back to the file; size 0 = to the end
   *  (Python: flush()). flags: MMF_FLUSH_SYNC or MMF_FLUSH_ASYNC. Throws:
   *  INVALID_ARGUMENT for bad flags, CLOSED, OUT_OF_RANGE, IO. */
  void flush(std::uint64_t offset = 0, std::uint64_t size = 0, std::uint32_t flags = MMF_FLUSH_SYNC) {
    detail::check(::mmf_flush(h_, offset, size, flags));
  }

  /** Change the map's (and file's) length to new_length (Python: resize()).
   *  The map may move: buffers must be released first. Throws: CLOSED, BUSY,
   *  READ_ONLY (READ and COPY maps), OUT_OF_RANGE, IO, NO_MEMORY. */
  void resize(std::uint64_t new_length) { detail::check(::mmf_resize(h_, new_length)); }

  /** Mapped length (Python: len(m)). Throws: CLOSED. */
  [[nodiscard]] std::uint64_t length() const {
    std::uint64_t n = 0;
    detail::check(::mmf_length(h_, &n));
    return n;
  }
  /** Size of the whole file (Python: size()); the length for anonymous maps.
   *  Throws: CLOSED, IO. */
  [[nodiscard]] std::uint64_t size() const {
    std::uint64_t n = 0;
    detail::check(::mmf_size(h_, &n));
    return n;
  }

  /** Usage hint for [start, start+len); len 0 = to the end (Python:
   *  madvise()). advice: MMF_ADVICE_*. Throws: INVALID_ARGUMENT, CLOSED,
   *  OUT_OF_RANGE, UNSUPPORTED, IO. */
  void madvise(int advice, std::uint64_t start = 0, std::uint64_t len = 0) {
    detail::check(::mmf_madvise(h_, advice, start, len));
  }

 private:
  friend class buffer;

  static std::optional<std::uint64_t> to_index(std::int64_t at) noexcept {
    if (at < 0) {
      return std::nullopt;
    }
    return static_cast<std::uint64_t>(at);
  }

  // Bytes left after the cursor, capped at n. On any failure returns 0 so
  // that the real call that follows reports its own error (naming itself).
  std::size_t clamp_to_rest(std::size_t n) const noexcept {
    std::uint64_t len = 0;
    std::uint64_t pos = 0;
    if (::mmf_length(h_, &len) != MMF_OK || ::mmf_tell(h_, &pos) != MMF_OK || pos >= len) {
      return 0;
    }
    const std::uint64_t rest = len - pos;
    return rest < n ? static_cast<std::size_t>(rest) : n;
  }

  // Bytes available at pos, capped at n; 0 on failure or pos past the end
  // (the real call then reports OUT_OF_RANGE or CLOSED).
  std::size_t clamp_at(std::uint64_t pos, std::size_t n) const noexcept {
    std::uint64_t len = 0;
    if (::mmf_length(h_, &len) != MMF_OK || pos >= len) {
      return 0;
    }
    const std::uint64_t rest = len - pos;
    return rest < n ? static_cast<std::size_t>(rest) : n;
  }

  template <class Container>
  void readline_into(Container& out) {
    std::size_t chunk = 256;
    for (;;) {
      const std::size_t old = out.size();
      out.resize(old + chunk);
      std::size_t n = 0;
      const mmf_status s = ::mmf_readline(h_, out.data() + old, chunk, &n);
      if (s != MMF_OK) {
        const std::string msg(::mmf_last_error());
        throw error(s, msg);
      }
      out.resize(old + n);
      // Done at the end of the map (short or empty piece) or after a '\n'.
      if (n < chunk || static_cast<char>(out.back()) == '\n') {
        return;
      }
      if (chunk < (std::size_t{1} << 20)) {
        chunk *= 2;
      }
    }
  }

  mmf_map* h_ = nullptr;
};

/** RAII zero-copy view of a map (Python: memoryview(m)): acquires in the
 *  constructor, releases in the destructor. While it lives, close() and
 *  resize() of the map throw MMF_ERR_BUSY, so data() stays valid. Guards
 *  nest. Move-only. It must not outlive the map object that owns the handle.
 *  Accesses through data() bypass the library's locking; the memory of an
 *  MMF_ACCESS_READ map must not be written. */
class buffer {
 public:
  /** Acquire. Throws: CLOSED (or INVALID_ARGUMENT for a moved-from map). */
  explicit buffer(map& m) : h_(m.h_) {
    void* data = nullptr;
    std::uint64_t len = 0;
    detail::check(::mmf_buffer_acquire(h_, &data, &len));
    data_ = static_cast<std::byte*>(data);
    size_ = static_cast<std::size_t>(len);
  }
  buffer(const buffer&) = delete;
  buffer& operator=(const buffer&) = delete;
  buffer(buffer&& other) noexcept
      : h_(std::exchange(other.h_, nullptr)),
        data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)) {}
  buffer& operator=(buffer&& other) noexcept {
    if (this != &other) {
      reset();
      h_ = std::exchange(other.h_, nullptr);
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  /** Releases; a failure is ignored, as destructors must not throw. Use
   *  release() to see errors. */
  ~buffer() { reset(); }

  /** Release now, reporting errors; the guard is then empty. No-op if
   *  already empty. */
  void release() {
    if (h_ != nullptr) {
      mmf_map* h = std::exchange(h_, nullptr);
      data_ = nullptr;
      size_ = 0;
      detail::check(::mmf_buffer_release(h));
    }
  }

  /** First mapped byte (nullptr once released). */
  [[nodiscard]] std::byte* data() const noexcept { return data_; }
  /** Mapped length in bytes (0 for an empty map or once released). */
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /** The mapped bytes as a span. */
  [[nodiscard]] std::span<std::byte> span() const noexcept { return {data_, size_}; }
  operator std::span<std::byte>() const noexcept { return span(); }
  /** True while the guard holds an acquisition. */
  [[nodiscard]] bool active() const noexcept { return h_ != nullptr; }

 private:
  void reset() noexcept {
    if (h_ != nullptr) {
      (void)::mmf_buffer_release(std::exchange(h_, nullptr));
      data_ = nullptr;
      size_ = 0;
    }
  }

  mmf_map* h_ = nullptr;
  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace mmf

#endif /* MMF_HPP */
