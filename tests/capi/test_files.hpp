// File helpers shared by the C API and C++ wrapper suites: they reach files
// with streams and std::filesystem, never through a map, so a test can check
// what a map did to the file. Work on POSIX and on Windows (under Wine).
#pragma once

#include <gtest/gtest.h>

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <process.h>
#include <windows.h>
#else
#include <unistd.h>
#endif

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>

namespace mmf_test {

// The file's bytes, read with a file stream.
inline std::string pread_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "open " << path << ": " << std::strerror(errno);
    return {};
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  ASSERT_TRUE(out) << path << ": " << std::strerror(errno);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  ASSERT_TRUE(out) << path;
}

// A fresh, empty directory under $TMPDIR (POSIX) or GetTempPath (Windows).
inline std::string make_temp_dir(const char* prefix) {
#ifdef _WIN32
  static int counter = 0;
  std::error_code ec;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path(ec) / (std::string(prefix) + std::to_string(::_getpid()) + "-" +
                                                  std::to_string(counter++) + "-" + std::to_string(::GetTickCount()));
  if (ec || !std::filesystem::create_directory(dir, ec)) {
    ADD_FAILURE() << "create_directory " << dir.string() << ": " << ec.message();
    return {};
  }
  return dir.string();
#else
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << tmpl << ": " << std::strerror(errno);
    return {};
  }
  return tmpl;
#endif
}

}  // namespace mmf_test
