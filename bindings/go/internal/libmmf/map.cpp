#include "map.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstddef>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <string>
#include <utility>

#include "access.hpp"
#include "epoch.hpp"
#include "fault_guard.hpp"
#include "search.hpp"
#include "search_parallel.hpp"

#if !defined(_WIN32)
#include <pthread.h>
#endif

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

namespace {
// Every live map, for the fork child handler. Held across fork() (prepare),
// so that the child's list is whole.
std::mutex g_live_mu;
Map* g_live = nullptr;
}  // namespace

Map::Map() {
#if !defined(_WIN32)
  static std::once_flag once;
  std::call_once(once, [] {
    pthread_atfork([] { g_live_mu.lock(); }, [] { g_live_mu.unlock(); },
                   [] {
                     Map::after_fork_in_child();
                     g_live_mu.unlock();
                   });
  });
#endif
  std::lock_guard lock(g_live_mu);
  live_next_ = g_live;
  if (g_live != nullptr) g_live->live_prev_ = this;
  g_live = this;
}

// The forking thread cannot be inside an mmf call (fork is not called from
// one), so whoever holds a map's lock or is mid-write in the child is a
// thread that no longer exists there: nothing will ever release it.
void Map::after_fork_in_child() noexcept {
  for (Map* m = g_live; m != nullptr; m = m->live_next_) {
    m->mu_.reset_after_fork();
    new (&m->sync_mu_) std::mutex;
    const uint32_t seq = m->direct_.seq.load(std::memory_order_relaxed);
    if ((seq & 1) != 0) m->direct_.seq.store(seq + 1, std::memory_order_relaxed);
  }
}

Map::~Map() {
  {
    std::lock_guard lock(g_live_mu);
    if (live_prev_ != nullptr) live_prev_->live_next_ = live_next_;
    if (live_next_ != nullptr) live_next_->live_prev_ = live_prev_;
    if (g_live == this) g_live = live_next_;
  }
  // close() refuses while buffers are out; destruction (mmf_free) may not.
  // No other thread may use the handle any more, so nothing to wait for.
  reclaim(true);
  View* v = view_.load(std::memory_order_acquire);
  if (v != nullptr) {
    os::unmap(v->base, v->mapped);
    release_reservation(offset_ + v->length);
    os::close_handle(handle_);
    delete v;
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
  if (create && !exclusive && access != Access::write) {
    // A READ or COPY map of a file that exists and is long enough creates
    // and extends nothing, so it needs no write permission on the file.
    os::OpenFlags read_only = of;
    read_only.write = false;
    read_only.create = false;
    os::FileInfo info;
    if (os::open_file(path, read_only, h, created) == Status::ok) {
      if (os::file_info(h, info) == Status::ok && (!info.regular || info.size >= o.offset + o.length)) {
        return open_handle(h, access, o, false);
      }
      os::close_handle(h);
      h = os::kNoHandle;
    }
  }
  if (Status s = os::open_file(path, of, h, created); s != Status::ok) return s;
  Status s = open_handle(h, access, o, false);
  if (s != Status::ok && created) os::remove_file(path);
  // The new name is durable only once its directory is synced.
  if (s == Status::ok && created) dir_to_sync_ = os::parent_directory(path);
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
  // A failed open leaves the file as it found it: what MMF_OPEN_CREATE
  // extended is cut back (the blocks too).
  uint64_t grown_from = 0;
  bool grown = false;
  auto undo_grow = [&] {
    if (grown) (void)os::truncate_file(h, grown_from);
  };

  if (h != os::kNoHandle && !anonymous) {
    os::FileInfo info;
    if (Status s = os::file_info(h, info); s != Status::ok) return s;
    if (!info.regular && length == 0) {
      return fail(Status::invalid_argument, "not a regular file: its size is unknown, so a length is required");
    }
    device_ = !info.regular;
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
          grown = true;
          grown_from = info.size;
          size_gen_.store(1, std::memory_order_relaxed);  // a sync flush fsyncs the new size
        }
      }
    }
  }

  // Before the map exists, so that no touch of it can be unguarded; once per
  // process, so calls need not check.
  fault::install();
  handle_ = h;
  access_ = access;
  anonymous_ = anonymous;
  populate_ = (o.flags & flags::populate) != 0;
  offset_ = o.offset;
  delta_ = o.offset % os::allocation_granularity();
  void* p = nullptr;
  if (Status s = os::map(request(length), p); s != Status::ok) {
    handle_ = os::kNoHandle;
    undo_grow();
    return s;
  }
  View* v = make_view(static_cast<uint8_t*>(p), length);
  if (v == nullptr) {
    os::unmap(p, delta_ + length);
    handle_ = os::kNoHandle;
    undo_grow();
    return fail(Status::no_memory, "out of memory");
  }
  closer.armed = false;
  view_.store(v, std::memory_order_release);
  publish_fast(v);
  return Status::ok;
}

