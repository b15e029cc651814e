#!/usr/bin/env bash
# Regenerates the committed SWIG output of the Go binding
# (internal/native/native.go and native_wrap.c) from bindings/swig/go.i,
# which includes the shared mmf.i. Needs SWIG 4.1 and gofmt.
#
#   generate.sh            rewrite internal/native in place
#   generate.sh --check    generate into a temporary directory and fail
#                          (exit 1, with a diff) if the committed files differ
#
# SWIG runs from bindings/swig with relative paths, so that the "source:"
# lines of the output are the same on every machine; gofmt then formats the
# Go file (SWIG's output is not gofmt-clean). Also run by `go generate`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
swig="${SWIG:-swig}"
gofmt="${GOFMT:-gofmt}"
check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

out="$here/internal/native"
if [ "$check" = 1 ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  out="$tmp/native"
  mkdir -p "$out"
fi

# -outdir/-o must be relative too: swig writes them into its comments.
rel_out="$(realpath --relative-to="$here/../swig" "$out")"
(cd "$here/../swig" && "$swig" -go -cgo -intgosize 64 -Wall -Werror -I../../capi/include \
  -outdir "$rel_out" -o "$rel_out/native_wrap.c" go.i)
"$gofmt" -w "$out/native.go"

if [ "$check" = 1 ]; then
  rc=0
  for f in native.go native_wrap.c; do
    if ! diff -u "$here/internal/native/$f" "$out/$f"; then
      echo "go.generated: internal/native/$f differs from what SWIG generates now; run bindings/go/generate.sh" >&2
      rc=1
    fi
  done
  [ "$rc" = 0 ] && echo "go.generated: internal/native/native.go and native_wrap.c are up to date ($("$swig" -version | awk '/SWIG Version/ {print $3}'))"
  exit "$rc"
fi
