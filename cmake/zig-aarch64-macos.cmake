# aarch64-macos with zig's toolchain (cmake/zig.cmake): the library and the C test
# programs are built, warnings as errors; nothing runs.
set(CMAKE_SYSTEM_NAME Darwin)
set(CMAKE_SYSTEM_PROCESSOR arm64)
set(MMF_ZIG_TARGET aarch64-macos)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