View* Map::make_view(uint8_t* base, uint64_t length) const {
  auto* v = new (std::nothrow) View;
  if (v == nullptr) return nullptr;
  v->base = length == 0 ? nullptr : base;
  v->data = v->base == nullptr ? nullptr : v->base + delta_;
  v->length = length;
  v->end8 = length >= 8 ? length - 7 : 0;
  v->mapped = v->base == nullptr ? 0 : delta_ + length;
  v->handle = handle_;
  v->owner = const_cast<Map*>(this);  // NOLINT(cppcoreguidelines-pro-type-const-cast): the handler poisons through it
  return v;
}

void Map::publish_fast(View* v) {
  const bool usable = v != nullptr && !v->transient && !faulted_.load(std::memory_order_relaxed) &&
                      direct_.patched.load(std::memory_order_seq_cst) == 0;
  const View* fast = usable ? v : &kNoFastView;
  fast_view_.store(fast, std::memory_order_seq_cst);
  publish_direct(exports_.load() == 0 ? fast : &kNoFastView);
}

// DirectBlock::seq_and_patched reads these two as one word.
static_assert(offsetof(DirectBlock, patched) == offsetof(DirectBlock, seq) + 4 && offsetof(DirectBlock, seq) % 8 == 0);

void Map::publish_direct(const View* v) noexcept {
  if (direct_.view.load(std::memory_order_relaxed) == v) return;
  // A seq write, so that a direct reader sees view, data and length of one
  // publication, or retries. kNoFastView's length goes first: a reader that
  // sees it as the view (loads in order) sees length 0 too, as it does after
  // the fault handler's stores.
  begin_write();
  if (v == &kNoFastView) direct_.length.store(0, std::memory_order_relaxed);
  direct_.data.store(reinterpret_cast<uintptr_t>(v->data), std::memory_order_relaxed);
  direct_.view.store(v, std::memory_order_seq_cst);
  direct_.length.store(v->length, std::memory_order_relaxed);
  end_write();
}

Status Map::patched_fault() const {
  return fail(Status::fault, "%s while the call read them (a direct reader found them first)",
              anonymous_ ? "the pages of the map's shared memory vanished" : "the file was truncated under the map");
}

bool Map::direct_fault(const View& v, const volatile unsigned char* addr) noexcept {
  const auto at = reinterpret_cast<uintptr_t>(addr);
  const auto lo = reinterpret_cast<uintptr_t>(v.data);
  if (v.data == nullptr || at < lo || at - lo >= v.length) return false;
  // Outside the current view's bytes, the page belongs to a mapping that a
  // resize or close has already replaced (a shrink truncates the file after
  // it published the shorter view; a close waits for this section): the
  // reader's step 5 finds the seq moved, as any reader of that mapping
  // does, and the zeros go with the mapping. Inside them, the file shrank
  // under the map, which is poisoned first, in every place a reader looks
  // after its copy: this map's calls fail with a fault until resize or
  // close, its fast paths go to the general ones, and direct readers see
  // kNoFastView with length 0.
  const View* cur = view_.load(std::memory_order_seq_cst);
  const auto cur_lo = cur == nullptr ? uintptr_t{0} : reinterpret_cast<uintptr_t>(cur->data);
  if (cur != nullptr && cur->data != nullptr && at >= cur_lo && at - cur_lo < cur->length) {
    direct_.patched.fetch_add(1, std::memory_order_seq_cst);
    faulted_.store(true, std::memory_order_seq_cst);
    fast_view_.store(&kNoFastView, std::memory_order_seq_cst);
    direct_.length.store(0, std::memory_order_seq_cst);
    direct_.view.store(&kNoFastView, std::memory_order_seq_cst);
    // Every thread of the process passes a full barrier before the zeros
    // exist: a thread that reads them executes its later loads after that
    // barrier, so its check of `patched` after the copy sees the count.
    epoch::heavy_fence();
  }
  const uint64_t page = os::page_size();
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): the page is remapped, not written through
  auto* page_start = const_cast<unsigned char*>(addr) - at % page;
  return os::map_zeros(page_start, page) == Status::ok;
}

void Map::publish(View* v, bool unmap_old) {
  View* old = view_.exchange(v, std::memory_order_seq_cst);
  publish_fast(v);
  epoch::synchronize();
  reclaim(true);  // everything retired before is past its grace period too
  if (old == nullptr) return;
  if (unmap_old) os::unmap(old->base, old->mapped);
  delete old;
}

void Map::swap_view(View* v, void* unmap_addr, uint64_t unmap_len, os::Handle close) {
  View* old = view_.exchange(v, std::memory_order_seq_cst);
  publish_fast(v);
  if (retired_count_ == kMaxRetired) {
    // Readers are holding on to many old views (a long search): wait for
    // them once rather than let retired mappings pile up.
    epoch::synchronize();
    reclaim(true);
  }
  retired_[retired_count_++] = Retired{epoch::retire(), old, unmap_addr, unmap_len, close};
  reclaim(false);
}

