#!/usr/bin/env bash
# The ABI guard of libmmf.so.1 (libabigail, Debian package abigail-tools).
#
#   check_abi.sh check LIB [DEBUG_DIR]   compare LIB with the committed baseline
#   check_abi.sh update LIB              rewrite the baseline from LIB
#
# LIB must carry DWARF (a RelWithDebInfo/Debug build, or the package build's
# unstripped obj-*/capi/libmmf.so.1.*); DEBUG_DIR points abidiff at separate
# debug info instead (e.g. a -dbgsym package's usr/lib/debug).
# The comparison is restricted to the public header (capi/include): types that
# only the core uses are not part of the ABI. Any difference fails:
#   - an incompatible one (a removed or changed function, a changed public
#     struct or enum): the release needs a new SONAME (capi/README.md, "ABI");
#   - a compatible one (a new function): update the baseline with
#     `check_abi.sh update` and debian/libmmf1.symbols in the same commit,
#     so the baseline is always the ABI that a release promises.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
headers=$here/../include
baseline=$here/libmmf.so.1.abi
cmd=${1:-} lib=${2:-}
[ -n "$cmd" ] && [ -n "$lib" ] || { echo "usage: $0 check LIB [DEBUG_DIR] | update LIB" >&2; exit 2; }
command -v abidiff >/dev/null || { echo "abi: abidiff not found (apt install abigail-tools)" >&2; exit 2; }

if [ "$cmd" = update ]; then
  abidw --headers-dir "$headers" --drop-private-types --no-corpus-path --no-comp-dir-path --short-locs \
    --out-file "$baseline" "$lib"
  echo "abi: baseline written to $baseline"
  exit 0
fi
[ "$cmd" = check ] || { echo "usage: $0 check LIB [DEBUG_DIR] | update LIB" >&2; exit 2; }

debug=()
if [ -n "${3:-}" ]; then debug=(--d2 "$3"); fi
if ! readelf -S "$lib" | grep -q '\.debug_info' && [ ${#debug[@]} -eq 0 ]; then
  echo "abi: $lib has no debug info (DWARF); build with -g or pass the debug directory"
  exit 1
fi
set +e
report=$(abidiff --hd2 "$headers" --drop-private-types "${debug[@]}" "$baseline" "$lib" 2>&1)
rc=$?
set -e
if [ $rc -eq 0 ]; then
  echo "abi: $(basename "$lib") has the ABI of capi/abi/$(basename "$baseline")"
  echo "abi: 1 passed, 0 failed"
  exit 0
fi
printf '%s\n' "$report"
if [ $((rc & 8)) -ne 0 ]; then
  echo "abi: INCOMPATIBLE change against the baseline: a program built against the released"
  echo "  header would break. Undo it, or make it a new major version with a new SONAME"
  echo "  (capi/README.md, \"ABI\")."
elif [ $((rc & 4)) -ne 0 ]; then
  echo "abi: compatible change (e.g. a new function): if it is intended, run"
  echo "  capi/abi/check_abi.sh update $lib"
  echo "  and add the new symbols to debian/libmmf1.symbols in the same commit."
else
  echo "abi: abidiff failed (exit $rc)"
fi
echo "abi: 0 passed, 1 failed"
exit 1
