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
#if defined(_WIN64)
#define MMF_SKIP_RED_ZONE(op) ""
#else
#define MMF_SKIP_RED_ZONE(op) op " $128, %%rsp\n\t"
#endif
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
  // is stepped over where the ABI has one (System V): the call pushes a
  // return address below %rsp. Windows has none, and its unwinder must find
  // the return address at the leaf's %rsp.
  int faulted = 0;
  void* d = dst;
  const void* s = src;
  size_t len = n;
  asm volatile(MMF_SKIP_RED_ZONE("sub") "call mmf_guard_copy\n\t" MMF_SKIP_RED_ZONE("add")
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

#if defined(MMF_GUARD_EXTABLE)
// One entry of the exception table (the kernel's ex_table): the faulting
// instruction and where it resumes, each as an offset from its own field,
// so the table needs no relocation. Collected by the linker between
// __start_mmf_extable and __stop_mmf_extable; fault_guard.cpp searches it.
// The sites sit in inline functions, so their entries go into the section
// group of the function that holds them ("?"): when the linker drops a
// duplicate copy of the function, its entries go with it. The section is
// retained ("R", SHF_GNU_RETAIN): nothing refers to it but the
// __start_/__stop_ symbols, and LLD (rustc's default linker on x86-64 Linux)
// or ld with -z start-stop-gc would otherwise collect it under
// --gc-sections, leaving the sites unguarded.
struct ExtableEntry {
  int32_t insn;
  int32_t fixup;
};

// Copies a T from src to dst, and (Pair) a T ending at src + n to the same
// place of dst, for sizeof(T) <= n <= 2 * sizeof(T): two overlapping moves
// cover every such length, one covers n == sizeof(T). The loads are
// exception-table sites whose fix-up is the caller's `fault` label (asm
// goto): no flag to set and test, no call, no armed range. One scratch
// register (the first store goes before the second load), so that read_at's
// fast path needs few registers besides the call-clobbered ones. The
// instructions can only touch the map, so the table entry alone identifies
// the fault as ours. Returns true when a page had vanished (dst may then hold
// some of the bytes).
template <class T, bool Pair>
[[gnu::always_inline]] inline bool guarded_copy_small(void* dst, const void* src, size_t n) noexcept {
  T tmp;
  if constexpr (Pair) {
    asm volatile goto(
        "1: mov (%[s]), %[t]\n\t"
        "mov %[t], (%[d])\n\t"
        "2: mov -%c[w](%[s],%[n]), %[t]\n\t"
        "mov %[t], -%c[w](%[d],%[n])\n\t"
        ".pushsection mmf_extable, \"aR?\"\n\t"
        ".balign 4\n\t"
        ".long 1b - ., %l[fault] - .\n\t"
        ".long 2b - ., %l[fault] - .\n\t"
        ".popsection"
        : [t] "=&r"(tmp)
        : [s] "r"(src), [d] "r"(dst), [n] "r"(n), [w] "i"(sizeof(T))
        : "memory"
        : fault);
  } else {
    (void)n;
    asm volatile goto(
        "1: mov (%[s]), %[t]\n\t"
        "mov %[t], (%[d])\n\t"
        ".pushsection mmf_extable, \"aR?\"\n\t"
        ".balign 4\n\t"
        ".long 1b - ., %l[fault] - .\n\t"
        ".popsection"
        : [t] "=&r"(tmp)
        : [s] "r"(src), [d] "r"(dst)
        : "memory"
        : fault);
  }
  return false;
fault:
  [[unlikely]] return true;
}

// Copies n bytes (1..16) from mapped src to dst; true if the pages vanished.
// The exact widths of typed reads (8 and 4) take a single load: in a loop of
// reads at random positions every load in flight costs about a nanosecond
// (core/README.md, "What a small read costs").
[[gnu::always_inline]] inline bool guarded_read_small(void* dst, const void* src, size_t n) noexcept {
  if (n == 8) [[likely]] {
    return guarded_copy_small<uint64_t, false>(dst, src, n);
  }
  if (n > 8) return guarded_copy_small<uint64_t, true>(dst, src, n);
  if (n >= 4) {
    return n == 4 ? guarded_copy_small<uint32_t, false>(dst, src, n) : guarded_copy_small<uint32_t, true>(dst, src, n);
  }
  if (n >= 2) return guarded_copy_small<uint16_t, true>(dst, src, n);
  return guarded_copy_small<uint8_t, false>(dst, src, n);
}
#endif

}  // namespace mmf::core
