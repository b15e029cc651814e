#include "fault_guard.hpp"

#include <pthread.h>

#include <atomic>
#include <csignal>

namespace mmf::core::fault {
namespace {

using detail::t_frame;

struct sigaction g_previous;

void chain(int sig, siginfo_t* info, void* ctx) {
  const struct sigaction& prev = g_previous;
  if ((prev.sa_flags & SA_SIGINFO) != 0 && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, ctx);
    return;
  }
  if (prev.sa_handler == SIG_IGN) return;  // NOLINT: the C API compares handlers so
  if (prev.sa_handler != SIG_DFL) {        // NOLINT
    prev.sa_handler(sig);
    return;
  }
  // Default action: restore it and return, so the faulting instruction runs
  // again and the process dies of the original signal with a faithful core.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;  // NOLINT
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
}

void handler(int sig, siginfo_t* info, void* ctx) {
  Frame* f = t_frame;
  if (f != nullptr && info != nullptr) {
    const auto* addr = static_cast<const volatile unsigned char*>(info->si_addr);
    if (addr >= f->lo && addr < f->hi) {
      t_frame = nullptr;
      detail::caught.fetch_add(1, std::memory_order_relaxed);  // lock-free on every target we build for
      // The mask is untouched (SA_NODEFER), so no need to restore it.
      siglongjmp(f->jump, 1);
    }
  }
  chain(sig, info, ctx);
}

}  // namespace

void detail::install_handler() {
  struct sigaction sa {};
  sa.sa_sigaction = handler;
  sigemptyset(&sa.sa_mask);
  // SA_ONSTACK: runtimes like Go run threads on small stacks and require it.
  // SA_NODEFER: SIGBUS stays unblocked inside the handler, so jumping out
  // needs no sigprocmask and guarded calls can use the cheap sigsetjmp(.., 0).
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaction(SIGBUS, &sa, &g_previous);
}

void unblock() noexcept {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGBUS);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace mmf::core::fault