void Map::reclaim(bool all) {
  size_t kept = 0;
  for (size_t i = 0; i < retired_count_; ++i) {
    Retired& r = retired_[i];
    if (all || epoch::quiescent(r.mark)) {
      if (r.unmap_len != 0) os::unmap(r.unmap_addr, r.unmap_len);
      os::close_handle(r.close);
      delete r.view;
    } else {
      retired_[kept++] = r;
    }
  }
  retired_count_ = kept;
}

View* Map::with_length(const View& v, uint64_t length) const {
  View* w = make_view(v.base, length);
  if (w == nullptr) return nullptr;
  // Same pages: a shorter length over the same mapping.
  w->base = v.base;
  w->data = v.data;
  w->mapped = v.mapped;
  return w;
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

namespace {

Status fail_closed() { return fail(Status::closed, "the map is closed"); }

constexpr const char* kSharedMemoryFault =
    "the pages of the map's shared memory could not be touched: another process truncated the named object, or "
    "the system could not allocate them (shared memory full)";

// How often a positional reader retries after a concurrent write before it
// takes the lock: enough to ride out a writer that was mid-copy, few enough
// that a reader under a stream of writes waits for one lock hand-over only.
constexpr int kOptimisticTries = 3;

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

Status Map::check_touchable() const {
  if (faulted_.load(std::memory_order_relaxed)) {
    return fail(Status::fault, "an earlier call found %s; resize or close it",
                anonymous_ ? "the map's shared memory gone" : "the file truncated under the map");
  }
  return Status::ok;
}

Status Map::check_writable(const View& /*v*/) const {
  if (Status s = check_touchable(); s != Status::ok) return s;
  if (access_ == Access::read) return fail(Status::read_only, "the map is read-only (ACCESS_READ)");
  return Status::ok;
}

Status Map::remember(Status s) const {
  if (s == Status::fault) {
    note_fault(view_.load(std::memory_order_acquire));
    // The guard's message names a truncated file; shared memory has no file.
    if (anonymous_) (void)fail(s, "%s", kSharedMemoryFault);
  }
  return s;
}

template <class Op>
Status Map::read_consistent(Op&& op, bool compiled_reads) const {
#if defined(MMF_TSAN)
  // The optimistic pass races with writers by design and throws away what
  // a write overlapped. ThreadSanitizer sees compiled code's reads (not the
  // leaf copy's), and would report that race: its builds search under the
  // lock instead.
  const bool optimistic = !compiled_reads;
#else
  (void)compiled_reads;
  constexpr bool optimistic = true;
#endif
  if (optimistic) {
    epoch::Section section;
    if (section.entered()) {
      const View* v = view_.load(std::memory_order_seq_cst);
      if (v == nullptr) return fail_closed();
      for (int attempt = 0; attempt < kOptimisticTries && !v->transient; ++attempt) {
        const uint32_t before = direct_.seq.load(std::memory_order_acquire);
        if ((before & 1) == 0) {
          const Status s = op(*v);
          // The bytes were read before the seq is read again (a seqlock).
          seqlock_acquire_fence();
          const bool same = direct_.seq.load(std::memory_order_relaxed) == before;
          if (s == Status::fault) {
            // Vanished pages are the file's doing, unless a shrink of this
            // map published a shorter view (then truncated the file) while
            // this reader was copying from the old one's tail: then the
            // locked pass reads again under the new length. The shrink's
            // publication precedes its truncate, which precedes the fault.
            if (view_.load(std::memory_order_seq_cst) == v) return remember(s);
            break;
          }
          // Range errors depend on the view, not on the bytes.
          if (s != Status::ok || same) return s;
        }
        cpu_relax();
      }
    }
    // Out of the section before taking the lock: a writer holding the lock
    // may be waiting for this section to end.
  }
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  return remember(op(*v));
}

void Map::begin_write() noexcept {
  direct_.seq.store(direct_.seq.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  // The odd value is visible before any byte changes.
  seqlock_release_fence();
}

void Map::end_write() noexcept {
  direct_.seq.store(direct_.seq.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

Status Map::close() {
  std::lock_guard lock(mu_);
  View* v = view_.load(std::memory_order_relaxed);
  if (v == nullptr) return Status::ok;
  if (uint64_t n = exports_.load(); n != 0) {
    return fail(Status::busy, "%" PRIu64 " acquired buffer(s) pin the map; release them first", n);
  }
  closed_.store(true, std::memory_order_release);
  const uint64_t end = offset_ + v->length;
  publish(nullptr, true);
  release_reservation(end);
  os::close_handle(handle_);
  handle_ = os::kNoHandle;
  return Status::ok;
}

Status Map::read(void* buf, size_t cap, size_t& n) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_touchable(); s != Status::ok) return s;
  const uint64_t cur = cursor_.load(std::memory_order_relaxed);
  const uint64_t remaining = cur < v->length ? v->length - cur : 0;
  const auto count = static_cast<size_t>(std::min<uint64_t>(cap, remaining));
  // No pointer arithmetic past the end: an empty map's data is null, and the
  // cursor may be past the end after a shrink.
  if (count > 0) {
    if (Status s = remember(copy(buf, v->data + cur, count, v->data + cur)); s != Status::ok) return s;
  }
  cursor_.store(cur + count, std::memory_order_relaxed);
  n = count;
  return Status::ok;
}

// The general path of read_byte (read_byte_fast in map.hpp goes first).
Status Map::read_byte_slow(uint8_t& out) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_touchable(); s != Status::ok) return s;
  const uint64_t cur = cursor_.load(std::memory_order_relaxed);
  if (cur >= v->length) {
    return fail(Status::out_of_range,
                "read byte out of range: cursor %" PRIu64 " is at or past the end (length %" PRIu64 ")", cur,
                v->length);
  }
  if (Status s = remember(copy(&out, v->data + cur, 1, v->data + cur)); s != Status::ok) return s;
  cursor_.store(cur + 1, std::memory_order_relaxed);
  return Status::ok;
}

Status Map::readline(void* buf, size_t cap, size_t& n) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_touchable(); s != Status::ok) return s;
  const uint64_t cur = cursor_.load(std::memory_order_relaxed);
  const uint64_t remaining = cur < v->length ? v->length - cur : 0;
  const auto window = static_cast<size_t>(std::min<uint64_t>(cap, remaining));
  size_t count = window;
  if (window > 0) {
    const uint8_t* start = v->data + cur;
    Status s = with_guard(start, window, [&] {
      const void* eol = std::memchr(start, '\n', window);
      if (eol != nullptr) count = static_cast<size_t>(static_cast<const uint8_t*>(eol) - start) + 1;
      std::memcpy(buf, start, count);
    });
    if (s == Status::ok) s = touched();
    if (s != Status::ok) return remember(s);
  }
  cursor_.store(cur + count, std::memory_order_relaxed);
  n = count;
  return Status::ok;
}

