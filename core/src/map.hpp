// The map object: Python's mmap semantics over a mapping of a file or of
// anonymous memory. Thread-safe; see the locking notes on the members.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "access.hpp"
#include "config.hpp"
#include "epoch.hpp"
#include "platform.hpp"
#include "status.hpp"
#include "ticket_lock.hpp"

namespace mmf::core {

// The seqlock's fences (DirectBlock::seq). ThreadSanitizer does not support
// atomic_thread_fence (GCC warns); its builds run on x86-64 only, where
// these fences compile to nothing but a compiler barrier anyway.
inline void seqlock_acquire_fence() noexcept {
#if defined(MMF_TSAN)
  std::atomic_signal_fence(std::memory_order_acquire);
#else
  std::atomic_thread_fence(std::memory_order_acquire);
#endif
}
inline void seqlock_release_fence() noexcept {
#if defined(MMF_TSAN)
  std::atomic_signal_fence(std::memory_order_release);
#else
  std::atomic_thread_fence(std::memory_order_release);
#endif
}

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

// For tests: replaces the fsync of sync flushes (dir null: the file's;
// otherwise the directory's), to make it slow or fail. Null: the real one.
using SyncHook = Status (*)(os::Handle h, const char* dir);
void set_sync_hook_for_tests(SyncHook hook) noexcept;

// "Argument omitted" for find/rfind positions (MMF_POS_DEFAULT).
inline constexpr int64_t kPosDefault = INT64_MIN;

// What a positional reader needs of the mapping, published as one immutable
// object so that a reader sees a consistent pair of address and length:
// resize and close publish a new one (or none) and free the old one, and its
// pages, only after a grace period (epoch.hpp).
class Map;

struct View {
  uint8_t* base = nullptr;  // start of the OS mapping; null when the length is 0
  uint8_t* data = nullptr;  // byte 0 of the map (base + the offset's remainder)
  uint64_t length = 0;      // Python len()
  // length - 7 when length >= 8, else 0: 8 bytes at pos fit iff pos < end8,
  // one comparison for the 8-byte fast path (kNoFastView's 0 fails all).
  uint64_t end8 = 0;
  uint64_t mapped = 0;  // bytes mapped at base
  os::Handle handle = os::kNoHandle;
  // The mapping is being replaced (Windows: unmapped, truncated, mapped
  // again): readers take the lock and wait instead of touching it.
  bool transient = false;
  // The map it belongs to (null for kNoFastView): the fault handler finds a
  // direct reader's map from the view in its slot (direct.hpp).
  Map* owner = nullptr;
};

// What a direct reader (direct.hpp, mmf_direct.h) reads of a map, in one
// standard-layout block, so that a binding can address each field from the
// offsets mmf_direct_layout() gives.
struct DirectBlock {
  explicit DirectBlock(const View* none) noexcept : view(none) {}
  // The map's seqlock: even when no write is under way; readers retry when
  // it moved. Publications of `view` are writes too. Aligned to 8 with
  // `patched` after it, so that the fast path reads both in one load
  // (seq_and_patched).
  alignas(8) std::atomic<uint32_t> seq{0};
  // Non-zero once a direct reader's fault replaced a vanished page with
  // zeros (a count of such faults), until a resize maps the file afresh:
  // every touch of mapped bytes checks it after its copy (direct.hpp).
  std::atomic<uint32_t> patched{0};
  // The view direct readers may use: the fast view while no buffer is
  // acquired, else kNoFastView (length 0); the fault handler sets
  // kNoFastView, which is how a reader learns that its read faulted.
  std::atomic<const View*> view;
  // view's data and length, for a reader that cannot follow a pointer into a
  // View (a JVM); written with view inside one seq write.
  std::atomic<uint64_t> data{0};
  std::atomic<uint64_t> length{0};

