// A host process that set up SIGBUS before using mmf (as a JVM would), then
// uses mmf, whose guard must chain to what was there. Run as
// `probe FILE [MODE]`; FILE is two pages long. Exit codes: 42 = the expected
// outcome of the mode; a death by a signal is checked by the caller; anything
// else is a failure. A watchdog turns a hang into SIGALRM.
//   (none)        a host handler: receives the foreign fault after mmf turned
//                 its own into a status.
//   ignored-fault SIG_IGN: a foreign fault must still kill (SIGBUS), as the
//                 kernel would, not spin.
//   default-kill  SIG_DFL: kill(getpid(), SIGBUS) must kill (SIGBUS).
//   ignored-kill  SIG_IGN: the kill is dropped, and the guard still works.
//   handler-kill  a host handler: receives the kill, and the guard still works.
//   outside-range a host handler: a fault on a thread whose guard is armed,
//                 outside the armed range, reaches it.
//   blocked       SIG_DFL, SIGBUS blocked in the thread: the limit mmf.h
//                 states (the kernel kills on a blocked fault, SIGBUS).
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>

#include "access.hpp"
#include "map.hpp"
#include "platform.hpp"

namespace {

volatile sig_atomic_t g_host_calls = 0;

void set_disposition(void (*h)(int)) {
  struct sigaction sa {};
  sa.sa_handler = h;  // NOLINT
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, nullptr);
}

// The map's file is truncated: its own fault must be a status.
bool guard_works(mmf::core::Map& m, const char* path) {
  if (truncate(path, 0) != 0) return false;
  char b = 0;
  size_t n = 0;
  return m.read_at(mmf::core::os::page_size(), &b, 1, n) == mmf::core::Status::fault;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argc > 2 ? argv[2] : "";
  alarm(10);
  struct rlimit no_core {
    0, 0
  };
  setrlimit(RLIMIT_CORE, &no_core);
  const bool exit_handler = std::strcmp(mode, "") == 0 || std::strcmp(mode, "outside-range") == 0;
  if (exit_handler) {
    set_disposition([](int) { _exit(42); });
  } else if (std::strcmp(mode, "handler-kill") == 0) {
    set_disposition([](int) { g_host_calls = g_host_calls + 1; });
  } else if (std::strncmp(mode, "ignored", 7) == 0) {
    set_disposition(SIG_IGN);
  } else {
    set_disposition(SIG_DFL);
  }

  const size_t page = mmf::core::os::page_size();
  mmf::core::Map m;
  if (m.open_path(argv[1], {}) != mmf::core::Status::ok) return 3;

  if (std::strcmp(mode, "blocked") == 0) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGBUS);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    guard_works(m, argv[1]);
    return 11;  // survived: mmf.h's limit no longer holds (update it)
  }
  if (std::strstr(mode, "-kill") != nullptr) {
    kill(getpid(), SIGBUS);
    if (std::strcmp(mode, "default-kill") == 0) return 8;  // should have died
    if (std::strcmp(mode, "handler-kill") == 0 && g_host_calls != 1) return 9;
    return guard_works(m, argv[1]) ? 42 : 10;
  }

  int fd = open(argv[1], O_RDWR);
  auto* p = static_cast<volatile char*>(mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  if (p == MAP_FAILED) return 6;
  if (std::strcmp(mode, "outside-range") == 0) {
    if (ftruncate(fd, 0) != 0) return 4;
    // Armed over page 0 only; page 1 is somebody else's business.
    const mmf::core::Status s = mmf::core::with_guard(const_cast<char*>(p), page, [&] { p[page] = 1; });
    std::printf("a fault outside the armed range was taken as mmf's (%d)\n", static_cast<int>(s));
    return 7;
  }
  if (mode[0] == '\0' && !guard_works(m, argv[1])) return 5;
  if (ftruncate(fd, 0) != 0) return 4;
  p[page] = 1;  // not ours: must reach the host handler, or the default action
  std::puts("foreign fault was swallowed");
  return 7;
}
