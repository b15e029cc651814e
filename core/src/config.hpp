// Build facts the core branches on, in one place: which sanitizer is on and
// which of the fast paths this target may use. The CMake option
// MMF_FORCE_FALLBACKS defines MMF_FORCE_FALLBACKS, which switches every fast
// path off so that the portable code runs (and is tested) on Linux too.
#pragma once

#include "features.hpp"  // generated: what the target has (core/CMakeLists.txt)

#if defined(__SANITIZE_THREAD__)
#define MMF_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MMF_TSAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define MMF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MMF_ASAN 1
#endif
#endif

// The fault guard's fix-up routines (guard_x86_64.S), x86-64 Linux and
// x86-64 Windows built with mingw-w64 (GNU assembler); elsewhere the
// portable sigsetjmp path (access.cpp).
// - MMF_GUARD_LEAF_COPY: byte copies go through the leaf routine, which a
//   fault leaves by a normal return. Not under ASan, which could then not
//   check the caller's buffer.
// - MMF_GUARD_PCFIXUP: compiled code (searches, memmove) runs through the
//   trampoline, which a fault leaves past the frames it abandons. Not in
//   sanitizer builds: ASan and TSan intercept siglongjmp to keep their
//   shadow stacks right, and know nothing of a context the handler moved.
// - MMF_GUARD_EXTABLE: the inline exception-table sites of the small-read
//   fast paths (access.hpp), ELF only: they need a section the linker
//   collects with start and stop symbols, and the sites' entries must follow
//   their function's section group, which COFF cannot say from inline
//   assembly. Windows' fast paths call the leaf copy instead.
#if defined(__x86_64__) && !defined(MMF_FORCE_FALLBACKS) && \
    (defined(__linux__) || (defined(_WIN64) && defined(__GNUC__)))
#if !defined(MMF_ASAN)
#define MMF_GUARD_LEAF_COPY 1
#endif
#if !defined(MMF_TSAN) && !defined(MMF_ASAN)
#define MMF_GUARD_PCFIXUP 1
#endif
#if defined(MMF_GUARD_LEAF_COPY) && defined(__ELF__)
#define MMF_GUARD_EXTABLE 1
#endif
#endif

// For declarations of the core's globals that the inline fast paths read:
// hidden, so that a -fPIC reference is one PC-relative access instead of an
// address from the GOT (-fvisibility=hidden covers definitions only). COFF
// has no visibility.
#if defined(_WIN32)
#define MMF_HIDDEN
#else
#define MMF_HIDDEN __attribute__((visibility("hidden")))
#endif

// Where a thread's epoch slot lives (epoch.hpp). MMF_EPOCH_SLOT_IN_TLS: in
// the thread's initial-exec TLS block (ELF targets, native TLS), so that a
// section's store goes straight to a %fs-relative address instead of first
// loading the slot's address, which measurably shortens the small-read fast
// path (core/README.md, "Reads without a lock"). Elsewhere (mingw-w64's
// emulated TLS, macOS's TLV descriptors, and MMF_FORCE_FALLBACKS, so that
// the portable layout is tested on Linux) the slot is a heap object that TLS
// points to.
#if defined(__ELF__) && !defined(MMF_FORCE_FALLBACKS)
#define MMF_EPOCH_SLOT_IN_TLS 1
#endif

// The asymmetric fence: membarrier where the kernel has it (Linux),
// FlushProcessWriteBuffers on Windows. ThreadSanitizer does not model either,
// so its builds use the symmetric (seq_cst) protocol, which it does understand.
#if !defined(MMF_FORCE_FALLBACKS) && !defined(MMF_TSAN) && (MMF_HAVE_MEMBARRIER || defined(_WIN32))
#define MMF_ASYMMETRIC_FENCE 1
#endif

// The other calls beyond POSIX (platform_posix.cpp), each 1 only where the
// target has it and fallbacks are not forced; core/README.md, "Platforms",
// lists each one's fallback and the test that runs it.
// - mremap: else a grow maps afresh and retires the old mapping.
// - memfd_create: else an unlinked shm_open object.
// - MAP_POPULATE: else madvise(WILLNEED) and a guarded read of each page.
// - fallocate(FALLOC_FL_KEEP_SIZE): else no blocks are reserved past the end
//   of the file, and every grow reserves its own range.
// posix_fallocate (FreeBSD, Linux) and F_PREALLOCATE (macOS) are how a grow
// reserves its blocks at all, so they are not switched off.
#if defined(MMF_FORCE_FALLBACKS)
#define MMF_USE_MREMAP 0
#define MMF_USE_MEMFD_CREATE 0
#define MMF_USE_MAP_POPULATE 0
#define MMF_USE_FALLOCATE_KEEP_SIZE 0
#else
#define MMF_USE_MREMAP MMF_HAVE_MREMAP
#define MMF_USE_MEMFD_CREATE MMF_HAVE_MEMFD_CREATE
#define MMF_USE_MAP_POPULATE MMF_HAVE_MAP_POPULATE
#define MMF_USE_FALLOCATE_KEEP_SIZE MMF_HAVE_FALLOCATE_KEEP_SIZE
#endif

// Direct readers (direct.hpp): code outside the library (a binding's JIT-
// compiled load) reads mapped bytes inside an epoch section of its own. They
// need the asymmetric fence (they can issue no fence of their own) and the
// POSIX fault handler, which puts zeros in place of a page that vanished
// under one of their loads.
#if defined(MMF_ASYMMETRIC_FENCE) && !defined(_WIN32)
#define MMF_DIRECT_READERS 1
// Registered load sites (direct::add_load_site): the handler reads the
// view from a register of the interrupted context, which it knows how to
// name on x86-64 Linux only.
#if defined(__x86_64__) && defined(__linux__)
#define MMF_DIRECT_LOAD_SITES 1
#endif
#endif
