// anon_fork.cpp - the second example of Python's mmap documentation, through
// the C++ wrapper mmf.hpp (see examples/c/anon_fork.c for the C version):
//
//   mm = mmap.mmap(-1, 13)
//   mm.write(b"Hello world!")
//   pid = os.fork()
//   if pid == 0:  # In a child process
//       mm.seek(0)
//       print(mm.readline())   # prints "Hello world!"
//       mm.close()
//
// The map is 13 bytes and the text 12, so readline() returns the text plus a
// zero byte; the child prints the text up to it. Beyond Python's example the
// child then writes '\n' over the zero byte and the parent checks that it
// sees it: the memory is shared, not copied at fork().
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <mmf.hpp>
#include <string>
#include <string_view>

int main() {
  try {
    mmf::map mm = mmf::map::anonymous(13);
    mm.write("Hello world!");

    std::cout.flush();  // nothing buffered is printed twice
    const pid_t pid = ::fork();
    if (pid < 0) {
      std::perror("anon_fork: fork");
      return 1;
    }
    if (pid == 0) {
      // In a child process. _exit skips the parent's atexit work, so flush by
      // hand; mm's destructor runs before it.
      int rc = 0;
      try {
        mm.seek(0);
        std::string line = mm.readline_string();
        const auto end = line.find_first_of(std::string_view("\0\n", 2));
        if (end != std::string::npos) {
          line.resize(end);
        }
        std::cout << line << '\n' << std::flush;  // prints "Hello world!"
        mm.write_at(12, "\n");
        mm.close();
      } catch (const mmf::error& e) {
        std::cerr << "anon_fork (child): " << e.what() << '\n';
        rc = 1;
      }
      { mmf::map gone = std::move(mm); }  // free the handle before _exit
      ::_exit(rc);
    }

    int wstatus = 0;
    if (::waitpid(pid, &wstatus, 0) != pid) {
      std::perror("anon_fork: waitpid");
      return 1;
    }
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
      std::cerr << "anon_fork: the child failed\n";
      return 1;
    }
    mm.seek(0);
    if (mm.readline_string() != std::string("Hello world!\n")) {
      std::cerr << "anon_fork: the parent does not see the child's write\n";
      return 1;
    }
    std::cout << "parent: the child's write is visible\n";
    mm.close();
    return 0;
  } catch (const mmf::error& e) {
    std::cerr << "anon_fork: " << e.what() << " (" << mmf::strerror(e.status()) << ")\n";
  }
  return 1;
}