Status Map::write(const void* buf, size_t len) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_writable(*v); s != Status::ok) return s;
  const uint64_t cur = cursor_.load(std::memory_order_relaxed);
  if (cur > v->length || v->length - cur < len) {
    return fail(Status::out_of_range, "data out of range: %zu bytes at cursor %" PRIu64 " exceed length %" PRIu64, len,
                cur, v->length);
  }
  if (len > 0) {
    begin_write();
    const Status s = copy(v->data + cur, buf, len, v->data + cur);
    end_write();
    if (s != Status::ok) return remember(s);
  }
  cursor_.store(cur + len, std::memory_order_relaxed);
  return Status::ok;
}

Status Map::write_byte(uint8_t b) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_writable(*v); s != Status::ok) return s;
  const uint64_t cur = cursor_.load(std::memory_order_relaxed);
  if (cur >= v->length) {
    return fail(Status::out_of_range,
                "write byte out of range: cursor %" PRIu64 " is at or past the end (length %" PRIu64 ")", cur,
                v->length);
  }
  begin_write();
  const Status s = copy(v->data + cur, &b, 1, v->data + cur);
  end_write();
  if (s != Status::ok) return remember(s);
  cursor_.store(cur + 1, std::memory_order_relaxed);
  return Status::ok;
}

Status Map::seek(int64_t off, int whence, uint64_t& new_pos) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  const uint64_t length = v->length;
  uint64_t origin = 0;
  switch (whence) {
    case whence::set:
      origin = 0;
      break;
    case whence::cur:
      origin = cursor_.load(std::memory_order_relaxed);
      break;
    case whence::end:
      origin = length;
      break;
    default:
      return fail(Status::invalid_argument, "unknown whence %d (expected 0, 1 or 2)", whence);
  }
  // Lengths and cursors never exceed INT64_MAX, so int64 arithmetic with an
  // overflow check covers every case.
  int64_t target = 0;
  if (__builtin_add_overflow(static_cast<int64_t>(origin), off, &target) || target < 0 ||
      static_cast<uint64_t>(target) > length) {
    return fail(Status::out_of_range, "seek out of range: %" PRId64 " from %" PRIu64 " leaves [0, %" PRIu64 "]", off,
                origin, length);
  }
  cursor_.store(static_cast<uint64_t>(target), std::memory_order_relaxed);
  new_pos = static_cast<uint64_t>(target);
  return Status::ok;
}

Status Map::tell(uint64_t& pos) {
  if (closed()) return fail_closed();
  pos = cursor_.load(std::memory_order_relaxed);
  return Status::ok;
}

Status Map::fault_detail(uint64_t pos, size_t cap) const {
  const View* v = view_.load(std::memory_order_acquire);
  const uint64_t length = v == nullptr ? 0 : v->length;
  return remember(report_fault(pos < length ? static_cast<size_t>(std::min<uint64_t>(cap, length - pos)) : cap));
}

