#!/usr/bin/env bash
# Regenerates the committed SWIG output of the Java binding from
# bindings/swig/java.i (which includes the shared mmf.i): the package-private
# classes in src/generated/java/org/mmf/ (Native, NativeJNI, NativeMap) and
# the JNI glue native/generated/mmf_java_wrap.c. They are committed so that
# `mvn package` needs no SWIG and no CMake tree (as Go's generated layer is).
# Needs SWIG 4.1.
#
#   generate.sh            rewrite them in place
#   generate.sh --check    generate into a temporary directory and fail
#                          (exit 1, with a diff) if the committed files differ
#
# SWIG runs from bindings/swig with relative paths, so that its output is the
# same on every machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
swig="${SWIG:-swig}"
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

java_out="$here/src/generated/java/org/mmf"
c_out="$here/native/generated"
if [ "$check" = 1 ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  java_out="$tmp/java"
  c_out="$tmp/c"
fi
rm -rf "$java_out"
mkdir -p "$java_out" "$c_out"

rel_java="$(realpath --relative-to="$here/../swig" "$java_out")"
rel_c="$(realpath --relative-to="$here/../swig" "$c_out")"
(cd "$here/../swig" && "$swig" -java -Wall -Werror -package org.mmf -I../../capi/include \
  -outdir "$rel_java" -o "$rel_c/mmf_java_wrap.c" java.i)

if [ "$check" = 1 ]; then
  rc=0
  for f in Native.java NativeJNI.java NativeMap.java; do
    diff -u "$here/src/generated/java/org/mmf/$f" "$java_out/$f" || rc=1
  done
  diff -u "$here/native/generated/mmf_java_wrap.c" "$c_out/mmf_java_wrap.c" || rc=1
  extra=$(ls "$here/src/generated/java/org/mmf" | grep -vxE 'Native(JNI|Map)?\.java' || true)
  if [ -n "$extra" ]; then echo "java.generated: unexpected files: $extra" >&2; rc=1; fi
  if [ "$rc" != 0 ]; then
    echo "java.generated: the committed SWIG output differs from what SWIG generates now; run bindings/java/generate.sh" >&2
  else
    echo "java.generated: src/generated/java/org/mmf and native/generated/mmf_java_wrap.c are up to date ($("$swig" -version | awk '/SWIG Version/ {print $3}'))"
  fi
  exit "$rc"
fi
