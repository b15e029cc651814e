#!/usr/bin/env bash
# Runs the Java examples against a CMake build tree (scripts/demo.sh sets
# MMF_BUILD_DIR). The JNI library is taken from the build tree; an installed
# one would be found through java.library.path instead.
set -euo pipefail
build="${MMF_BUILD_DIR:?set MMF_BUILD_DIR to the CMake build tree}"
jdir="$build/bindings/java"
if [ ! -e "$jdir/libmmfjni.so" ] || [ ! -e "$jdir/mmf-examples.jar" ]; then
  echo "examples/java: skipped, the build tree has no Java binding (configure with -DMMF_WITH_JAVA=ON;" \
       "it needs a JDK 17 and SWIG 4.1, which scripts/install-deps.sh installs)"
  exit 0
fi
java=(java "-Dorg.mmf.jni.library=$jdir/libmmfjni.so" -cp "$jdir/mmf.jar:$jdir/mmf-examples.jar")
echo "-- Hello (Python's mmap example)"
"${java[@]}" Hello
echo "-- ViewSum (zero-copy View)"
"${java[@]}" ViewSum
