#!/usr/bin/env bash
# Builds mmf's Debian packages (libmmf1, libmmf-dev, libmmf-jni, libmmf-java,
# libmmf-cil, librust-mmf-sys-dev, librust-mmf-dev, python3-mmf, golang-mmf-dev)
# with `dpkg-buildpackage
# -us -uc -b` in a scratch copy of the source tree, so that neither the work
# tree nor its parent directory is written to, then runs lintian on them.
# Usage: scripts/build-debs.sh [OUTDIR]  (default build/deb)
#
# DEB_BUILD_OPTIONS is passed through; unset, it is "parallel=1" and the
# package build runs the test suite (debian/rules). CI sets "nocheck
# parallel=1": the suite has already run in the default preset.
# Leaves OUTDIR/*.deb, OUTDIR/*.changes, OUTDIR/lintian.txt and the build
# tree OUTDIR/src/obj-<triplet> (an unstripped libmmf.so.1 for abidiff).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$(realpath -m "${1:-build/deb}")
version=$(python3 scripts/version.py show)

rm -rf "$out"
mkdir -p "$out/src"
# Tracked and new (not ignored) files: what a commit of this tree would hold.
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$out/src"

export DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=1}
echo "build-debs: mmf $version, DEB_BUILD_OPTIONS='$DEB_BUILD_OPTIONS', in $out/src"
(cd "$out/src" && nice dpkg-buildpackage -us -uc -b)

changes=$(ls "$out"/mmf_"${version}"_*.changes)
echo "build-debs: built"
for deb in "$out"/*.deb; do echo "  $(basename "$deb")"; done

# No error, and no warning that is not overridden (with its reason) in
# debian/*.lintian-overrides. --pedantic etc. are shown but do not fail.
lintian --fail-on error,warning --display-info --show-overrides "$changes" | tee "$out/lintian.txt"
echo "build-debs: lintian passed (no error, no unexplained warning)"
