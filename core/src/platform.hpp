// The operating-system layer: everything the map object needs from the OS,
// behind one small interface so that a Windows implementation can sit beside
// the POSIX one (platform_posix.cpp). Every function reports failures through
// fail_os(), naming the system call.
#pragma once

#include <cstddef>
#include <cstdint>

#include "status.hpp"

namespace mmf::core::os {

using Handle = int;  // a file descriptor on POSIX
inline constexpr Handle kNoHandle = -1;

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
Status duplicate(Handle h, Handle& out);
void close_handle(Handle h);

struct FileInfo {
  bool regular = false;
  uint64_t size = 0;
};
Status file_info(Handle h, FileInfo& out);

// A shared-memory object with no name, `length` bytes of zeros, that can be
// resized like a file (a memfd on Linux).
Status create_anonymous_object(uint64_t length, Handle& out);

// Grow the file to new_size, reserving its blocks first so that running out
// of space is an error now rather than SIGBUS on a later store. On failure the
// file keeps old_size.
Status grow_file(Handle h, uint64_t old_size, uint64_t new_size);
Status truncate_file(Handle h, uint64_t new_size);
Status sync_file(Handle h);

struct MapRequest {
  Handle handle = kNoHandle;  // kNoHandle: private anonymous memory
  uint64_t file_offset = 0;   // a multiple of allocation_granularity()
  uint64_t length = 0;        // > 0
  bool writable = false;
  bool shared = true;
  bool populate = false;
};
Status map(const MapRequest& req, void*& out);
// Change the length of a mapping made by map(); it may move. On failure the
// old mapping is untouched.
Status remap(const MapRequest& req, void* old_addr, uint64_t old_length, void*& out);
void unmap(void* addr, uint64_t length);

// addr must be page-aligned.
Status sync_memory(void* addr, uint64_t length, bool async);
Status advise(void* addr, uint64_t length, int mmf_advice);

}  // namespace mmf::core::os
