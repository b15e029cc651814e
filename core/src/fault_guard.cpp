#include "fault_guard.hpp"

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <mutex>

namespace mmf::core::fault {
namespace {

// The frame pointer is the handler's only input from the interrupted code.
// volatile keeps the compiler from dropping or sinking the stores around the
// guarded copy (a plain thread-local store followed by a clear is dead to the
// optimiser). initial-exec: the slot lives in the static TLS block, so every
// guarded call reaches it with one %fs-relative access instead of a call to
// __tls_get_addr (12% of a one-byte read's time), and the handler can never
// trigger a lazy TLS allocation. One pointer fits in the static TLS surplus
// glibc keeps for libraries loaded with dlopen (JNI, P/Invoke, cgo).
#if defined(__ELF__)
thread_local Frame* volatile t_frame __attribute__((tls_model("initial-exec"))) = nullptr;
#else
thread_local Frame* volatile t_frame = nullptr;
#endif

struct sigaction g_previous;
std::atomic<unsigned long long> g_caught{0};
std::once_flag g_once;
std::atomic<bool> g_installed{false};  // install()'s fast path: no pthread_once call per touch

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
      g_caught.fetch_add(1, std::memory_order_relaxed);  // lock-free on every target we build for
      // The mask is untouched (SA_NODEFER), so no need to restore it.
      siglongjmp(f->jump, 1);
    }
  }
  chain(sig, info, ctx);
}

void do_install() {
  struct sigaction sa {};
  sa.sa_sigaction = handler;
  sigemptyset(&sa.sa_mask);
  // SA_ONSTACK: runtimes like Go run threads on small stacks and require it.
  // SA_NODEFER: SIGBUS stays unblocked inside the handler, so jumping out
  // needs no sigprocmask and guarded calls can use the cheap sigsetjmp(.., 0).
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaction(SIGBUS, &sa, &g_previous);
}

}  // namespace

void install() {
  if (g_installed.load(std::memory_order_acquire)) return;
  std::call_once(g_once, [] {
    do_install();
    g_installed.store(true, std::memory_order_release);
  });
}

void enter(Frame* f) noexcept {
  t_frame = f;
  std::atomic_signal_fence(std::memory_order_seq_cst);
}

void leave() noexcept {
  std::atomic_signal_fence(std::memory_order_seq_cst);
  t_frame = nullptr;
}

void unblock() noexcept {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGBUS);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

unsigned long long caught() noexcept { return g_caught.load(std::memory_order_relaxed); }

}  // namespace mmf::core::fault
