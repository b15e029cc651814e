#!/usr/bin/env bash
# CTest go.bundled: the build tag mmf_bundled compiles libmmf from
# internal/libmmf into the program, so it needs neither pkg-config nor
# libmmf.so. Run with no PKG_CONFIG_PATH or LD_LIBRARY_PATH, and with
# PKG_CONFIG=false, so that any use of pkg-config fails the build: the test
# binary (the unit tests, the conformance vectors, the examples of go doc)
# and examples/go/hello are built, checked with ldd to load no libmmf.so,
# and run. Needs: go, a C and C++ compiler (CC, CXX), ldd.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
go="${GO:-go}"
unset PKG_CONFIG_PATH LD_LIBRARY_PATH PKG_CONFIG_LIBDIR
export PKG_CONFIG=false
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "go.bundled: FAIL: $*" >&2; exit 1; }
no_libmmf() {  # no_libmmf BINARY
  local deps
  deps="$(ldd "$1")"
  if printf '%s\n' "$deps" | grep -q 'libmmf\.so'; then fail "$(basename "$1") links libmmf.so: $deps"; fi
  printf '%s\n' "$deps" | grep -q 'libstdc++' || fail "$(basename "$1") does not link the C++ runtime, so no C++ was compiled into it: $deps"
}

cd "$here"
"$go" vet -tags mmf_bundled ./...
"$go" test -tags mmf_bundled -c -o "$work/mmf.test" .
no_libmmf "$work/mmf.test"
# From the package directory, as go test runs it (testdata, vectors).
"$work/mmf.test" -test.count=1 >"$work/test.log" 2>&1 || { cat "$work/test.log"; fail "the unit tests"; }
tail -n 3 "$work/test.log"
grep -Eq '^conformance: [0-9]+ passed, 0 failed, 0 skipped' "$work/test.log" || fail "the conformance vectors did not run: $(cat "$work/test.log")"

cd "$here/../../examples/go"
"$go" build -tags mmf_bundled -o "$work/hello" ./hello
no_libmmf "$work/hello"
out="$(cd "$work" && ./hello)"
[ "$out" = $'Hello Python!\nHello\nHello  world!' ] || fail "hello printed '$out'"
echo "go.bundled: the test binary and examples/go/hello load no libmmf.so; tests and hello passed"
