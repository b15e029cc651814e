// The one path through which the core touches mapped memory.
//
// Every read, write, search and move of mapped bytes runs inside
// with_guard(). A page of a file-backed map can vanish under us (another
// process truncates the file), and the only place that can turn the
// resulting fault into a status instead of a crash is around the touch
// itself, so all touches go through here and the guard lives in one place.
#pragma once

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "config.hpp"
#include "fault_guard.hpp"
#include "status.hpp"
#include "thread_state.hpp"

// guard_x86_64.S: 0, or 1 when a fault in an armed range was recovered.
#if defined(MMF_GUARD_LEAF_COPY)
extern "C" int mmf_guard_copy(void* dst, const void* src, size_t n) noexcept;
#endif
#if defined(MMF_GUARD_PCFIXUP)
extern "C" int mmf_guard_call(void (*fn)(void*), void* ctx, uintptr_t* resume_sp) noexcept;
#endif

namespace mmf::core {

// Calls fn(ctx) with the fault guard armed for [lo, lo+len). Out of line on
// purpose: where the portable sigsetjmp path is used, it lives in a tiny
// frame with nothing the jump could clobber.
Status run_guarded(const void* lo, size_t len, void (*fn)(void*), void* ctx) noexcept;

// Sets the failure detail for a vanished page under a guarded range of len
// bytes and returns Status::fault: what a guarded call reports, for callers
// that learn of the fault on another thread.
Status report_fault(size_t len) noexcept;

// Runs op(), which touches the mapped bytes [lo, lo+len). op must not
// allocate, throw, take locks or own anything with a destructor: when a page
// of that range has vanished it is abandoned half-way and with_guard returns
// Status::fault instead. Faults outside the range are not ours and reach the
// process's previous SIGBUS handler.
template <class Op>
Status with_guard(const void* lo, size_t len, Op&& op) noexcept {
  return run_guarded(
      lo, len, [](void* ctx) { (*static_cast<std::remove_reference_t<Op>*>(ctx))(); },
      const_cast<void*>(static_cast<const void*>(&op)));
}

// Copies n bytes from src to dst, where `mapped` (src or dst) is the mapped
// side: the guard is armed for [mapped, mapped + n). guarded_copy_quiet
// leaves the failure detail alone (for fast paths that must not contain a
// call); guarded_copy sets it. Inline, and on x86-64
// Linux a leaf routine in the guard's fix-up range (guard_x86_64.S): the
// hot path of every small read and write costs two thread-local stores and
// a call, no sigsetjmp.
[[gnu::always_inline]] inline Status guarded_copy_quiet(void* dst, const void* src, size_t n,
                                                        const void* mapped) noexcept {
#if defined(MMF_GUARD_LEAF_COPY)
  t_thread.leaf_lo = static_cast<const volatile unsigned char*>(mapped);
  t_thread.leaf_hi = t_thread.leaf_lo + n;
  std::atomic_signal_fence(std::memory_order_seq_cst);  // armed before the call
  // Called from inline assembly that names what the routine clobbers, so
  // the caller keeps its values in the other call-clobbered registers
  // instead of saving callee-saved ones in every fast path. The red zone
  // is stepped over: the call pushes a return address below %rsp.
  int faulted = 0;
  void* d = dst;
  const void* s = src;
  size_t len = n;
  asm volatile(
      "sub $128, %%rsp\n\t"
      "call mmf_guard_copy\n\t"
      "add $128, %%rsp"
      : "=a"(faulted), "+D"(d), "+S"(s), "+d"(len)
      :
      : "rcx", "r8", "xmm0", "xmm1", "cc", "memory");
  std::atomic_signal_fence(std::memory_order_seq_cst);
  return faulted == 0 ? Status::ok : Status::fault;
#else
  return with_guard(mapped, n, [&] { std::memcpy(dst, src, n); });
#endif
}

inline Status guarded_copy(void* dst, const void* src, size_t n, const void* mapped) noexcept {
  const Status s = guarded_copy_quiet(dst, src, n, mapped);
  return s == Status::fault ? report_fault(n) : s;
}

#if defined(MMF_GUARD_LEAF_COPY)
// One entry of the exception table (the kernel's ex_table): the faulting
// instruction and where it resumes, each as an offset from its own field,
// so the table needs no relocation. Collected by the linker between
// __start_mmf_extable and __stop_mmf_extable; fault_guard.cpp searches it.
// The sites sit in inline functions, so their entries and fix-ups go into
// the section group of the function that holds them ("?"): when the linker
// drops a duplicate copy of the function, its entries go with it.
struct ExtableEntry {
  int32_t insn;
  int32_t fixup;
};

// Loads a T from src and a T ending at src + n, for 1 <= n <= 2 * sizeof(T)
// and n >= sizeof(T) (two overlapping loads cover every such length). The
// loads are exception-table sites: a fault on either resumes at a fix-up
// that sets the result to true. No call, no armed range, no register saved:
// the fastest guarded access there is, for the small reads that dominate
// positional access. The instructions can only touch the map, so the table
// entry alone identifies the fault as ours.
template <class T>
[[gnu::always_inline]] inline bool guarded_load_pair(const void* src, size_t n, T& a, T& b) noexcept {
  int faulted = 0;
  asm volatile(
      "1: mov (%[s]), %[a]\n\t"
      "2: mov -%c[w](%[s],%[n]), %[b]\n\t"
      "3:\n\t"
      ".pushsection mmf_extable, \"a?\"\n\t"
      ".balign 4\n\t"
      ".long 1b - ., 4f - .\n\t"
      ".long 2b - ., 4f - .\n\t"
      ".popsection\n\t"
      ".pushsection .text.unlikely.mmf_fixup, \"ax?\"\n\t"
      "4: movl $1, %[f]\n\t"
      "jmp 3b\n\t"
      ".popsection"
      : [a] "=&r"(a), [b] "=&r"(b), [f] "+r"(faulted)
      : [s] "r"(src), [n] "r"(n), [w] "i"(sizeof(T))
      : "memory");
  return faulted != 0;
}

// Copies n bytes (1..16) from mapped src to dst; true if the pages vanished.
[[gnu::always_inline]] inline bool guarded_read_small(void* dst, const void* src, size_t n) noexcept {
  auto* d = static_cast<unsigned char*>(dst);
  auto pair = [&](auto a, auto b) {
    using T = decltype(a);
    if (guarded_load_pair<T>(src, n, a, b)) return true;
    std::memcpy(d, &a, sizeof(T));
    std::memcpy(d + n - sizeof(T), &b, sizeof(T));
    return false;
  };
  if (n >= 8) return pair(uint64_t{}, uint64_t{});
  if (n >= 4) return pair(uint32_t{}, uint32_t{});
  if (n >= 2) return pair(uint16_t{}, uint16_t{});
  return pair(uint8_t{}, uint8_t{});
}
#endif

}  // namespace mmf::core