// The general path of read_at (Map::read_at in map.hpp tries the common case
// first): errors, collisions with writers, faults.
Status Map::read_at_slow(uint64_t pos, void* buf, size_t cap, size_t& n) {
  size_t count = 0;
  Status s = read_consistent(
      [&](const View& v) {
        if (Status t = check_touchable(); t != Status::ok) return t;
        if (pos > v.length) {
          return fail(Status::out_of_range, "position %" PRIu64 " is past the end (length %" PRIu64 ")", pos, v.length);
        }
        count = static_cast<size_t>(std::min<uint64_t>(cap, v.length - pos));
        return copy(buf, v.data + pos, count, v.data + pos);
      },
      false);
  if (s == Status::ok) n = count;
  return s;
}

Status Map::write_at(uint64_t pos, const void* buf, size_t len) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_writable(*v); s != Status::ok) return s;
  if (pos > v->length || v->length - pos < len) {
    return fail(Status::out_of_range, "%zu bytes at position %" PRIu64 " do not fit in length %" PRIu64, len, pos,
                v->length);
  }
  if (len == 0) return Status::ok;
  begin_write();
  const Status s = copy(v->data + pos, buf, len, v->data + pos);
  end_write();
  return remember(s);
}

Status Map::find(const void* sub, size_t len, int64_t start, int64_t end, bool reverse, int64_t& found) {
  const auto* needle = static_cast<const uint8_t*>(sub);
  int64_t result = -1;
  Status s = read_consistent(
      [&](const View& v) {
        if (Status t = check_touchable(); t != Status::ok) return t;
        const uint64_t lo = clamp_bound(start, cursor_.load(std::memory_order_relaxed), v.length);
        const uint64_t hi = clamp_bound(end, v.length, v.length);
        result = -1;
        if (hi < lo) return Status::ok;
        const uint8_t* hay = v.data + lo;
        const auto n = static_cast<size_t>(hi - lo);
        int64_t idx = -1;
        if (n == 0 || len == 0) {
          // No bytes to touch (and data may be null for an empty map).
          if (len == 0) idx = reverse ? static_cast<int64_t>(n) : 0;
        } else {
          // Searches h[0, count) for the needle, guarded; r relative to h.
          auto search_range = [&](const uint8_t* h, size_t count, int64_t& r) {
            return with_guard(h, count, [&] {
              r = reverse ? search::rfind(h, count, needle, len) : search::find(h, count, needle, len);
            });
          };
          const unsigned threads = n >= search::kParallelMinBytes && len <= n ? search::max_threads() : 1;
          if (threads <= 1) {
            if (Status t = search_range(hay, n, idx); t != Status::ok) return t;
            if (Status t = touched(); t != Status::ok) return t;
          } else {
            Status t = search::parallel_search(
                n, len, reverse, threads, search::kParallelChunkBytes,
                [&](size_t at, size_t count, int64_t& r) { return search_range(hay + at, count, r); }, idx);
            // The helpers' failure detail is theirs; this thread needs its own.
            if (t == Status::fault) return report_fault(n);
            if (t != Status::ok) return t;
            if (t = touched(); t != Status::ok) return t;
          }
        }
        result = idx < 0 ? -1 : static_cast<int64_t>(lo) + idx;
        return Status::ok;
      },
      true);
  if (s == Status::ok) found = result;
  return s;
}

Status Map::move(uint64_t dest, uint64_t src, uint64_t count) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_writable(*v); s != Status::ok) return s;
  const uint64_t length = v->length;
  if (dest > length || src > length || length - dest < count || length - src < count) {
    return fail(Status::out_of_range,
                "source, destination, or count out of range: move(dest=%" PRIu64 ", src=%" PRIu64 ", count=%" PRIu64
                ") in length %" PRIu64,
                dest, src, count, length);
  }
  if (count == 0) return Status::ok;
  uint8_t* d = v->data;
  // The guarded range spans both ends of the move.
  const uint64_t lo = std::min(dest, src);
  begin_write();
  const Status s = with_guard(d + lo, static_cast<size_t>(std::max(dest, src) - lo + count),
                              [&] { std::memmove(d + dest, d + src, static_cast<size_t>(count)); });
  end_write();
  return remember(s == Status::ok ? touched() : s);
}

template <class Op>
Status Map::with_view(Op&& op) const {
  {
    epoch::Section section;
    if (section.entered()) {
      const View* v = view_.load(std::memory_order_seq_cst);
      if (v == nullptr) return fail_closed();
      if (!v->transient) return op(*v);
    }
  }
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  return op(*v);
}

