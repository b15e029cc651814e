#include "status.hpp"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#ifdef _WIN32
#include <windows.h>
#endif

namespace mmf::core {
namespace {

thread_local std::string t_detail;
thread_local int t_os_error = 0;
thread_local ErrorKind t_kind = ErrorKind::none;

void vformat(std::string& out, const char* fmt, va_list ap) {
  char buf[512];
  va_list copy;
  va_copy(copy, ap);
  int n = std::vsnprintf(buf, sizeof buf, fmt, copy);
  va_end(copy);
  if (n < 0) {
    out = "(unformattable message)";
  } else if (static_cast<size_t>(n) < sizeof buf) {
    out.assign(buf, static_cast<size_t>(n));
  } else {
    out.resize(static_cast<size_t>(n) + 1);
    std::vsnprintf(out.data(), out.size(), fmt, ap);
    out.resize(static_cast<size_t>(n));
  }
}

#ifndef _WIN32
// glibc's strerror_r (GNU) returns the text, which may be a static string
// instead of buf; the POSIX one (macOS, FreeBSD, musl) returns 0 and fills
// buf. Overloading on the result type takes whichever the libc declares.
[[maybe_unused]] const char* strerror_text(const char* gnu, const char* /*buf*/) { return gnu; }
[[maybe_unused]] const char* strerror_text(int posix, const char* buf) { return posix == 0 ? buf : "unknown error"; }
#endif

}  // namespace

Status fail(Status s, const char* fmt, ...) {
  t_os_error = 0;
  t_kind = ErrorKind::none;
  va_list ap;
  va_start(ap, fmt);
  vformat(t_detail, fmt, ap);
  va_end(ap);
  return s;
}

Status fail_kind(Status s, ErrorKind kind, const char* fmt, ...) {
  t_os_error = 0;
  t_kind = kind;
  va_list ap;
  va_start(ap, fmt);
  vformat(t_detail, fmt, ap);
  va_end(ap);
  return s;
}

Status fail_os(Status s, int err, const char* fmt, ...) {
  t_os_error = err;
  t_kind = kind_of_errno(err);
  va_list ap;
  va_start(ap, fmt);
  vformat(t_detail, fmt, ap);
  va_end(ap);
  char buf[256];
#ifdef _WIN32
  if (strerror_s(buf, sizeof buf, err) != 0) buf[0] = '\0';
  const char* text = buf;
#else
  const char* text = strerror_text(strerror_r(err, buf, sizeof buf), buf);
#endif
  t_detail += ": ";
  t_detail += text;
  t_detail += " (errno ";
  t_detail += std::to_string(err);
  t_detail += ")";
  return s;
}

#ifdef _WIN32
Status fail_win(Status s, unsigned long err, const char* fmt, ...) {
  t_os_error = static_cast<int>(err);  // mmf_last_os_error: GetLastError() on Windows
  t_kind = kind_of_win32(err);
  va_list ap;
  va_start(ap, fmt);
  vformat(t_detail, fmt, ap);
  va_end(ap);
  char buf[512];
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, err, 0, buf, sizeof buf,
                           nullptr);
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '.')) --n;
  t_detail += ": ";
  t_detail.append(buf, n);
  t_detail += " (Windows error ";
  t_detail += std::to_string(err);
  t_detail += ")";
  return s;
}
#endif

const std::string& detail() { return t_detail; }

int os_error() { return t_os_error; }

ErrorKind error_kind() { return t_kind; }

ErrorKind kind_of_errno(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return ErrorKind::not_found;
    case EEXIST:
      return ErrorKind::exists;
    case EACCES:
    case EPERM:
      return ErrorKind::permission;
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
      return ErrorKind::no_space;
    case EFBIG:
      return ErrorKind::too_large;
    case ELOOP:
      return ErrorKind::loop;
    case ENAMETOOLONG:
      return ErrorKind::name_too_long;
    default:
      return ErrorKind::other;
  }
}

#ifdef _WIN32
ErrorKind kind_of_win32(unsigned long err) {
  switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
      return ErrorKind::not_found;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
      return ErrorKind::exists;
    case ERROR_ACCESS_DENIED:
    case ERROR_PRIVILEGE_NOT_HELD:
      return ErrorKind::permission;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
      return ErrorKind::no_space;
    case ERROR_FILE_TOO_LARGE:
      return ErrorKind::too_large;
    case ERROR_CANT_RESOLVE_FILENAME:  // too many symbolic links
      return ErrorKind::loop;
    case ERROR_FILENAME_EXCED_RANGE:
      return ErrorKind::name_too_long;
    default:
      return ErrorKind::other;
  }
}
#endif

Status status_from_errno(int err) { return err == ENOMEM ? Status::no_memory : Status::io; }

}  // namespace mmf::core
