// The map object: Python's mmap semantics over a mapping of a file or of
// anonymous memory. Thread-safe; see the locking notes on the members.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <shared_mutex>

#include "platform.hpp"
#include "status.hpp"

namespace mmf::core {

enum class Access : int { default_ = 0, read = 1, write = 2, copy = 3 };

namespace flags {
inline constexpr uint32_t create = 0x1;
inline constexpr uint32_t populate = 0x2;
inline constexpr uint32_t map_private = 0x4;
inline constexpr uint32_t exclusive = 0x8;
inline constexpr uint32_t nofollow = 0x10;
inline constexpr uint32_t owner_only = 0x20;
inline constexpr uint32_t all = create | populate | map_private | exclusive | nofollow | owner_only;
inline constexpr uint32_t path_only = create | exclusive | nofollow | owner_only;
}  // namespace flags

struct MapOptions {
  Access access = Access::default_;
  uint64_t offset = 0;
  uint64_t length = 0;
  uint32_t flags = 0;
};

// Named maps: a tagname is 1..kMaxTagname bytes of [A-Za-z0-9._-], not
// starting with '.' or '-'. Checked the same way on every platform, so a
// name that works on one works on all.
inline constexpr size_t kMaxTagname = 31;
Status validate_tagname(const char* name);
// mmf_unlink_named: removes the name (POSIX); a name that does not exist is
// not an error. Windows removes names itself when the last map closes.
Status unlink_named(const char* name);

// Map::seek's whence (MMF_SEEK_*).
namespace whence {
inline constexpr int set = 0;
inline constexpr int cur = 1;
inline constexpr int end = 2;
}  // namespace whence

// "Argument omitted" for find/rfind positions (MMF_POS_DEFAULT).
inline constexpr int64_t kPosDefault = INT64_MIN;

class Map {
 public:
  Map() = default;
  Map(const Map&) = delete;
  Map& operator=(const Map&) = delete;
  ~Map();

  // Exactly one of the open calls, once, on a fresh object.
  Status open_path(const char* path, const MapOptions& o);
  Status open_fd(int fd, const MapOptions& o);
  Status open_anonymous(uint64_t length, const MapOptions& o);
  // A named shared map (tagname). length 0: open an existing one, whole.
  Status open_named(const char* name, uint64_t length, const MapOptions& o);

  Status close();
  bool closed() const noexcept { return closed_.load(std::memory_order_acquire); }

  Status read(void* buf, size_t cap, size_t& n);
  Status read_byte(uint8_t& out);
  Status readline(void* buf, size_t cap, size_t& n);
  Status write(const void* buf, size_t len);
  Status write_byte(uint8_t b);
  Status seek(int64_t off, int whence, uint64_t& new_pos);
  Status tell(uint64_t& pos);
  Status read_at(uint64_t pos, void* buf, size_t cap, size_t& n);
  Status write_at(uint64_t pos, const void* buf, size_t len);
  Status find(const void* sub, size_t len, int64_t start, int64_t end, bool reverse, int64_t& found);
  Status move(uint64_t dest, uint64_t src, uint64_t count);
  Status flush(uint64_t offset, uint64_t size, bool async);
  Status resize(uint64_t new_length);
  Status length(uint64_t& len);
  // The access resolved at open (never default_); fixed for the map's life.
  Status access(Access& out) const {
    if (Status s = check_open(); s != Status::ok) return s;
    out = access_;
    return Status::ok;
  }
  Status size(uint64_t& size);
  Status madvise(int advice, uint64_t start, uint64_t len);
  Status buffer_acquire(void*& data, uint64_t& len);
  Status buffer_release();

 private:
  // o.access is already resolved into access by the caller.
  Status open_handle(os::Handle h, Access access, const MapOptions& o, bool anonymous);
  Status check_open() const;
  Status check_writable() const;
  // check_open(), and not poisoned by an earlier fault: once a guarded touch
  // found vanished pages, calls that touch memory fail until resize or close.
  Status check_touchable() const;
  // with_guard() that also remembers a fault.
  template <class Op>
  Status touch(const void* lo, size_t len, Op&& op) const;
  uint8_t* data() const noexcept { return base_ == nullptr ? nullptr : base_ + delta_; }
  os::MapRequest request(uint64_t map_length) const;
  Status remap_to(uint64_t new_length);
  Status grow_file(uint64_t old_size, uint64_t new_end);
  void release_reservation();
  Status resize_file_unmapped(uint64_t new_length, uint64_t old_size, uint64_t new_end);
  Status replace_anonymous(uint64_t new_length);
  // Caller holds mu_ (shared or exclusive).
  Status copy_out(uint64_t pos, void* buf, size_t n) const;

  // Exclusive: anything that changes the mapping, the cursor or the bytes
  // (so concurrent readers never see a torn write). Shared: everything that
  // only reads. resize() and close() therefore wait for calls in flight.
  mutable std::shared_mutex mu_;

  os::Handle handle_ = os::kNoHandle;  // kNoHandle for private anonymous maps
  uint8_t* base_ = nullptr;            // start of the OS mapping (aligned)
  uint64_t delta_ = 0;                 // offset_ minus the aligned map offset
  uint64_t offset_ = 0;                // file offset of byte 0 of the map
  uint64_t length_ = 0;                // Python len()
  uint64_t cursor_ = 0;                // may exceed length_ after a shrink
  Access access_ = Access::write;      // effective: DEFAULT resolved
  bool anonymous_ = false;             // no file: anonymous or named shared memory
  bool named_ = false;
  bool populate_ = false;
  // Blocks allocated past the end of the file by an earlier grow (0: none),
  // valid while the file still ends where the map does (offset_ + length_).
  // A map that grows again and again grows into them with a plain truncate
  // instead of reserving 1 MiB at a time; shrink and close give them back.
  uint64_t reserved_end_ = 0;
  uint32_t grows_ = 0;
  std::atomic<bool> closed_{false};
  std::atomic<uint64_t> exports_{0};          // acquired buffers
  std::atomic<bool> size_unsynced_{false};    // file size changed since the last sync flush
  mutable std::atomic<bool> faulted_{false};  // a guarded touch found vanished pages (check_touchable)
};

}  // namespace mmf::core
