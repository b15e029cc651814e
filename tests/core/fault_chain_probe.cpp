// A host process with its own SIGBUS handler (like a JVM): installs it, then
// uses mmf, whose guard must chain to it. Exit codes: 42 = the host handler
// received the foreign fault after mmf turned its own fault into a status;
// anything else is a failure.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "map.hpp"
#include "platform.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  struct sigaction host {};
  host.sa_handler = [](int) { _exit(42); };
  sigemptyset(&host.sa_mask);
  sigaction(SIGBUS, &host, nullptr);

  const size_t page = mmf::core::os::page_size();
  mmf::core::Map m;
  if (m.open_path(argv[1], {}) != mmf::core::Status::ok) return 3;
  if (truncate(argv[1], 0) != 0) return 4;
  char b = 0;
  size_t n = 0;
  if (m.read_at(page, &b, 1, n) != mmf::core::Status::fault) return 5;  // ours: a status

  int fd = open(argv[1], O_RDWR);
  auto* p = static_cast<volatile char*>(mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  if (p == MAP_FAILED) return 6;
  p[page] = 1;  // not ours: must reach the host handler
  std::puts("foreign fault was swallowed");
  return 7;
}
