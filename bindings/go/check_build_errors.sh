#!/usr/bin/env bash
# CTest go.build_errors: the two builds that cannot work fail with a message
# that says what to do.
#  1. CGO_ENABLED=0: the binding needs cgo (internal/native/cgo_required.go).
#  2. pkg-config cannot find mmf.pc: the message names both ways out,
#     installing libmmf (or PKG_CONFIG_PATH) and the build tag mmf_bundled.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
go="${GO:-go}"
fail() { echo "go.build_errors: FAIL: $*" >&2; exit 1; }
cd "$here"

if out="$(CGO_ENABLED=0 "$go" build ./... 2>&1)"; then fail "CGO_ENABLED=0 go build succeeded"; fi
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -q 'mmf_needs_cgo__build_with_CGO_ENABLED_1_and_a_C_compiler' ||
  fail "CGO_ENABLED=0: the error does not say that cgo is needed"
if printf '%s\n' "$out" | grep -q 'ErrorRecord'; then fail "CGO_ENABLED=0: errors beyond the message"; fi

# No mmf.pc anywhere: neither the build tree's nor an installed one. The
# go command does not key its build cache on pkg-config's answer, so a
# package built before with mmf.pc would come from the cache: the module is
# built from a copy in a new directory, which is part of the key.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/empty"
cp -r "$here" "$work/module"
cd "$work/module"
if out="$(PKG_CONFIG_PATH="$work/empty" PKG_CONFIG_LIBDIR="$work/empty" "$go" build ./... 2>&1)"; then
  fail "go build without mmf.pc succeeded"
fi
printf '%s\n' "$out"
for want in 'libmmf was not found' 'PKG_CONFIG_PATH' 'build tag mmf_bundled' 'libmmf‐dev' 'build tag mmf_nopkgconfig'; do
  printf '%s\n' "$out" | grep -qF "$want" || fail "without mmf.pc, the error does not mention '$want'"
done
echo "go.build_errors: CGO_ENABLED=0 and a missing mmf.pc fail with their messages (2 passed)"
