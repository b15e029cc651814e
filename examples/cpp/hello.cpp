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
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mmf.hpp>
#include <string>

namespace fs = std::filesystem;

namespace {
// A new file of our own in the system temp dir, removed at the end. mmf
// creates it exclusively (owner only), so it is never someone else's file;
// the standard library has no mkdtemp, and this builds wherever mmf does.
struct temp_file {
  fs::path path;
  temp_file() {
    mmf::options o;
    o.flags = MMF_OPEN_CREATE | MMF_OPEN_EXCLUSIVE | MMF_OPEN_OWNER_ONLY;
    o.length = 1;  // mmf maps at least one byte; the file is rewritten below
    const auto seed = std::chrono::steady_clock::now().time_since_epoch().count();
    for (int attempt = 0;; ++attempt) {
      path = fs::temp_directory_path() / ("mmf-hello-" + std::to_string(seed) + "-" + std::to_string(attempt) + ".txt");
      try {
        (void)mmf::map::open(path.string(), o);
        return;
      } catch (const mmf::error&) {
        if (attempt == 99) throw;  // not a name clash: report it
      }
    }
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    std::error_code ec;
    fs::remove(path, ec);
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
    const temp_file tmp;
    const fs::path& file = tmp.path;
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
