// What the target offers beyond POSIX, as core/CMakeLists.txt found it in the
// target's headers (1: present). Facts only: config.hpp decides what to use,
// and MMF_FORCE_FALLBACKS can switch each of them off.
//
// Each fact's probe is written once, here, on the line before it: every item must
// hold; "header:symbol" means the symbol (function, variable or macro) is
// declared with _GNU_SOURCE, "header" alone that the header exists. CMake,
// the Rust crate's bundled build (bindings/rust/mmf-sys/build.rs) and the
// Java jar's build (bindings/java/native/build-native.sh) all read them.
#pragma once

// probe: sys/mman.h:mremap
#define MMF_HAVE_MREMAP 1
// probe: sys/mman.h:memfd_create
#define MMF_HAVE_MEMFD_CREATE 1
// probe: sys/mman.h:MAP_POPULATE
#define MMF_HAVE_MAP_POPULATE 1
// probe: fcntl.h:posix_fallocate
#define MMF_HAVE_POSIX_FALLOCATE 1
// probe: fcntl.h:F_PREALLOCATE
#define MMF_HAVE_F_PREALLOCATE 0
// probe: fcntl.h:fallocate fcntl.h:FALLOC_FL_KEEP_SIZE
#define MMF_HAVE_FALLOCATE_KEEP_SIZE 1
// probe: stdlib.h:arc4random_buf
#define MMF_HAVE_ARC4RANDOM_BUF 1
// probe: linux/membarrier.h sys/syscall.h:__NR_membarrier
#define MMF_HAVE_MEMBARRIER 1
