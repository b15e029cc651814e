#!/usr/bin/env bash
# Packages mmf-sys and mmf as `cargo publish` would, from this checkout:
# copies the C++ sources into mmf-sys/native/ (what the `bundled` feature
# compiles in a packaged crate), runs `cargo package` (which unpacks each
# .crate and builds it: mmf-sys with `bundled`, so from the copied sources
# alone, and mmf against that packaged mmf-sys) and `cargo publish --dry-run`,
# then removes the copy. Run by the CTest rust.package; a user publishing
# runs the same with `cargo publish` at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
native=$here/mmf-sys/native
trap 'rm -rf "$native"' EXIT
rm -rf "$native"
mkdir -p "$native/core" "$native/capi"
cp -r "$root/core/src" "$native/core/"
cp -r "$root/capi/src" "$root/capi/include" "$native/capi/"
cd "$here"
# No system library may be used by the verification builds.
unset MMF_LIB_DIR MMF_INCLUDE_DIR LD_LIBRARY_PATH
export PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent
# --allow-dirty: native/ is ignored by git, and CI may run on a tree with
# build outputs; the file list is Cargo.toml's `include`, not git's.
cargo package --locked --allow-dirty -p mmf-sys -p mmf --features mmf-sys/bundled
cargo publish --dry-run --locked --allow-dirty -p mmf-sys -p mmf --features mmf-sys/bundled
for crate in mmf-sys mmf; do
  for f in "${CARGO_TARGET_DIR:-target}"/package/"$crate"-[0-9]*.crate; do echo "== $(basename "$f"): $(tar tzf "$f" | wc -l) files"; done
done
