#!/usr/bin/env bash
# Runs the C# examples against a CMake build tree (scripts/demo.sh sets
# MMF_BUILD_DIR) with Mono. Mmf.dll, its dllmap (Mmf.dll.config) and the glue
# library libmmfcs.so sit side by side in the build tree, where Mono finds
# them; an installed libmmfcs.so would be found through the library path.
set -euo pipefail
build="${MMF_BUILD_DIR:?set MMF_BUILD_DIR to the CMake build tree}"
cdir="$build/bindings/csharp"
if [ ! -e "$cdir/libmmfcs.so" ] || [ ! -e "$cdir/Hello.exe" ]; then
  echo "examples/csharp: skipped, the build tree has no C# binding (configure with -DMMF_WITH_CSHARP=ON;" \
       "it needs Mono's mcs and SWIG 4.1, which scripts/install-deps.sh installs)"
  exit 0
fi
echo "-- Hello (Python's mmap example)"
mono "$cdir/Hello.exe"
echo "-- ViewSum (zero-copy View)"
mono "$cdir/ViewSum.exe"
