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
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
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

# As a user of the published module gets it: the module zip (every file
# under bindings/go but subdirectories with their own go.mod, as the go
# command packs a module), served by a file-system module proxy, downloaded
# into a fresh, read-only module cache and built there with -tags
# mmf_bundled. Nothing outside the module is reachable from that copy.
proxy="$work/proxy/example.invalid/mmf/@v"
mkdir -p "$proxy" "$work/user"
python3 - "$here" "$proxy/v1.0.0.zip" <<'PY'
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in (".git", ".hg") and
                         not os.path.exists(os.path.join(d, x, "go.mod")))
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, "example.invalid/mmf@v1.0.0/" + os.path.relpath(p, root))
PY
cp "$here/go.mod" "$proxy/v1.0.0.mod"
echo v1.0.0 >"$proxy/list"
printf '{"Version":"v1.0.0","Time":"2026-01-01T00:00:00Z"}\n' >"$proxy/v1.0.0.info"
cp "$here/../../examples/go/hello/main.go" "$work/user/"
cd "$work/user"
printf 'module user\n\ngo 1.22\n' >go.mod
export GOPROXY="file://$work/proxy" GOSUMDB=off GOMODCACHE="$work/modcache" GOFLAGS=-buildvcs=false
"$go" get example.invalid/mmf@v1.0.0
"$go" build -tags mmf_bundled -o "$work/hello-zip" .
chmod -R u+w "$work/modcache"  # the go command leaves it read-only
no_libmmf "$work/hello-zip"
out="$(cd "$work" && ./hello-zip)"
[ "$out" = $'Hello Python!\nHello\nHello  world!' ] || fail "hello from the module zip printed '$out'"
echo "go.bundled: the test binary, examples/go/hello and hello built from the module zip load no libmmf.so; tests and both hellos passed"