  // seq and patched as one 8-byte atomic load: writers store seq and the
  // fault handler adds to patched, each with its own 4-byte atomic, and a
  // reader that compares the whole word before and after its copy sees
  // either move with the one comparison the seqlock alone needed (a load
  // and a branch fewer on the small-read path than two checks). An aligned
  // 8-byte load is single-copy atomic on every target, and GCC's atomic
  // builtins read through the cast without aliasing assumptions.
  // ThreadSanitizer would see mixed-size accesses: its builds load the two
  // separately.
  uint64_t seq_and_patched(int order) const noexcept {
#if defined(MMF_TSAN)
    const uint64_t lo = seq.load(static_cast<std::memory_order>(order));
    const uint64_t hi = patched.load(static_cast<std::memory_order>(order));
    return kSeqLow ? lo | hi << 32 : hi | lo << 32;
#else
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): see above
    return __atomic_load_n(reinterpret_cast<const uint64_t*>(&seq), order);
#endif
  }
  // Where seq sits in that word: its parity is bit 0 or bit 32.
  static constexpr bool kSeqLow = std::endian::native == std::endian::little;
  static bool seq_odd(uint64_t word) noexcept { return ((kSeqLow ? word : word >> 32) & 1) != 0; }
};

class Map {
 public:
  Map();
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

  // Cursor calls: under the writer lock, so atomic with respect to each
  // other and to writes.
  Status read(void* buf, size_t cap, size_t& n);
  Status read_byte(uint8_t& out);
  Status read_byte_slow(uint8_t& out);
  Status readline(void* buf, size_t cap, size_t& n);
  Status write(const void* buf, size_t len);
  Status write_byte(uint8_t b);
  Status seek(int64_t off, int whence, uint64_t& new_pos);
  Status tell(uint64_t& pos);
  // Positional reads: no lock, no atomic read-modify-write (see core/README.md).
  Status read_at(uint64_t pos, void* buf, size_t cap, size_t& n);
  enum class FastRead { ok, fault, slow };
  FastRead read_at_fast(uint64_t pos, void* buf, size_t cap, size_t& n) const;
  // The same for exactly kWidth bytes (8: the typed reads of every binding),
  // with the width a constant: no length dispatch, one register fewer.
  template <size_t kWidth>
  FastRead read_at_fast_exact(uint64_t pos, void* buf, size_t& n) const;
  // read_byte's common case, inline like read_at_fast (fault: remembered,
  // the caller reports it).
  FastRead read_byte_fast(uint8_t& out);
  // Reads of at most this many bytes take read_at_fast's inline copy.
  static constexpr size_t kFastReadMax = 16;
  // The failure detail of a read of cap bytes at pos that a fast path found
  // faulting (they set none themselves); returns Status::fault.
  Status fault_detail(uint64_t pos, size_t cap) const;
  Status find(const void* sub, size_t len, int64_t start, int64_t end, bool reverse, int64_t& found);
  Status length(uint64_t& len);
  // The access resolved at open (never default_); fixed for the map's life.
  Status access(Access& out) const {
    if (closed()) return fail(Status::closed, "the map is closed");
    out = access_;
    return Status::ok;
  }
  Status size(uint64_t& size);
  Status flush(uint64_t offset, uint64_t size, bool async);
  Status madvise(int advice, uint64_t start, uint64_t len);
  // Writers and mapping changes: under the writer lock.
  Status write_at(uint64_t pos, const void* buf, size_t len);
  Status move(uint64_t dest, uint64_t src, uint64_t count);
  Status resize(uint64_t new_length);
  Status buffer_acquire(void*& data, uint64_t& len);
  Status buffer_release();

  // Direct readers (direct.hpp). The block they read; valid until the map
  // is destroyed.
  const DirectBlock& direct_block() noexcept {
    direct_used_.store(true, std::memory_order_seq_cst);
    return direct_;
  }
  // From the fault handler, on the faulting thread, inside that thread's
  // section on v (one of this map's views): the direct reader's load at addr
  // faulted. Poisons the map, maps a page of zeros over the vanished one so
  // that the load can run again, and returns true; false when addr is not
  // in v. Async-signal-safe.
  bool direct_fault(const View& v, const volatile unsigned char* addr) noexcept;

