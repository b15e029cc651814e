# x86_64-freebsd with zig's toolchain (cmake/zig.cmake): the library and the C test
# programs are built, warnings as errors; nothing runs.
set(CMAKE_SYSTEM_NAME FreeBSD)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MMF_ZIG_TARGET x86_64-freebsd)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