// An epoch section, not the lock: a sync flush can take seconds, and cursor
// calls and writes need not wait for it (resize and close do).
Status Map::flush(uint64_t offset, uint64_t size, bool async) {
  return with_view([&](const View& v) {
    if (offset > v.length) {
      return fail(Status::out_of_range, "flush offset %" PRIu64 " is past the end (length %" PRIu64 ")", offset,
                  v.length);
    }
    uint64_t n = size == 0 ? v.length - offset : size;
    if (v.length - offset < n) {
      return fail(Status::out_of_range, "flush range [%" PRIu64 ", +%" PRIu64 ") leaves the map (length %" PRIu64 ")",
                  offset, n, v.length);
    }
    // Nothing reaches a file from these maps, as in CPython.
    if (anonymous_ || access_ != Access::write) return Status::ok;
    // An empty range has no pages to write, but a size change (a resize to
    // 0) or a new file may still need its fsync.
    if (n > 0) {
      const uint64_t page = os::page_size();
      const uint64_t first = delta_ + offset;
      const uint64_t aligned = first - first % page;
      if (Status s = os::sync_memory(v.handle, v.base + aligned, first + n - aligned, async); s != Status::ok) {
        return s;
      }
    }
    return async ? Status::ok : sync_metadata(v.handle);
  });
}

namespace {
std::atomic<SyncHook> g_sync_hook{nullptr};
}  // namespace

void set_sync_hook_for_tests(SyncHook hook) noexcept { g_sync_hook.store(hook); }

Status Map::sync_metadata(os::Handle h) {
  const uint64_t want = size_gen_.load(std::memory_order_acquire);
  const uint64_t failures = sync_failures_.load(std::memory_order_acquire);
  std::lock_guard lock(sync_mu_);
  if (synced_gen_ >= want && dir_to_sync_.empty()) return Status::ok;
  if (sync_failures_.load(std::memory_order_relaxed) != failures && failed_gen_ >= want) {
    return fail_os(Status::io, failed_error_, "fsync failed (in a flush on another thread that this one waited for)");
  }
  const uint64_t gen = size_gen_.load(std::memory_order_acquire);
  const SyncHook hook = g_sync_hook.load();
  Status s = hook != nullptr ? hook(h, nullptr) : os::sync_file(h);
  if (s == Status::ok && !dir_to_sync_.empty()) {
    s = hook != nullptr ? hook(h, dir_to_sync_.c_str()) : os::sync_directory(dir_to_sync_.c_str());
    if (s == Status::ok) dir_to_sync_.clear();
  }
  if (s != Status::ok) {
    failed_gen_ = gen;
    failed_error_ = os_error();
    sync_failures_.fetch_add(1, std::memory_order_release);
    return s;
  }
  synced_gen_ = gen;
  return Status::ok;
}

Status Map::resize(uint64_t new_length) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
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
  if (device_) {
    return fail(Status::unsupported, "a map of a device (not a regular file) has no file size to change");
  }
  if (new_length > kMaxExtent - offset_) {
    return fail(Status::out_of_range, "offset %" PRIu64 " + new length %" PRIu64 " exceeds INT64_MAX", offset_,
                new_length);
  }
  if (anonymous_ && !os::kCanResizeMemoryObject) return replace_anonymous(*v, new_length);
  // Pages a direct reader's fault replaced with zeros (direct.hpp) go only
  // with a fresh mapping of the whole file.
  uint32_t patches = direct_.patched.load(std::memory_order_seq_cst);
  const uint64_t old_length = v->length;
  const uint64_t new_end = offset_ + new_length;
  os::FileInfo info;
  if (Status s = os::file_info(handle_, info); s != Status::ok) return s;
  if (new_end > info.size) {
    // Grow the file before the map, so no mapped page lies past its end.
    // Anonymous memory is sized, not reserved (reserving commits RAM).
    Status grown = anonymous_ ? os::truncate_file(handle_, new_end) : grow_file(info.size, new_end);
    if (grown != Status::ok) return grown;
    if (Status s = resize_mapping(new_length, patches != 0); s != Status::ok) {
      (void)os::truncate_file(handle_, info.size);
      reserved_end_ = 0;  // that truncate freed them
      return s;
    }
  } else if (new_end < info.size && !os::kCanTruncateMapped) {
    if (Status s = resize_file_unmapped(*v, new_length, info.size, new_end); s != Status::ok) return s;
  } else {
    // A shrink publishes the shorter length first, so that readers starting
    // from here on stay clear of what the truncate removes. Readers still
    // copying from it fault, and the fault sends them to the locked pass
    // (read_consistent), which sees the new length.
    if (new_length < old_length) {
      View* shorter = with_length(*v, new_length);
      if (shorter == nullptr) return fail(Status::no_memory, "out of memory");
      swap_view(shorter, nullptr, 0, os::kNoHandle);
    }
    if (new_end < info.size) {
      if (Status s = os::truncate_file(handle_, new_end); s != Status::ok) {
        // Nothing changed but the published length: put it back (a reader
        // may have seen the shorter length meanwhile; every byte it read
        // was there).
        if (new_length < old_length) {
          if (View* back = with_length(*current(), old_length); back != nullptr) {
            swap_view(back, nullptr, 0, os::kNoHandle);
          }
        }
        return s;
      }
      reserved_end_ = 0;  // a truncate frees the blocks past the new end
    }
    if (Status s = resize_mapping(new_length, patches != 0); s != Status::ok) return s;
  }
  if (new_end != info.size) size_gen_.fetch_add(1, std::memory_order_release);
  if (patches != 0) {
    // The patched mapping is retired. A reader still in a section that
    // began before may have read its zeros and not yet checked `patched`:
    // the count goes only after them, and only if no fault came meanwhile.
    epoch::synchronize();
    direct_.patched.compare_exchange_strong(patches, 0, std::memory_order_seq_cst);
  }
  // The file now covers every mapped page again.
  faulted_.store(direct_.patched.load(std::memory_order_seq_cst) != 0, std::memory_order_relaxed);
  publish_fast(view_.load(std::memory_order_relaxed));
  return Status::ok;
}

