#include "fault_guard.hpp"

#include <pthread.h>
#if defined(MMF_GUARD_LEAF_COPY) || defined(MMF_GUARD_PCFIXUP)
#include <ucontext.h>  // the fix-up edits the interrupted context (macOS has it only for _XOPEN_SOURCE)
#endif

#include <atomic>
#include <csignal>
#include <cstdint>

#include "access.hpp"

namespace mmf::core::fault {
namespace {

struct sigaction g_previous;
struct sigaction g_ours;  // mmf's own, as installed
std::atomic<DirectFaultHook> g_direct_hook{nullptr};

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

// A SIGBUS that is not ours goes where it would have gone without mmf: to
// the previous handler, or to what the kernel does for the previous
// disposition.
void chain(int sig, siginfo_t* info, void* ctx) {
  const struct sigaction& prev = g_previous;
  if ((prev.sa_flags & SA_SIGINFO) != 0 && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, ctx);
    return;
  }
  // A fault comes back when the instruction runs again; anything else a
  // process sent.
  const bool fault = info != nullptr && from_a_fault(info->si_code);
  const bool ignored = prev.sa_handler == SIG_IGN;  // NOLINT: the C API compares handlers so
  if (!ignored && prev.sa_handler != SIG_DFL) {     // NOLINT
    prev.sa_handler(sig);
    return;
  }
  // A sent signal that was ignored is dropped; the guard stays.
  if (ignored && !fault) return;
  // The default action. The kernel does not let a fault be ignored (it
  // would re-execute the instruction forever): it kills, so for a fault an
  // ignored SIGBUS means the default too.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;  // NOLINT
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
  // A fault: return, the instruction faults again, and the process dies of
  // the original signal with a faithful core.
  if (fault) return;
  // Sent by a process: deliver it again, now, under the default action
  // (SA_NODEFER left it unblocked; a wrapping runtime may not have).
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
  // Only reached if the default action did not end the process (it does for
  // SIGBUS): the guard goes back in place.
  sigaction(sig, &g_ours, nullptr);
}

#if defined(MMF_GUARD_LEAF_COPY) || defined(MMF_GUARD_PCFIXUP)
greg_t& pc_of(void* ctx) { return static_cast<ucontext_t*>(ctx)->uc_mcontext.gregs[REG_RIP]; }
#endif

#if defined(MMF_GUARD_EXTABLE)
// The inline sites (access.hpp): a fault on one of their instructions
// resumes at its fix-up, which reports the fault to the caller.
// The linker's names for the bounds of the section (hence reserved ones).
extern "C" const ExtableEntry __start_mmf_extable[]  // NOLINT(bugprone-reserved-identifier)
    __attribute__((weak, visibility("hidden")));
extern "C" const ExtableEntry __stop_mmf_extable[]  // NOLINT(bugprone-reserved-identifier)
    __attribute__((weak, visibility("hidden")));

bool recover_extable(void* ctx) {
  greg_t& ip = pc_of(ctx);
  const auto pc = static_cast<uintptr_t>(ip);
  for (const ExtableEntry* e = __start_mmf_extable; e != nullptr && e < __stop_mmf_extable; ++e) {
    const auto insn = reinterpret_cast<uintptr_t>(&e->insn) + static_cast<intptr_t>(e->insn);
    if (insn != pc) continue;
    const auto fixup = reinterpret_cast<uintptr_t>(&e->fixup) + static_cast<intptr_t>(e->fixup);
    ip = static_cast<greg_t>(fixup);
    return true;
  }
  return false;
}
#endif

#if defined(MMF_GUARD_LEAF_COPY)
// The leaf copy's fault (detail::leaf_owns): the PC moves to its fix-up.
bool recover_leaf(const volatile unsigned char* addr, void* ctx) {
  greg_t& ip = pc_of(ctx);
  if (!detail::leaf_owns(static_cast<uintptr_t>(ip), addr)) return false;
  ip = static_cast<greg_t>(reinterpret_cast<uintptr_t>(mmf_guard_copy_fixup));
  return true;
}
#endif

// A fault on an address of the armed run_guarded() frame's range: back to
// run_guarded, which returns Status::fault.
bool recover_frame(const volatile unsigned char* addr, void* ctx) {
  Frame* f = detail::claim_frame(addr);
  if (f == nullptr) return false;
#if defined(MMF_GUARD_PCFIXUP)
  // mmf_guard_call's recovery label restores the registers it saved below
  // resume_sp and returns 1.
  static_cast<ucontext_t*>(ctx)->uc_mcontext.gregs[REG_RSP] = static_cast<greg_t>(f->resume_sp);
  pc_of(ctx) = static_cast<greg_t>(reinterpret_cast<uintptr_t>(mmf_guard_call_recover));
  return true;
#else
  (void)ctx;
  detail::caught.fetch_add(1, std::memory_order_relaxed);  // lock-free on every target we build for
  // The mask is untouched (SA_NODEFER), so no need to restore it.
  siglongjmp(f->jump, 1);
#endif
}

void handler(int sig, siginfo_t* info, void* ctx) {
  if (info != nullptr && from_a_fault(info->si_code)) {
    const auto* addr = static_cast<const volatile unsigned char*>(info->si_addr);
#if defined(MMF_GUARD_EXTABLE)
    if (recover_extable(ctx)) {
      detail::caught.fetch_add(1, std::memory_order_relaxed);
      return;  // sigreturn resumes the fixed-up context and its signal mask
    }
#endif
#if defined(MMF_GUARD_LEAF_COPY)
    if (recover_leaf(addr, ctx)) {
      detail::caught.fetch_add(1, std::memory_order_relaxed);
      return;
    }
#endif
    if (recover_frame(addr, ctx)) {
      detail::caught.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (DirectFaultHook hook = g_direct_hook.load(std::memory_order_acquire); hook != nullptr && hook(addr, ctx)) {
      detail::caught.fetch_add(1, std::memory_order_relaxed);
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
  g_ours = sa;
  sigaction(SIGBUS, &sa, &g_previous);
}

void set_direct_fault_hook(DirectFaultHook hook) noexcept { g_direct_hook.store(hook, std::memory_order_release); }

void unblock() noexcept {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGBUS);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace mmf::core::fault
