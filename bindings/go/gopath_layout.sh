#!/usr/bin/env bash
# Lays out the Go module's sources as Debian's Go packages do (dh-golang's
# layout: /usr/share/gocode/src/<import path>), for golang-mmf-dev:
#
#   gopath_layout.sh DESTDIR     writes DESTDIR/usr/share/gocode/src/example.invalid/mmf
#
# What is installed: the package's non-test .go files and its assembly
# (direct_amd64.s), go.mod, and internal/native (the committed SWIG layer:
# .go and native_wrap.c). Not
# installed: internal/libmmf, the copy of the C++ sources for the build tag
# mmf_bundled (Debian builds against the system libmmf through pkg-config
# and ships no embedded copy of a library), the tests (they need the
# repository's vectors and build tree), bench/, and the build scripts.
# Called by debian/rules; no go tool needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:?usage: $0 DESTDIR}"
module="$(awk '$1 == "module" {print $2; exit}' "$here/go.mod")"
[ -n "$module" ] || { echo "gopath_layout.sh: no module line in $here/go.mod" >&2; exit 1; }
root="$dest/usr/share/gocode/src/$module"
rm -rf "$root"
install -d "$root/internal/native"
install -m 644 "$here/go.mod" "$root/"
n=1
for f in "$here"/*.go "$here"/*.s "$here"/internal/native/*.go "$here"/internal/native/*.c; do
  case "$f" in *_test.go) continue ;; esac
  rel="${f#"$here"/}"
  install -m 644 "$f" "$root/$rel"
  n=$((n + 1))
done
echo "gopath_layout.sh: $n files in $root"