 private:
  // read_at_fast and read_at_fast_exact: kWidth 0 reads cap bytes, else
  // exactly kWidth (cap unused).
  template <size_t kWidth>
  FastRead read_at_fast_impl(uint64_t pos, void* buf, size_t cap, size_t& n) const;
  // o.access is already resolved into access by the caller.
  Status open_handle(os::Handle h, Access access, const MapOptions& o, bool anonymous);
  Status check_writable(const View& v) const;
  // Not poisoned by an earlier fault: once a guarded touch found vanished
  // pages, calls that touch memory fail until resize or close.
  Status check_touchable() const;
  // guarded_copy() of n bytes (none: nothing touched). Faults are recorded
  // by the caller (remember()), which knows whether the map is to blame.
  Status copy(void* dst, const void* src, size_t n, const void* mapped) const {
    if (n == 0) return Status::ok;
    const Status s = guarded_copy(dst, src, n, mapped);
    return s == Status::ok ? touched() : s;
  }
  // After a touch of mapped bytes that found no fault: the pages it touched
  // may have been replaced with zeros meanwhile, by a direct reader's fault
  // (direct.hpp), in which case the file shrank under the call: a fault.
  Status touched() const { return direct_.patched.load(std::memory_order_seq_cst) != 0 ? patched_fault() : Status::ok; }
  Status patched_fault() const;
  Status read_at_slow(uint64_t pos, void* buf, size_t cap, size_t& n);
  // Runs op(view) for a positional reader: first without a lock, in an epoch
  // section, checked against direct_.seq so that a concurrent write cannot tear what
  // it read; after a few collisions (or while the mapping is replaced) under
  // the writer lock, so readers cannot starve either.
  // compiled_reads: op reads mapped bytes with compiled code (a search), not
  // only through the leaf copy (see the TSan note in map.cpp).
  template <class Op>
  Status read_consistent(Op&& op, bool compiled_reads) const;
  // Runs op(view) in an epoch section, for readers that touch no mapped
  // bytes (length, size) or need no consistency with writes (flush, madvise).
  template <class Op>
  Status with_view(Op&& op) const;
  // Brackets a change of mapped bytes (direct_.seq odd while it runs). Writer lock held.
  void begin_write() noexcept;
  void end_write() noexcept;
  // Publishes v (null: closed) in place of the current view, waits until no
  // reader can still hold the old one, and frees it; unmap: also unmaps the
  // old view's pages (they are no longer the current view's). Writer lock held.
  void publish(View* v, bool unmap_old);
  // Publishes v without waiting: the old view, the mapping range
  // [unmap_addr, +unmap_len) and the handle `close` are retired, and freed
  // by a later writer call once no reader can still use them. Writer lock held.
  void swap_view(View* v, void* unmap_addr, uint64_t unmap_len, os::Handle close);
  // Frees what was retired and is past its grace period (all: everything).
  void reclaim(bool all);
  View* make_view(uint8_t* base, uint64_t length) const;
  // A view of the same pages as v with another length.
  View* with_length(const View& v, uint64_t length) const;
  Status remember(Status s) const;
  // Remembers a fault found while reading view v (and takes the fast path
  // off while the map is poisoned). Inline: called from the fast paths,
  // where a call would make the compiler save registers on every read.
  void note_fault(const View* v) const {
    faulted_.store(true, std::memory_order_relaxed);
    // Only if v is still the fast view: a resize may have published a new
    // one (and cleared the fault) meanwhile.
    const View* expected = v;
    fast_view_.compare_exchange_strong(expected, &kNoFastView, std::memory_order_seq_cst);
  }
  // fast_view_ for v (kNoFastView if v is null or transient, or the map
  // faulted), and direct_.view after it (kNoFastView while buffers are out).
  void publish_fast(View* v);
  // direct_.view, data and length, as one seq write. Writer lock held.
  void publish_direct(const View* v) noexcept;
  os::MapRequest request(uint64_t map_length) const;
  // fresh: map the file anew even where the pages could stay (some were
  // replaced with zeros, direct.hpp).
  Status resize_mapping(uint64_t new_length, bool fresh);
  Status grow_file(uint64_t old_size, uint64_t new_end);
  void release_reservation(uint64_t end);
  Status resize_file_unmapped(const View& v, uint64_t new_length, uint64_t old_size, uint64_t new_end);
  Status replace_anonymous(const View& v, uint64_t new_length);
  // The part of a sync flush that msync does not cover: the file's size
  // and a created file's directory entry (fsync).
  Status sync_metadata(os::Handle h);
  // In a child of fork(): frees the lock and closes the seqlock of every
  // live map, which threads that do not exist in the child may have held.
  static void after_fork_in_child() noexcept;
  // The published view, for holders of the writer lock (nothing changes it then).
  const View* current() const noexcept { return view_.load(std::memory_order_relaxed); }

