// The operating-system layer: everything the map object needs from the OS,
// behind one small interface with two implementations, platform_posix.cpp
// and platform_win32.cpp. Every function reports failures through fail_os()
// (POSIX) or its Windows equivalent, naming the system call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "status.hpp"

namespace mmf::core::os {

#ifdef _WIN32
using Handle = void*;  // a HANDLE: a file, or a section (file mapping object)
inline constexpr Handle kNoHandle = nullptr;
// Windows cannot shrink a file while any view of it is mapped (in any
// process), nor change the size of a section backed by the paging file.
inline constexpr bool kCanTruncateMapped = false;
inline constexpr bool kCanResizeMemoryObject = false;
#else
using Handle = int;  // a file descriptor on POSIX
inline constexpr Handle kNoHandle = -1;
inline constexpr bool kCanTruncateMapped = true;
#if defined(__APPLE__)
// macOS sizes a POSIX shared-memory object once (a second ftruncate is
// EINVAL) and has no memfd, so an anonymous map is resized by copying, as on
// Windows. A kernel rule that no header shows: no feature check can find it.
inline constexpr bool kCanResizeMemoryObject = false;
#else
inline constexpr bool kCanResizeMemoryObject = true;
#endif
#endif

uint64_t page_size();
uint64_t allocation_granularity();

struct OpenFlags {
  bool write = false;
  bool create = false;
  bool exclusive = false;
  bool nofollow = false;
  bool owner_only = false;  // mode 0600 for a created file
};

// created tells whether this call created the file, so that a caller that
// fails afterwards can remove it again instead of leaving debris behind.
Status open_file(const char* path, OpenFlags flags, Handle& out, bool& created);
void remove_file(const char* path);
// Duplicates a C runtime file descriptor (on Windows: the CRT descriptor's
// OS handle) into a handle mmf owns.
Status duplicate_fd(int fd, Handle& out);
void close_handle(Handle h);

struct FileInfo {
  bool regular = false;
  uint64_t size = 0;
};
Status file_info(Handle h, FileInfo& out);

// A shared-memory object with no name, `length` bytes of zeros (a memfd where
// there is memfd_create, else an unlinked shm_open object; a section backed
// by the paging file on Windows). On POSIX it can be
// resized like a file (kCanResizeMemoryObject).
Status create_anonymous_object(uint64_t length, Handle& out);

// Named shared memory: shm_open("/" + name) on POSIX, a named section on
// Windows. The name has been validated (validate_tagname in map.hpp).
struct NamedRequest {
  const char* name = nullptr;
  bool write = false;        // open for writing (creating always writes)
  bool may_create = false;   // create the object when the name is free
  bool exclusive = false;    // only create: an existing name is an error
  uint64_t create_size = 0;  // size of a new object (a multiple of the page size)
};
// created: this call made the object (the caller unlinks it on a later
// failure). size: the object's size in bytes.
Status open_named(const NamedRequest& req, Handle& out, bool& created, uint64_t& size);
// Removes the name; a name that does not exist is not an error. On Windows
// names cannot be removed (they vanish with the last handle): a no-op.
Status unlink_named(const char* name);
// The size of an anonymous or named shared-memory object.
Status shared_size(Handle h, uint64_t& out);

// Grow the file to new_size, reserving its blocks first so that running out
// of space is an error now rather than a fault on a later store. On failure
// the file keeps old_size.
Status grow_file(Handle h, uint64_t old_size, uint64_t new_size);
Status truncate_file(Handle h, uint64_t new_size);
// Allocates the blocks of bytes [from, to) past the end of the file without
// changing its size, so that a later grow into them (truncate_file) needs no
// allocation and cannot run out of space. Best effort and cheap to refuse:
// false when the OS or file system cannot, or when it would leave less than
// as much free space as it takes. truncate_file to the file's own size frees
// the blocks again.
bool reserve_beyond_end(Handle h, uint64_t from, uint64_t to);
Status sync_file(Handle h);
// The directory that holds `path`, absolute, for sync_directory; "" where
// directory entries need no sync of their own (Windows: NTFS journals them).
std::string parent_directory(const char* path);
// Makes the directory's entries (a file just created in it) durable.
Status sync_directory(const char* dir);

struct MapRequest {
  Handle handle = kNoHandle;   // kNoHandle: private anonymous memory
  bool memory_object = false;  // handle is a shared-memory object, not a file
  uint64_t file_offset = 0;    // a multiple of allocation_granularity()
  uint64_t length = 0;         // > 0
  bool writable = false;
  bool shared = true;
  bool populate = false;
};
Status map(const MapRequest& req, void*& out);
// Grows a mapping made by map() to new_length without moving it or
// disturbing its pages (readers may be copying from them meanwhile); false
// when that cannot be done (no room after it, several VMAs, or no mremap),
// and the caller maps afresh instead. Nothing changes on false.
bool extend_in_place(void* addr, uint64_t old_length, uint64_t new_length);
// Gives back the whole pages of a mapping made by map() past new_length
// (> 0). Where a view cannot be cut (Windows) the tail stays mapped until
// the whole view is unmapped.
void unmap_tail(void* addr, uint64_t old_length, uint64_t new_length);
void unmap(void* addr, uint64_t length);
// Replaces the pages at [addr, addr + length) (page-aligned, inside a
// mapping) with private zero-filled ones, readable and writable: what a
// direct reader's fault leaves in place of vanished file pages (direct.hpp).
// Async-signal-safe (one system call). Status::unsupported on Windows.
Status map_zeros(void* addr, uint64_t length) noexcept;

// addr must be page-aligned. A synchronous flush also flushes the file's
// buffers where the OS needs that separately (Windows: FlushFileBuffers).
Status sync_memory(Handle h, void* addr, uint64_t length, bool async);
// mmf_advice: the portable numbers (MMF_ADVICE_*), mapped to the OS's own.
namespace advice {
inline constexpr int normal = 0;
inline constexpr int random = 1;
inline constexpr int sequential = 2;
inline constexpr int willneed = 3;
inline constexpr int dontneed = 4;
inline constexpr int count = 5;
}  // namespace advice
Status advise(void* addr, uint64_t length, int mmf_advice);

}  // namespace mmf::core::os
