#!/usr/bin/env bash
# The whole test suite: configure, build and run CTest for each preset named
# (default: "default"). CI (.ci/run) names the presets it runs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(default)

# The windows preset runs its tests under Wine: a prefix of its own (unless
# WINEPREFIX is set), created once, quietly, with no display and without
# the Mono/Gecko installers (the tests need neither).
wine_prefix() {
  export WINEPREFIX=${WINEPREFIX:-$PWD/build/windows/wineprefix}
  export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  unset DISPLAY WAYLAND_DISPLAY
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    mkdir -p "$WINEPREFIX"
    echo "== creating the Wine prefix $WINEPREFIX"
    /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
    /usr/lib/wine/wineserver -w
  fi
}

# The zig cross builds for macOS and FreeBSD: nothing here can run what they
# build, so they are configured and built (warnings are errors), not tested.
build_only=" x86_64-macos aarch64-macos x86_64-freebsd "

for p in "${presets[@]}"; do
  echo "== preset $p"
  cmake --preset "$p"
  cmake --build --preset "$p"
  if [[ $build_only == *" $p "* ]]; then
    echo "== preset $p: built (a cross build; nothing here runs it)"
    continue
  fi
  if [ "$p" = windows ]; then wine_prefix; fi
  ctest --preset "$p"
done