  // Everything that changes the bytes, the cursor or the mapping holds it;
  // first come, first served, so resize and close cannot starve.
  mutable TicketLock mu_;
  // The published view; null once closed. Readers load it seq_cst inside an
  // epoch section (the protocol's other half is in publish()).
  std::atomic<View*> view_{nullptr};
  // view_ while nothing is unusual (not closed, not faulted, not transient),
  // else kNoFastView, whose length 0 sends every fast path to its general
  // one: read_at_fast's bounds test covers all of those, with no test for
  // null. Published and retired together with view_.
  static constexpr View kNoFastView{};
  mutable std::atomic<const View*> fast_view_{&kNoFastView};
  // The seqlock and what direct readers read.
  DirectBlock direct_{&kNoFastView};
  std::atomic<uint64_t> cursor_{0};  // may exceed the length after a shrink

  // Set by the open call, then constant.
  uint64_t delta_ = 0;             // offset_ minus the aligned map offset
  uint64_t offset_ = 0;            // file offset of byte 0 of the map
  Access access_ = Access::write;  // effective: DEFAULT resolved
  bool anonymous_ = false;         // no file: anonymous or named shared memory
  bool named_ = false;
  bool populate_ = false;
  bool device_ = false;  // a file map of something with no size (/dev/zero)

  // Under mu_.
  os::Handle handle_ = os::kNoHandle;  // kNoHandle for private anonymous maps
  // Blocks allocated past the end of the file by an earlier grow (0: none),
  // valid while the file still ends where the map does (offset_ + length).
  // A map that grows again and again grows into them with a plain truncate
  // instead of reserving 1 MiB at a time; shrink and close give them back.
  uint64_t reserved_end_ = 0;
  uint32_t grows_ = 0;
  struct Retired {
    uint64_t mark;  // epoch::retire()'s
    View* view;
    void* unmap_addr;
    uint64_t unmap_len;
    os::Handle close;
  };
  static constexpr size_t kMaxRetired = 8;
  Retired retired_[kMaxRetired] = {};
  size_t retired_count_ = 0;

  std::atomic<bool> closed_{false};
  std::atomic<uint64_t> exports_{0};  // acquired buffers
  // Sync flushes: the fsyncs their msync needs run one at a time, under
  // sync_mu_, and a flush that waited for one that failed gets its error (a
  // second fsync would not report it again).
  std::atomic<uint64_t> size_gen_{0};  // bumped by every change of the file's size
  std::atomic<uint64_t> sync_failures_{0};
  std::mutex sync_mu_;
  uint64_t synced_gen_ = 0;  // under sync_mu_: what the last good fsync covered
  uint64_t failed_gen_ = 0;  // under sync_mu_: what the last failed one did
  int failed_error_ = 0;
  std::string dir_to_sync_;                   // a created file's directory, until a sync flush syncs it
  mutable std::atomic<bool> faulted_{false};  // a guarded touch found vanished pages (check_touchable)
  // A direct reader asked for this map's layout (mmf_direct_layout_of): from
  // then on, acquiring a buffer waits for direct readers to leave.
  std::atomic<bool> direct_used_{false};

  // The process-wide list of live maps (after_fork_in_child), under its mutex.
  Map* live_prev_ = nullptr;
  Map* live_next_ = nullptr;
};

// Inline, so that the C ABI's mmf_read_at is one function: the common case
// of a positional read (an epoch section, one view, one copy validated
// against direct_.seq). FastRead::ok: done, n set. FastRead::fault: the pages
// vanished (remembered; fault_detail() sets the message). FastRead::slow:
// nothing happened; read_at() takes the general path (errors, collisions
// with a writer, a shrink in progress).
[[gnu::always_inline]] inline Map::FastRead Map::read_at_fast(uint64_t pos, void* buf, size_t cap, size_t& n) const {
  return read_at_fast_impl<0>(pos, buf, cap, n);
}

template <size_t kWidth>
[[gnu::always_inline]] inline Map::FastRead Map::read_at_fast_exact(uint64_t pos, void* buf, size_t& n) const {
  static_assert(kWidth >= 1 && kWidth <= kFastReadMax);
  return read_at_fast_impl<kWidth>(pos, buf, kWidth, n);
}

