#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds two consumers outside
# the source tree: one with pkg-config, one with find_package(mmf). Usage:
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
echo "install: 3 passed, 0 failed"
