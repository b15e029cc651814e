#!/usr/bin/env bash
# Refreshes the copy of the C++ core and C ABI that the build tag mmf_bundled
# compiles (internal/libmmf, internal/libmmf/avx2). cgo compiles only the
# files of a package's own directory, and a published module holds nothing
# outside bindings/go, so the sources are committed copies, like the SWIG
# output (generate.sh).
#
#   bundle.sh            rewrite the copies in place
#   bundle.sh --check    fail (exit 1, with a diff) if a copy differs from its
#                        source (CTest go.bundled.fresh)
#
# MMF_BUILD_DIR (a configured CMake build of this tree, for Linux) is where
# features_linux.hpp comes from: CMake's feature checks, core/generated/
# features.hpp. Without it only the copies are refreshed or checked.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lib="$here/internal/libmmf"
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# destination (relative to internal/libmmf) <- source (relative to the root).
# The Windows layer is left out (the bundled build is for Linux, see
# features.hpp); search_avx2.cpp goes to its own package, the only one
# compiled with -mavx2.
pairs=()
for f in "$root"/core/src/*.cpp "$root"/core/src/*.hpp "$root"/core/src/*.inc "$root"/core/src/*.S; do
  name="$(basename "$f")"
  case "$name" in
    *_win32.cpp) continue ;;
    search_avx2.cpp) pairs+=("avx2/$name core/src/$name") ;;
    *) pairs+=("$name core/src/$name") ;;
  esac
done
pairs+=("mmf.cpp capi/src/mmf.cpp" "mmf.h capi/include/mmf.h" "mmf_direct.h capi/include/mmf_direct.h" "../../LICENSE LICENSE")
features="${MMF_BUILD_DIR:+$MMF_BUILD_DIR/core/generated/features.hpp}"
if [ -n "$features" ] && [ ! -f "$features" ]; then
  echo "bundle.sh: $features does not exist (configure MMF_BUILD_DIR with CMake first)" >&2
  exit 2
fi

# Files in internal/libmmf that are not copies (written by hand).
own=" libmmf.go amd64.go features.hpp avx2/avx2.go "

rc=0
declare -A wanted=()
for p in "${pairs[@]}"; do
  set -- $p
  wanted[$1]=1
  if [ "$check" = 1 ]; then
    if ! diff -u "$lib/$1" "$root/$2" >/dev/null 2>&1; then
      diff -u "$lib/$1" "$root/$2" || true
      echo "go.bundled.fresh: bindings/go/internal/libmmf/$1 differs from $2; run bindings/go/bundle.sh" >&2
      rc=1
    fi
  else
    install -m 644 "$root/$2" "$lib/$1"
  fi
done
if [ -n "$features" ]; then
  wanted[features_linux.hpp]=1
  if [ "$check" = 1 ]; then
    if ! diff -u "$lib/features_linux.hpp" "$features"; then
      echo "go.bundled.fresh: internal/libmmf/features_linux.hpp differs from CMake's $features; run MMF_BUILD_DIR=<build> bindings/go/bundle.sh" >&2
      rc=1
    fi
  else
    install -m 644 "$features" "$lib/features_linux.hpp"
  fi
fi
# A source removed from core/ must not stay compiled in the copy.
while IFS= read -r f; do
  rel="${f#"$lib"/}"
  case "$own" in *" $rel "*) continue ;; esac
  [ "$rel" = features_linux.hpp ] && continue
  if [ -z "${wanted[$rel]:-}" ]; then
    if [ "$check" = 1 ]; then
      echo "go.bundled.fresh: internal/libmmf/$rel is no longer in core/ or capi/; run bindings/go/bundle.sh" >&2
      rc=1
    else
      rm -f "$f"
    fi
  fi
done < <(find "$lib" -type f | sort)
if [ "$check" = 1 ] && [ "$rc" = 0 ]; then
  echo "go.bundled.fresh: internal/libmmf holds the current core/ and capi/ (${#pairs[@]} files)${features:+ and the feature facts of CMake}"
fi
exit "$rc"