template <size_t kWidth>
[[gnu::always_inline]] inline Map::FastRead Map::read_at_fast_impl(uint64_t pos, void* buf, size_t cap_arg,
                                                                   size_t& n) const {
  // No call and few instructions on this path: the reads of a loop overlap
  // their cache misses only as far as the CPU's window reaches, and every
  // instruction here takes room in it (core/README.md, "What a small read
  // costs"). So fast_view_ is kNoFastView whenever anything is unusual
  // (closed, faulted, being replaced), the copy is inline (exception-table
  // sites), and even the fault path makes no call, so that the values live
  // here fit in the call-clobbered registers and none is saved.
  // A constant width needs no length test and holds no register for it.
  const size_t cap = kWidth != 0 ? kWidth : cap_arg;
  // cap - 1 wraps for 0. Tested first, where it holds no register across
  // the rest.
  if (kWidth == 0 && cap - 1 >= kFastReadMax) [[unlikely]] {
    return FastRead::slow;
  }
  if (!epoch::enter_fast()) [[unlikely]] {
    return FastRead::slow;
  }
  const View* v = fast_view_.load(std::memory_order_seq_cst);
  const uint64_t before = direct_.seq_and_patched(__ATOMIC_ACQUIRE);
  bool outside;
  if constexpr (kWidth == 8) {
    outside = pos >= v->end8;
  } else {
    // pos + cap cannot overflow once pos <= len; kNoFastView's length 0 fails.
    const uint64_t len = v->length;
    outside = pos > len || cap > len - pos;
  }
  if (DirectBlock::seq_odd(before) || outside) [[unlikely]] {
    epoch::leave_fast();
    return FastRead::slow;
  }
#if defined(MMF_GUARD_EXTABLE)
  const bool faulted = guarded_read_small(buf, v->data + pos, cap);
#else
  const bool faulted = guarded_copy_quiet(buf, v->data + pos, cap, v->data + pos) != Status::ok;
#endif
  // The bytes were read before the seq is read again (a seqlock).
  seqlock_acquire_fence();
  // A write, or a direct reader's fault that put zeros where the bytes were
  // (direct.hpp): the general path reads again or reports the fault. A
  // count already non-zero before the copy is the general path's too: the
  // map is faulted then, and the fast view is kNoFastView, so that read
  // never got here.
  const bool moved = direct_.seq_and_patched(__ATOMIC_RELAXED) != before;
  if (!faulted && !moved) [[likely]] {
    epoch::leave_fast();
    n = cap;
    return FastRead::ok;
  }
  // As in read_consistent: the file's doing, unless a shrink moved on.
  const bool ours = faulted && view_.load(std::memory_order_seq_cst) == v;
  epoch::leave_fast();
  if (ours) {
    // note_fault() without its compare-and-swap, whose fixed registers
    // would make every read save two: the fast path goes off even if a
    // resize has just published a new view, which costs that view only its
    // fast path (faulted_ is set either way, as note_fault() sets it).
    faulted_.store(true, std::memory_order_relaxed);
    fast_view_.store(&kNoFastView, std::memory_order_release);
    return FastRead::fault;
  }
  return FastRead::slow;
}

[[gnu::always_inline]] inline Map::FastRead Map::read_byte_fast(uint8_t& out) {
#if defined(MMF_GUARD_EXTABLE)
  mu_.lock();
  // Under the lock fast_view_ is stable: kNoFastView (length 0) when
  // closed or poisoned.
  const View* v = fast_view_.load(std::memory_order_relaxed);
  const uint64_t cur = cursor_.load(std::memory_order_relaxed);
  FastRead r = FastRead::slow;
  if (cur < v->length) [[likely]] {
    if (!guarded_copy_small<uint8_t, false>(&out, v->data + cur, 1)) [[likely]] {
      // Zeros from a direct reader's fault (direct.hpp): the general path
      // reports it.
      if (direct_.patched.load(std::memory_order_seq_cst) == 0) [[likely]] {
        cursor_.store(cur + 1, std::memory_order_relaxed);
        r = FastRead::ok;
      }
    } else {
      note_fault(v);
      r = FastRead::fault;
    }
  }
  mu_.unlock();
  return r;
#else
  (void)out;
  return FastRead::slow;
#endif
}

inline Status Map::read_byte(uint8_t& out) {
  switch (read_byte_fast(out)) {
    case FastRead::ok:
      return Status::ok;
    case FastRead::fault:
      return fault_detail(0, 1);
    case FastRead::slow:
      break;
  }
  return read_byte_slow(out);
}

inline Status Map::read_at(uint64_t pos, void* buf, size_t cap, size_t& n) {
  switch (read_at_fast(pos, buf, cap, n)) {
    case FastRead::ok:
      return Status::ok;
    case FastRead::fault:
      return fault_detail(pos, cap);
    case FastRead::slow:
      break;
  }
  return read_at_slow(pos, buf, cap, n);
}

}  // namespace mmf::core
