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
  va_list ap;
  va_start(ap, fmt);
  vformat(t_detail, fmt, ap);
  va_end(ap);
  return s;
}

Status fail_os(Status s, int err, const char* fmt, ...) {
  t_os_error = err;
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

Status status_from_errno(int err) { return err == ENOMEM ? Status::no_memory : Status::io; }

}  // namespace mmf::core
