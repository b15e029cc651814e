// What the target offers beyond POSIX, as core/CMakeLists.txt found it in the
// target's headers (1: present). Facts only: config.hpp decides what to use,
// and MMF_FORCE_FALLBACKS can switch each of them off.
#pragma once

#define MMF_HAVE_MREMAP 1
#define MMF_HAVE_MEMFD_CREATE 1
#define MMF_HAVE_MAP_POPULATE 1
#define MMF_HAVE_POSIX_FALLOCATE 1
#define MMF_HAVE_F_PREALLOCATE 0
#define MMF_HAVE_FALLOCATE_KEEP_SIZE 1
#define MMF_HAVE_ARC4RANDOM_BUF 1
#define MMF_HAVE_MEMBARRIER 1
