// Status codes and the thread-local failure detail of the core.
#pragma once

#include <cstdint>
#include <string>

// printf-style checking of the format strings; mingw-w64 compilers take
// "printf" to mean msvcrt's dialect, while mmf formats with the C99 one.
#if defined(__MINGW32__)
#define MMF_PRINTF(fmt, args) [[gnu::format(gnu_printf, fmt, args)]]
#else
#define MMF_PRINTF(fmt, args) [[gnu::format(printf, fmt, args)]]
#endif

namespace mmf::core {

// Values equal mmf_status in capi/include/mmf.h; the C layer casts between them.
enum class Status : int {
  ok = 0,
  invalid_argument = 1,
  closed = 2,
  read_only = 3,
  out_of_range = 4,
  busy = 5,
  io = 6,
  no_memory = 7,
  unsupported = 8,
  fault = 9,
};

// Values equal mmf_error_kind in capi/include/mmf.h: the portable kind of
// the OS error behind a failure.
enum class ErrorKind : int {
  none = 0,
  other = 1,
  not_found = 2,
  exists = 3,
  permission = 4,
  no_space = 5,
  too_large = 6,
  loop = 7,
  name_too_long = 8,
};

// The core only knows *why* an operation failed; the C layer knows which call
// and arguments it was. So the core leaves its reason in a thread-local string
// and the C layer prefixes the call when it builds the public message.
MMF_PRINTF(2, 3) Status fail(Status s, const char* fmt, ...);

// As fail(), with the OS error text and number appended.
MMF_PRINTF(3, 4) Status fail_os(Status s, int err, const char* fmt, ...);

// As fail(), for a refusal that has a kind but no OS error of its own (a
// check the library makes on the OS's behalf, e.g. a reparse point refused
// as ELOOP would be).
MMF_PRINTF(3, 4) Status fail_kind(Status s, ErrorKind kind, const char* fmt, ...);

#ifdef _WIN32
// As fail(), with the text of a Windows error code (GetLastError()) appended.
MMF_PRINTF(3, 4) Status fail_win(Status s, unsigned long err, const char* fmt, ...);
#endif

// The reason left by the last fail()/fail_os() on this thread.
const std::string& detail();

// The OS error number of the last fail_os() on this thread; 0 after fail().
int os_error();

// The kind of the last failure on this thread: none after fail().
ErrorKind error_kind();

// The kind of an errno value, and (Windows) of a GetLastError() value.
ErrorKind kind_of_errno(int err);
#ifdef _WIN32
ErrorKind kind_of_win32(unsigned long err);
#endif

// Which status an errno from a system call maps to.
Status status_from_errno(int err);

}  // namespace mmf::core
