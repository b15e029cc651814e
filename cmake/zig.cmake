# Cross-compiles with zig's C/C++ toolchain: its clang, the libc headers and
# stubs it ships for macOS and FreeBSD, and its libc++ (the ziglang package,
# which scripts/install-deps.sh installs into build/venv). Included by the
# per-target files (zig-<target>.cmake), which set CMAKE_SYSTEM_NAME,
# CMAKE_SYSTEM_PROCESSOR and MMF_ZIG_TARGET. What this builds cannot run here:
# the presets that use it build and test nothing else (scripts/test.sh).
if(NOT MMF_ZIG)
  set(MMF_ZIG $ENV{MMF_ZIG})
endif()
if(NOT MMF_ZIG)
  file(GLOB _mmf_zig_found ${CMAKE_CURRENT_LIST_DIR}/../build/venv/lib/python3*/site-packages/ziglang/zig)
  list(GET _mmf_zig_found 0 MMF_ZIG)
endif()
if(NOT EXISTS "${MMF_ZIG}")
  message(FATAL_ERROR "zig not found: run scripts/install-deps.sh (it installs ziglang into build/venv), "
    "or set MMF_ZIG to a zig binary")
endif()

# CMake wants one program per tool; zig is one program with subcommands, so
# each tool is a small script that adds the subcommand and the target. zig
# caches what it builds (its libc++ for each target, about a minute each) in
# one cache for the three presets, under build/, whatever HOME is.
set(_mmf_zig_bin ${CMAKE_BINARY_DIR}/zig-tools)
get_filename_component(_mmf_zig_cache ${CMAKE_CURRENT_LIST_DIR}/../build/zig-cache ABSOLUTE)
foreach(_tool cc c++ ar ranlib)
  set(_args ${_tool})
  if(_tool STREQUAL "cc" OR _tool STREQUAL "c++")
    set(_args "${_tool} -target ${MMF_ZIG_TARGET}")
  endif()
  file(WRITE ${_mmf_zig_bin}/${_tool} "#!/bin/sh\nexport ZIG_GLOBAL_CACHE_DIR=\"\${ZIG_GLOBAL_CACHE_DIR:-${_mmf_zig_cache}}\"\n"
    "exec \"${MMF_ZIG}\" ${_args} \"$@\"\n")
  file(CHMOD ${_mmf_zig_bin}/${_tool} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)
endforeach()
set(CMAKE_C_COMPILER ${_mmf_zig_bin}/cc)
set(CMAKE_CXX_COMPILER ${_mmf_zig_bin}/c++)
set(CMAKE_AR ${_mmf_zig_bin}/ar CACHE FILEPATH "zig ar")
set(CMAKE_RANLIB ${_mmf_zig_bin}/ranlib CACHE FILEPATH "zig ranlib")
# Sub-builds (try_compile) get the same zig.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MMF_ZIG)

# Nothing of the build host (GoogleTest, Google Benchmark, JNI...) belongs in
# a macOS or FreeBSD binary: look for libraries and packages nowhere.
set(CMAKE_FIND_ROOT_PATH ${CMAKE_CURRENT_LIST_DIR}/no-target-sysroot)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