// Makes the published mapping new_length bytes long. Nothing waits for
// readers: what they may still be copying from is retired (swap_view) and
// unmapped once they are done. Growing keeps the pages where they are when
// the OS can; otherwise the file is mapped afresh. On failure nothing has
// changed.
Status Map::resize_mapping(uint64_t new_length, bool fresh) {
  const View& v = *current();
  const uint64_t want = new_length == 0 ? 0 : delta_ + new_length;
  if (!fresh && new_length == v.length && want == v.mapped) return Status::ok;
  if (new_length == 0 || (!fresh && v.base != nullptr && want <= v.mapped)) {
    // Cut: the tail's whole pages go once no reader can be in them.
    View* cut = new_length == 0 ? make_view(nullptr, 0) : with_length(v, new_length);
    if (cut == nullptr) return fail(Status::no_memory, "out of memory");
    const uint64_t page = os::page_size();
    const uint64_t keep = (want + page - 1) / page * page;
    const uint64_t end = (v.mapped + page - 1) / page * page;
    cut->mapped = new_length == 0 ? 0 : v.mapped;
    uint8_t* base = v.base;
    if (keep < end && base != nullptr) {
      // The kept part stays mapped (length `keep`); the rest is retired.
      if (new_length > 0) cut->mapped = keep;
      swap_view(cut, base + keep, end - keep, os::kNoHandle);
    } else {
      swap_view(cut, nullptr, 0, os::kNoHandle);
    }
    return Status::ok;
  }
  if (!fresh && v.base != nullptr && os::extend_in_place(v.base, v.mapped, want)) {
    View* grown = make_view(v.base, new_length);
    if (grown == nullptr) {
      os::unmap_tail(v.base, want, v.mapped);
      return fail(Status::no_memory, "out of memory");
    }
    swap_view(grown, nullptr, 0, os::kNoHandle);
    return Status::ok;
  }
  void* p = nullptr;
  if (Status s = os::map(request(new_length), p); s != Status::ok) return s;
  View* grown = make_view(static_cast<uint8_t*>(p), new_length);
  if (grown == nullptr) {
    os::unmap(p, want);
    return fail(Status::no_memory, "out of memory");
  }
  swap_view(grown, v.base, v.mapped, os::kNoHandle);
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
  if (reserved_end_ != 0 && (old_size != offset_ + current()->length || new_end > reserved_end_)) {
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
// own size does), when the file still ends at `end`, where the map does.
// Best effort: they are only disk space, and a file system check or the next
// truncate frees them too.
void Map::release_reservation(uint64_t end) {
  if (reserved_end_ == 0) return;
  os::FileInfo info;
  if (os::file_info(handle_, info) == Status::ok && info.size == end) (void)os::truncate_file(handle_, info.size);
  reserved_end_ = 0;
}

// Windows refuses to shrink a file while a view of it is mapped, so the view
// goes first (readers wait on the lock meanwhile: the published view is
// marked transient); if the file still cannot shrink (another map, in this
// or another process, holds it) the old view comes back and the call fails.
Status Map::resize_file_unmapped(const View& v, uint64_t new_length, uint64_t old_size, uint64_t new_end) {
  const uint64_t old_length = v.length;
  View* transient = make_view(nullptr, 0);
  if (transient == nullptr) return fail(Status::no_memory, "out of memory");
  transient->transient = true;
  publish(transient, true);
  Status s = os::truncate_file(handle_, new_end);
  if (s == Status::ok) {
    if (new_length == 0) {
      View* empty = make_view(nullptr, 0);
      if (empty != nullptr) {
        publish(empty, false);
        return Status::ok;
      }
      s = fail(Status::no_memory, "out of memory");
    } else {
      void* p = nullptr;
      s = os::map(request(new_length), p);
      if (s == Status::ok) {
        View* fresh = make_view(static_cast<uint8_t*>(p), new_length);
        if (fresh != nullptr) {
          publish(fresh, false);
          return Status::ok;
        }
        os::unmap(p, delta_ + new_length);
        s = fail(Status::no_memory, "out of memory");
      }
    }
    (void)os::grow_file(handle_, new_end, old_size);  // best effort: the old size back
  }
  // Keep the failure's message: restoring the view is not what failed. A
  // copy, because the next fail() overwrites the thread's detail.
  const std::string reason = detail();  // NOLINT(performance-unnecessary-copy-initialization)
  void* p = nullptr;
  View* back = nullptr;
  if (old_length == 0 || os::map(request(old_length), p) == Status::ok) {
    back = make_view(static_cast<uint8_t*>(p), old_length);
    if (back == nullptr) os::unmap(p, delta_ + old_length);
  }
  if (back == nullptr) {
    // Nothing is mapped any more; a closed map is the honest state.
    closed_.store(true, std::memory_order_release);
    publish(nullptr, false);
    os::close_handle(handle_);
    handle_ = os::kNoHandle;
    return fail(Status::io, "%s; the old view could not be restored, so the map is now closed", reason.c_str());
  }
  publish(back, false);
  return fail(s, "%s", reason.c_str());
}

// Where a shared-memory object cannot change size (Windows), an unnamed
// anonymous map grows or shrinks into a new object: nobody else can see it,
// so a copy is indistinguishable from a resize. Readers go on reading the
// old object until the new one is published.
Status Map::replace_anonymous(const View& v, uint64_t new_length) {
  os::Handle h = os::kNoHandle;
  void* p = nullptr;
  if (new_length > 0) {
    if (Status s = os::create_anonymous_object(new_length, h); s != Status::ok) return s;
    os::MapRequest r = request(new_length);
    r.handle = h;
    if (Status s = os::map(r, p); s != Status::ok) {
      os::close_handle(h);
      return s;
    }
    const auto keep = static_cast<size_t>(std::min(new_length, v.length));
    if (Status s = remember(copy(p, v.data, keep, v.data)); s != Status::ok) {
      os::unmap(p, new_length);
      os::close_handle(h);
      return s;
    }
  }
  const os::Handle old = handle_;
  handle_ = h;
  View* fresh = make_view(static_cast<uint8_t*>(p), new_length);
  if (fresh == nullptr) {
    handle_ = old;
    os::unmap(p, new_length);
    os::close_handle(h);
    return fail(Status::no_memory, "out of memory");
  }
  swap_view(fresh, v.base, v.mapped, old);
  return Status::ok;
}

Status Map::length(uint64_t& len) {
  return with_view([&](const View& v) {
    len = v.length;
    return Status::ok;
  });
}

Status Map::size(uint64_t& size) {
  return with_view([&](const View& v) {
    if (named_) return os::shared_size(v.handle, size);
    if (anonymous_) {
      size = v.length;
      return Status::ok;
    }
    os::FileInfo info;
    if (Status s = os::file_info(v.handle, info); s != Status::ok) return s;
    size = info.size;
    return Status::ok;
  });
}

Status Map::madvise(int advice, uint64_t start, uint64_t len) {
  return with_view([&](const View& v) {
    if (advice < 0 || advice >= os::advice::count) return fail(Status::invalid_argument, "unknown advice %d", advice);
    if (start >= v.length) {
      return fail(Status::out_of_range, "madvise start %" PRIu64 " out of bounds (length %" PRIu64 ")", start,
                  v.length);
    }
    // As CPython: a start+len past the largest signed size is an error, a
    // merely long range is clamped to the end.
    if (len > kMaxExtent - start) {
      return fail(Status::out_of_range, "madvise start %" PRIu64 " + length %" PRIu64 " overflows", start, len);
    }
    const uint64_t n = (len == 0 || len > v.length - start) ? v.length - start : len;
    const uint64_t page = os::page_size();
    const uint64_t first = delta_ + start;
    const uint64_t aligned = first - first % page;
    return os::advise(v.base + aligned, first + n - aligned, advice);
  });
}

Status Map::buffer_acquire(void*& data_out, uint64_t& len) {
  std::lock_guard lock(mu_);
  const View* v = current();
  if (v == nullptr) return fail_closed();
  if (Status s = check_touchable(); s != Status::ok) return s;
  if (exports_.load() == 0) {
    // A buffer's reader has no fault guard, and must never read zeros a
    // direct reader's fault put in place (direct.hpp): direct readers stop
    // first, and the buffer waits for those already reading.
    publish_direct(&kNoFastView);
    if (direct_used_.load(std::memory_order_seq_cst)) epoch::synchronize();
  }
  exports_.fetch_add(1);
  data_out = v->data;
  len = v->length;
  return Status::ok;
}

Status Map::buffer_release() {
  // Under the lock: the last release gives direct readers the view back.
  std::lock_guard lock(mu_);
  if (closed()) return fail_closed();
  const uint64_t n = exports_.load();
  if (n == 0) return fail(Status::invalid_argument, "no buffer is acquired");
  exports_.store(n - 1);
  if (n == 1) publish_direct(fast_view_.load(std::memory_order_relaxed));
  return Status::ok;
}

}  // namespace mmf::core
