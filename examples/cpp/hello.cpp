// hello.cpp - the first example of Python's mmap documentation, through the
// C++ wrapper mmf.hpp (see examples/c/hello.c for the C version):
//
//   with open("hello.txt", "wb") as f: f.write(b"Hello Python!\n")
//   with open("hello.txt", "r+b") as f:
//       mm = mmap.mmap(f.fileno(), 0)
//       print(mm.readline())   # prints "Hello Python!"
//       print(mm[:5])          # prints "Hello"
//       mm[6:] = b" world!\n"
//       mm.seek(0)
//       print(mm.readline())   # prints "Hello  world!" (two spaces, as in Python)
//       mm.close()
//
// Errors surface as mmf::error (status + mmf_last_error() message); main
// reports them and exits with status 1.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mmf.hpp>
#include <string>

namespace fs = std::filesystem;

namespace {
// A fresh directory under the system temp dir, removed with its contents.
struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "mmf-hello-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    path = tmpl;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// The line ends with '\n' already; print adds one only if it does not.
void print(const std::string& s) {
  std::cout << s;
  if (s.empty() || s.back() != '\n') {
    std::cout << '\n';
  }
}
}  // namespace

int main() {
  try {
    const temp_dir dir;
    const fs::path file = dir.path / "hello.txt";
    {
      // write a simple example file
      std::ofstream f(file, std::ios::binary);
      f << "Hello Python!\n";
      if (!f.flush()) {
        std::cerr << "hello: cannot write " << file << '\n';
        return 1;
      }
    }

    // memory-map the file; the default options (length 0) map the whole file
    mmf::map mm = mmf::map::open(file.string());
    print(mm.readline_string());     // prints "Hello Python!"
    print(mm.read_string_at(0, 5));  // prints "Hello"
    mm.write_at(6, " world!\n");     // mm[6:] = " world!\n"
    mm.seek(0);
    print(mm.readline_string());  // prints "Hello  world!"
    mm.close();                   // the destructor would also close
    return 0;
  } catch (const mmf::error& e) {
    std::cerr << "hello: " << e.what() << " (" << mmf::strerror(e.status()) << ")\n";
  } catch (const std::exception& e) {
    std::cerr << "hello: " << e.what() << '\n';
  }
  return 1;
}
