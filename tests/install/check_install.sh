#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds consumers outside
# the source tree, with pkg-config and with find_package(mmf), linked to
# libmmf.so and, when it was built, to libmmf.a. Usage:
# check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(find "$prefix" -name 'libmmf.so.1' -printf '%h\n' | head -1)
[ -n "$libdir" ] || { echo "install: libmmf.so.1 was not installed"; exit 1; }

# pkg-config, as a C user would. A build for a distribution package
# (-DMMF_PC_RELOCATABLE=OFF) writes the absolute prefix into mmf.pc; in this
# scratch prefix pkg-config is told where the prefix really is.
export PKG_CONFIG_PATH=$libdir/pkgconfig
pc=(pkg-config)
if grep -q '^prefix=/' "$libdir/pkgconfig/mmf.pc"; then pc+=("--define-variable=prefix=$prefix"); fi
cc -std=c99 -pedantic -Werror "$src/consumer.c" $("${pc[@]}" --cflags --libs mmf) -o "$work/pc_consumer"
LD_LIBRARY_PATH=$libdir "$work/pc_consumer"

# find_package(mmf), as a CMake user would.
cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" >/dev/null
LD_LIBRARY_PATH=$libdir "$work/build/consumer_c"
LD_LIBRARY_PATH=$libdir "$work/build/consumer_cpp"
passed=3

# libmmf.a (-DMMF_BUILD_STATIC=ON): the same consumers linked statically.
# They run with no LD_LIBRARY_PATH, and must not need libmmf.so at all.
no_libmmf_so() {
  if ldd "$1" | grep -q 'libmmf\.so'; then
    echo "install: $1 needs libmmf.so:"; ldd "$1"; exit 1
  fi
  "$1"
}
if [ -f "$libdir/libmmf.a" ]; then
  # Like libmmf.so, the archive defines only mmf_* for the program's link;
  # the C++ runtime's inline functions stay weak (shared COMDAT copies).
  extra=$(nm -g --defined-only "$libdir/libmmf.a" | awk 'NF == 3 && $3 !~ /^mmf_/ && $2 !~ /^[uVW]$/ { print $3 }')
  if [ -n "$extra" ]; then
    echo "install: libmmf.a defines non-mmf_ global symbols:"; echo "$extra" | c++filt; exit 1
  fi
  # pkg-config --static: Libs.private must be enough for a C compiler driver,
  # which does not add the C++ runtime by itself. -l:libmmf.a picks the
  # archive although libmmf.so sits beside it.
  libs=$("${pc[@]}" --static --libs mmf)
  cc -std=c99 -pedantic -Werror "$src/consumer.c" $("${pc[@]}" --cflags mmf) ${libs/-lmmf/-l:libmmf.a} \
    -o "$work/pc_consumer_static"
  no_libmmf_so "$work/pc_consumer_static"
  [ -x "$work/build/consumer_c_static" ] || { echo "install: find_package(mmf) has no mmf::mmf_static"; exit 1; }
  no_libmmf_so "$work/build/consumer_c_static"
  no_libmmf_so "$work/build/consumer_cpp_static"
  passed=$((passed + 3))
  # A truncated file through the inline fast path, linked with the unused
  # sections collected as LLD does (-z start-stop-gc): the exception table
  # must be kept (it is ELF: Linux only).
  if [ "$(uname -s)" = Linux ]; then
    cc -std=c99 -pedantic -Werror -ffunction-sections -fdata-sections "$src/fault_consumer.c" \
      $("${pc[@]}" --cflags mmf) -Wl,--gc-sections -Wl,-z,start-stop-gc ${libs/-lmmf/-l:libmmf.a} -o "$work/fault_consumer_static"
    no_libmmf_so "$work/fault_consumer_static"
    passed=$((passed + 1))
  fi
fi
echo "install: $passed passed, 0 failed"
