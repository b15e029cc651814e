#!/usr/bin/env bash
# Builds and runs the Rust examples against the libmmf of a CMake build tree
# ($MMF_BUILD_DIR, set by scripts/demo.sh; default: build/default). Cargo
# fetches the crates pinned by bindings/rust/Cargo.lock.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${MMF_BUILD_DIR:-$root/build/default}"

if ! command -v cargo >/dev/null 2>&1; then
  echo "examples/rust: cargo not found, skipped (install Rust from https://rustup.rs)"
  exit 0
fi
lib_dir="$build/capi"
if [ ! -e "$lib_dir/libmmf.so" ]; then
  echo "examples/rust: no libmmf.so in $lib_dir; build the mmf target first" >&2
  exit 1
fi
export MMF_LIB_DIR="$lib_dir" MMF_INCLUDE_DIR="$root/capi/include"
export LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$build/bindings/rust/target}"
manifest="$root/bindings/rust/Cargo.toml"
cargo build --quiet --locked --manifest-path "$manifest" -p mmf-examples --bins
for ex in hello truncate; do
  echo "== rust $ex"
  "$CARGO_TARGET_DIR/debug/$ex"
done
