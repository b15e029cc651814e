#include "fault_guard.hpp"

#include <pthread.h>
#if defined(MMF_GUARD_LEAF_COPY) || defined(MMF_GUARD_PCFIXUP)
#include <ucontext.h>  // the fix-up edits the interrupted context (macOS has it only for _XOPEN_SOURCE)
#endif

#include <atomic>
#include <csignal>
#include <cstdint>

#if defined(MMF_GUARD_LEAF_COPY) || defined(MMF_GUARD_PCFIXUP)
// guard_x86_64.S
extern "C" {
extern const char mmf_guard_copy_begin[];
extern const char mmf_guard_copy_end[];
extern const char mmf_guard_copy_fixup[];
extern const char mmf_guard_call_recover[];
}
#endif

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

// Resumes the interrupted code at the recovery point of the guarded routine
// that faulted; false when the fault is in none of them (then it is not
// ours after all, and is chained).
bool recover(Frame& f, void* ctx) {
#if defined(MMF_GUARD_LEAF_COPY) || defined(MMF_GUARD_PCFIXUP)
  auto* uc = static_cast<ucontext_t*>(ctx);
  greg_t& ip = uc->uc_mcontext.gregs[REG_RIP];
  const auto pc = static_cast<uintptr_t>(ip);
#endif
#if defined(MMF_GUARD_LEAF_COPY)
  if (pc >= reinterpret_cast<uintptr_t>(mmf_guard_copy_begin) && pc < reinterpret_cast<uintptr_t>(mmf_guard_copy_end)) {
    // The leaf copy keeps its stack pointer where the call left it.
    ip = static_cast<greg_t>(reinterpret_cast<uintptr_t>(mmf_guard_copy_fixup));
    return true;
  }
#endif
  if (f.resume_sp == 0) return false;  // a leaf frame, and the PC is elsewhere
#if defined(MMF_GUARD_PCFIXUP)
  uc->uc_mcontext.gregs[REG_RSP] = static_cast<greg_t>(f.resume_sp);
  ip = static_cast<greg_t>(reinterpret_cast<uintptr_t>(mmf_guard_call_recover));
  return true;
#else
  (void)ctx;
  t_frame = nullptr;
  detail::caught.fetch_add(1, std::memory_order_relaxed);  // lock-free on every target we build for
  // The mask is untouched (SA_NODEFER), so no need to restore it.
  siglongjmp(f.jump, 1);
#endif
}

// Raised by the kernel for this thread's own access, as opposed to sent by a
// process (kill, sigqueue), which carries no fault address. Not "si_code >
// 0": Linux numbers the sent codes from 0 down, but macOS and FreeBSD number
// them from 0x10001 up (SI_USER), so the test names the fault codes.
bool from_a_fault(int code) {
#ifdef BUS_MCEERR_AR
  if (code == BUS_MCEERR_AR) return true;  // Linux: a memory error under the access
#endif
  return code == BUS_ADRALN || code == BUS_ADRERR || code == BUS_OBJERR;
}

void handler(int sig, siginfo_t* info, void* ctx) {
  Frame* f = t_frame;
  if (f != nullptr && info != nullptr && from_a_fault(info->si_code)) {
    const auto* addr = static_cast<const volatile unsigned char*>(info->si_addr);
    if (addr >= f->lo && addr < f->hi && recover(*f, ctx)) {
      t_frame = nullptr;
      detail::caught.fetch_add(1, std::memory_order_relaxed);
      // Returning resumes the fixed-up context; sigreturn restores the
      // signal mask of the interrupted code.
      return;
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
