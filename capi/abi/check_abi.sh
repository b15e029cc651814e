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
#     struct or enum, anything but additions): undo it, or make it a new
#     major version with a new SONAME (capi/README.md, "ABI");
#   - a compatible one (a new function): update the baseline with
#     `check_abi.sh update` and debian/libmmf1.symbols in the same commit,
#     so the baseline is always the ABI that a release promises.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
baseline=$here/libmmf.so.1.abi
# The public interface is mmf.h and the system headers it includes (<stdint.h>,
# <stddef.h>): libabigail treats every type declared outside the given header
# directories as private and ignores changes to it, so without the system
# directories a uint32_t member turned uint64_t would pass unnoticed (tried).
# Everything declared only in the library's sources (the opaque struct
# mmf_map, the C++ core) stays private.
public_dirs=("$here/../include" /usr/include)
sysinc=$(${CC:-cc} -print-file-name=include 2>/dev/null || true)
if [ -d "$sysinc" ]; then public_dirs+=("$sysinc"); fi
hd() {  # hd OPTION: the header directories as repeated OPTION DIR arguments
  for d in "${public_dirs[@]}"; do printf '%s\0%s\0' "$1" "$d"; done
}
cmd=${1:-} lib=${2:-}
[ -n "$cmd" ] && [ -n "$lib" ] || { echo "usage: $0 check LIB [DEBUG_DIR] | update LIB" >&2; exit 2; }
command -v abidiff >/dev/null || { echo "abi: abidiff not found (apt install abigail-tools)" >&2; exit 2; }

if [ "$cmd" = update ]; then
  mapfile -d '' hdargs < <(hd --headers-dir)
  abidw "${hdargs[@]}" --drop-private-types --no-corpus-path --no-comp-dir-path --short-locs \
    --out-file "$baseline" "$lib"
  echo "abi: baseline written to $baseline"
  exit 0
fi
[ "$cmd" = check ] || { echo "usage: $0 check LIB [DEBUG_DIR] | update LIB" >&2; exit 2; }

debug=()
if [ -n "${3:-}" ]; then debug=(--d2 "$3"); fi
if ! readelf -S "$lib" | grep '\.debug_info' >/dev/null && [ ${#debug[@]} -eq 0 ]; then
  echo "abi: $lib has no debug info (DWARF); build with -g or pass the debug directory"
  exit 1
fi
mapfile -d '' hdargs < <(hd --hd2)
set +e
report=$(abidiff "${hdargs[@]}" --drop-private-types "${debug[@]}" "$baseline" "$lib" 2>&1)
rc=$?
set -e
if [ $rc -eq 0 ]; then
  echo "abi: $(basename "$lib") has the ABI of capi/abi/$(basename "$baseline")"
  echo "abi: 1 passed, 0 failed"
  exit 0
fi
printf '%s\n' "$report"
# abidiff sets bit 8 only for changes it is sure break binaries (a removed
# function); a changed struct or signature is bit 4, "ABI change". Only new
# functions or variables, with nothing removed or changed, are compatible.
counts() {  # counts KIND: "removed changed added" from the summary line
  printf '%s\n' "$report" | sed -n "s/^$1 changes summary: \([0-9]*\) Removed, \([0-9]*\) Changed.*, \([0-9]*\) Added.*/\1 \2 \3/p"
}
read -r fr fc fa < <(counts Functions || true)
read -r vr vc va < <(counts Variables || true)
only_added=0
if [ "${fr:-x}${fc:-x}${vr:-x}${vc:-x}" = 0000 ] && [ $((fa + va)) -gt 0 ] && [ $((rc & 3)) -eq 0 ]; then
  only_added=1
fi
if [ $((rc & 3)) -ne 0 ]; then
  echo "abi: abidiff failed (exit $rc)"
elif [ $((rc & 8)) -ne 0 ] || [ $only_added -eq 0 ]; then
  echo "abi: INCOMPATIBLE change against the baseline: a program built against the released"
  echo "  header would break. Undo it, or make it a new major version with a new SONAME"
  echo "  (capi/README.md, \"ABI\")."
else
  echo "abi: compatible change (only additions): if it is intended, run"
  echo "  capi/abi/check_abi.sh update $lib"
  echo "  and add the new symbols to debian/libmmf1.symbols in the same commit."
fi
echo "abi: 0 passed, 1 failed"
exit 1
