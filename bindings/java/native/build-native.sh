#!/usr/bin/env bash
# Builds the JNI library that the Maven jar carries: the JNI glue
# (generated/mmf_java_wrap.c, committed SWIG output), the C ABI (capi/src/mmf.cpp) and
# the core (core/src), compiled as core/CMakeLists.txt and capi/CMakeLists.txt
# do and linked into one self-contained library, with no libmmf.so to find
# at run time (bindings/rust/mmf-sys/build.rs's `bundled` feature does the
# same for Rust). Needs a C++20 compiler and a JDK's JNI headers; no CMake.
#
#   build-native.sh OUT_DIR [linux-x86_64 | windows-x86_64]
#
# linux-x86_64 (default): OUT_DIR/libmmfjni.so with cc/c++ (or $CC/$CXX),
# libstdc++ and libgcc linked statically, only the JNI entry points exported.
# windows-x86_64: OUT_DIR/mmfjni.dll with the mingw-w64 cross compilers
# (x86_64-w64-mingw32-gcc/g++-posix, as cmake/mingw-w64-x86_64.cmake).
# Called by pom.xml (exec-maven-plugin, phase generate-resources).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:?usage: build-native.sh OUT_DIR [linux-x86_64 | windows-x86_64]}
target=${2:-linux-x86_64}
src=$root/core/src
[ -f "$src/map.cpp" ] && [ -f "$root/capi/src/mmf.cpp" ] ||
  { echo "build-native.sh: the C++ sources are not at $root/core and $root/capi" >&2; exit 1; }

java_home=${JAVA_HOME:-}
if [ -z "$java_home" ]; then
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
fi
[ -f "$java_home/include/jni.h" ] || { echo "build-native.sh: no jni.h under $java_home/include (set JAVA_HOME to a JDK)" >&2; exit 1; }

case $target in
  linux-x86_64)
    cc=${CC:-cc} cxx=${CXX:-c++}
    lib=libmmfjni.so windows=0
    jni_md=$java_home/include/linux
    ;;
  windows-x86_64)
    cc=${MINGW_CC:-x86_64-w64-mingw32-gcc-posix} cxx=${MINGW_CXX:-x86_64-w64-mingw32-g++-posix}
    lib=mmfjni.dll windows=1
    # The JDK here is Linux's: its jni_md.h is for GCC on Linux. Windows'
    # differs only in JNIEXPORT (dllexport); JNICALL (__stdcall) means nothing on x86-64.
    jni_md=$here/win32
    ;;
  *) echo "build-native.sh: unknown target $target (linux-x86_64, windows-x86_64)" >&2; exit 2 ;;
esac
command -v "$cxx" >/dev/null || { echo "build-native.sh: no C++ compiler '$cxx' for $target" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/generated" "$out"

# core/src/features.hpp.in, filled in by compiling the probe written before
# each fact there (the probes core/CMakeLists.txt runs; Windows: none).
holds() {  # holds ITEM: "header:symbol" (its address or its value compiles) or "header"
  local header=${1%%:*} symbol=
  [ "$header" = "$1" ] || symbol=${1#*:}
  if [ -z "$symbol" ]; then
    printf '#define _GNU_SOURCE 1\n#include <%s>\n' "$header" >"$work/probe.c"
    "$cc" -fsyntax-only "$work/probe.c" 2>/dev/null
    return
  fi
  printf '#define _GNU_SOURCE 1\n#include <%s>\nvoid *p = (void *)&%s;\n' "$header" "$symbol" >"$work/probe.c"
  "$cc" -fsyntax-only "$work/probe.c" 2>/dev/null && return 0
  printf '#define _GNU_SOURCE 1\n#include <%s>\nlong v = (long)%s;\n' "$header" "$symbol" >"$work/probe.c"
  "$cc" -fsyntax-only "$work/probe.c" 2>/dev/null
}
probe=
while IFS= read -r line; do
  case $line in
    "// probe: "*)
      probe=${line#"// probe: "}
      echo "$line" ;;
    "#cmakedefine01 "*)
      name=${line#"#cmakedefine01 "}
      [ -n "$probe" ] || { echo "build-native.sh: features.hpp.in has no '// probe:' line before $name" >&2; exit 1; }
      value=0
      if [ "$windows" = 0 ]; then
        value=1
        for item in $probe; do holds "$item" || { value=0; break; }; done
      fi
      probe=
      echo "#define $name $value" ;;
    *) echo "$line" ;;
  esac
done <"$src/features.hpp.in" >"$work/generated/features.hpp"

# As core/CMakeLists.txt: the POSIX or the Windows platform layer and fault
# guard, the search pool on POSIX only, the AVX2 search apart with -mavx2.
sources=()
for f in "$src"/*.cpp; do
  name=$(basename "$f")
  case $name in
    search_avx2.cpp) continue ;;
    *_win32.cpp) [ "$windows" = 1 ] || continue ;;
    platform_posix.cpp | fault_guard.cpp | search_pool.cpp) [ "$windows" = 0 ] || continue ;;
  esac
  sources+=("$f")
done
sources+=("$root/capi/src/mmf.cpp")

# The hardening of the shipped library (the top CMakeLists.txt's mmf_hardening).
common=(-O2 -g0 -fPIC -fvisibility=hidden -fstack-protector-strong -fcf-protection
  -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2 -DMMF_BUILDING -DMMF_STATIC -DNDEBUG)
[ "$windows" = 1 ] || common+=(-fstack-clash-protection)
cxxflags=(-std=c++20 -fvisibility-inlines-hidden "${common[@]}"
  -I"$work/generated" -I"$src" -I"$root/capi/include")

objs=()
compile() {  # compile OBJ COMPILER ARGS...
  local obj=$1; shift
  "$@" -c -o "$obj"
  objs+=("$obj")
}
i=0
for f in "${sources[@]}"; do
  compile "$work/o$i.o" "$cxx" "${cxxflags[@]}" "$f"; i=$((i + 1))
done
compile "$work/avx2.o" "$cxx" "${cxxflags[@]}" -mavx2 "$src/search_avx2.cpp"
# The fault guard's fix-up routines (ELF and PE/COFF alike; config.hpp decides).
compile "$work/guard.o" "$cc" "${common[@]}" -I"$src" "$src/guard_x86_64.S"
# The glue: C99 with SWIG's type punning (-fno-strict-aliasing, as SWIG's manual asks).
compile "$work/wrap.o" "$cc" -std=c99 -fno-strict-aliasing "${common[@]}" -I"$root/capi/include" \
  -I"$java_home/include" -I"$jni_md" "$here/generated/mmf_java_wrap.c"

if [ "$windows" = 0 ]; then
  # Only the JNI entry points are exported; libstdc++ and libgcc come inside,
  # so the library needs nothing newer than the C library of the build machine.
  printf '{\n  global: Java_*; JNI_OnLoad; JNI_OnUnload;\n  local: *;\n};\n' >"$work/jni.map"
  "$cxx" -shared -o "$work/$lib" "${objs[@]}" -static-libstdc++ -static-libgcc -pthread \
    -Wl,--version-script="$work/jni.map" -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -Wl,--no-undefined \
    -Wl,--gc-sections -s
else
  # Everything the DLL needs from the MinGW runtime inside it (libstdc++,
  # libgcc, winpthread): only the system DLLs remain.
  "$cxx" -shared -o "$work/$lib" "${objs[@]}" -static -static-libstdc++ -static-libgcc \
    -fstack-protector-strong -ladvapi32 -Wl,--no-undefined -s
fi
mv "$work/$lib" "$out/$lib"
echo "build-native.sh: $out/$lib ($target)"
