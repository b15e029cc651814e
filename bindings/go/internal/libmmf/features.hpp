// What the target offers beyond POSIX (core/src/features.hpp.in), for the
// Go build tag mmf_bundled, where no CMake runs to find it. The facts are
// CMake's own, recorded per OS by bundle.sh and checked against a CMake
// build by the CTest go.bundled.fresh: Linux only, so far.
#pragma once

#if defined(__linux__)
#include "features_linux.hpp"
#else
#error \
    "mmf: the build tag mmf_bundled supports Linux only; elsewhere install libmmf (cmake --install) and build without the tag"
#endif
