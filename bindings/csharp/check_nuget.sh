#!/usr/bin/env bash
# CTest csharp.nuget: the NuGet package Mmf as a user gets it, outside the
# source and build trees. A local folder feed holds only the .nupkg; `nuget
# install` restores it from there (no other source, so no network); a program
# compiled against the restored lib/net45/Mmf.dll runs on Mono with MONO_PATH
# naming only the restored package; /proc/self/maps must show the glue of the
# package's runtimes/linux-x64/native (or of the copy a layout made) and no
# libmmf.so, and ldd that the glue needs none.
# Usage: check_nuget.sh NUPKG VERSION SOURCE_DIR BUILD_DIR
set -euo pipefail
nupkg=$1 version=$2 src=$3 build=$4
n=0
fail() { echo "FAIL csharp.nuget: $*"; exit 1; }
pass() { n=$((n + 1)); }

work=$(mktemp -d /tmp/mmf-nuget-XXXXXX)
trap 'rm -rf "$work"' EXIT
case $work in "$src"/* | "$build"/*) fail "scratch directory $work is inside the tree";; esac
# Nothing of the trees reaches the consumer: no library path, no assembly path,
# no nuget settings or caches of the developer (HOME is the scratch directory).
unset LD_LIBRARY_PATH MONO_PATH MONO_CONFIG MONO_CFG_DIR MONO_GAC_PREFIX MONO_LOG_LEVEL MONO_LOG_MASK
export HOME=$work/home
mkdir -p "$HOME" "$work/feed" "$work/app"
no_tree_paths() {  # WHAT TEXT
  if printf '%s' "$2" | grep -qF -e "$src" -e "$build"; then fail "$1 refers to the source or build tree: $2"; fi
}

# 1. The package's contents.
cp "$nupkg" "$work/feed/"
listing=$(unzip -Z1 "$work/feed/$(basename "$nupkg")")
for f in Mmf.nuspec lib/net45/Mmf.dll lib/net45/Mmf.xml lib/net45/Mmf.dll.config \
  runtimes/linux-x64/native/libmmfcs.so LICENSE; do
  printf '%s\n' "$listing" | grep -qx "$f" || fail "the package lacks $f: $listing"
done
spec=$(unzip -p "$work/feed/$(basename "$nupkg")" Mmf.nuspec | tr -d '\r')
for want in "<id>Mmf</id>" "<version>$version</version>" "<licenseUrl>" "<projectUrl>"; do
  printf '%s\n' "$spec" | grep -qF "$want" || fail "Mmf.nuspec in the package lacks $want"
done
pass

# 2. Restore from the folder feed only.
cd "$work/app"
nuget install Mmf -Version "$version" -Source "$work/feed" -OutputDirectory packages -NonInteractive -NoCache \
  >"$work/restore.log" 2>&1 || { cat "$work/restore.log"; fail "nuget install from the folder feed"; }
pkg=$work/app/packages/Mmf.$version
lib=$pkg/lib/net45
native=$pkg/runtimes/linux-x64/native/libmmfcs.so
[ -f "$lib/Mmf.dll" ] && [ -f "$native" ] || fail "nuget install left no $lib/Mmf.dll or $native: $(cat "$work/restore.log")"
pass

# 3. One native file that needs nothing of mmf: no libmmf.so, no libstdc++,
#    and only the glue's own symbols exported (libmmf's are inside, hidden).
deps=$(ldd "$native")
if printf '%s\n' "$deps" | grep -qE 'libmmf\.so|libstdc\+\+|not found'; then fail "ldd $native: $deps"; fi
# (Defined, default visibility: the linker's hidden __start_/__stop_ section
# bounds stay in the table but no other object can bind to them.)
exported=$(readelf -W --dyn-syms "$native" | awk '$7 != "UND" && $6 == "DEFAULT" && $5 != "LOCAL" && $8 != "" {print $8}')
bad=$(printf '%s\n' "$exported" | grep -vE '^(CSharp_Mmf_|SWIGRegister|mmf_cs_|mmf_swig_cs_)' || true)
[ -z "$bad" ] || fail "$native exports more than the glue: $bad"
pass

# 4. The assembly's version and XML documentation.
asmver=$(monodis --assembly "$lib/Mmf.dll" | sed -n 's/^Version: *//p')
[ "$asmver" = "$version.0" ] || fail "Mmf.dll's assembly version is '$asmver', not $version.0"
grep -q '<member name="M:Mmf.MappedFile.Open' "$lib/Mmf.xml" || fail "Mmf.xml does not document MappedFile.Open"
pass

# 5. A program against the restored package, run with plain mono: MONO_PATH
#    names the package's lib folder (where Mmf.dll is), nothing else is set.
#    Mono does not read runtimes/: Mmf.dll loads the package's glue itself
#    (NativeGlue in src/Interop.cs) before Mono's dllmap lookup of libmmfcs.so.
cp "$src/examples/csharp/Hello.cs" "$work/app/"
mcs -nologo -warnaserror -r:"$lib/Mmf.dll" -out:Hello.exe Hello.cs
[ ! -e Mmf.dll ] || fail "mcs copied Mmf.dll next to the program"
expected=$'Hello Python!\nHello\nHello  world!'
out=$(MONO_PATH=$lib mono Hello.exe 2>&1) || fail "Hello exited with $?: $out"
[ "$out" = "$expected" ] || fail "Hello printed '$out'"
# (Mono writes its log to stdout, between the program's lines.)
log=$(MONO_PATH=$lib MONO_LOG_LEVEL=debug MONO_LOG_MASK=asm,dll mono Hello.exe 2>&1 | grep '^Mono: ' || true)
printf '%s\n' "$log" | grep -qF "Assembly Loader loaded assembly from location: '$lib/Mmf.dll'." ||
  fail "Mono did not load $lib/Mmf.dll: $(printf '%s\n' "$log" | grep 'Mmf\.dll')"
printf '%s\n' "$log" | grep -qF "DllImport loaded library 'libmmfcs.so'." ||
  fail "Mono's lookup of libmmfcs.so did not end at the preloaded glue: $(printf '%s\n' "$log" | grep -i mmfcs)"
no_tree_paths "Mono's loader log" "$log"
pass

# 6. Which file the process runs: a program that reads /proc/self/maps after a
#    call. In each layout the glue must be the one expected, and no libmmf.so
#    may be mapped at all (the library is inside the glue).
cat >Maps.cs <<'CS'
using System;
using System.IO;
class Maps {
  static void Main() {
    using (var m = Mmf.MappedFile.Anonymous(4096)) m.Write(0, 42L);
    foreach (string l in File.ReadAllLines("/proc/self/maps"))
      if (l.Contains("mmf")) Console.WriteLine(l);
  }
}
CS
mcs -nologo -warnaserror -r:"$lib/Mmf.dll" -out:Maps.exe Maps.cs
maps_of() {  # DIR EXPECTED_GLUE [MONO_PATH]: run Maps.exe from DIR
  local maps
  maps=$(cd "$1" && MONO_PATH=${3:-} mono Maps.exe 2>&1) || fail "Maps.exe in $1 exited with $?: $maps"
  printf '%s\n' "$maps" | grep -qF " $(realpath "$2")" || fail "in $1 the process does not map $2: $maps"
  if printf '%s\n' "$maps" | grep -q 'libmmf\.so'; then fail "in $1 the process maps a libmmf.so: $maps"; fi
}
#    a. in place: Mmf.dll from the package (MONO_PATH), the glue from its runtimes/
maps_of "$work/app" "$native" "$lib"
pass
#    b. Mmf.dll, its .config and the runtimes/ folder copied beside the program
#       (the layout of a build output that keeps the package's runtimes/)
mkdir -p "$work/b/runtimes/linux-x64/native"
cp Maps.exe "$lib/Mmf.dll" "$lib/Mmf.dll.config" "$work/b/" && cp "$native" "$work/b/runtimes/linux-x64/native/"
maps_of "$work/b" "$work/b/runtimes/linux-x64/native/libmmfcs.so"
pass
#    c. the glue copied beside Mmf.dll: Mono finds it there, nothing preloaded
mkdir "$work/c" && cp Maps.exe "$lib/Mmf.dll" "$lib/Mmf.dll.config" "$native" "$work/c/"
maps_of "$work/c" "$work/c/libmmfcs.so"
pass
#    d. no glue anywhere: Mono's own error, and nothing of the package is used
mkdir "$work/d" && cp Maps.exe "$lib/Mmf.dll" "$lib/Mmf.dll.config" "$work/d/"
if out=$(cd "$work/d" && mono Maps.exe 2>&1); then fail "Maps.exe ran without any glue: $out"; fi
printf '%s\n' "$out" | grep -q "DllNotFoundException" || fail "without the glue: $out"
pass
#    e. a glue two levels up from a directory that is not the package's
#       lib/net45 (/tmp/x/bin below a world-writable /tmp) is not loaded
mkdir -p "$work/e/x/bin" "$work/e/runtimes/linux-x64/native"
cp Maps.exe "$lib/Mmf.dll" "$lib/Mmf.dll.config" "$work/e/x/bin/" && cp "$native" "$work/e/runtimes/linux-x64/native/"
if out=$(cd "$work/e/x/bin" && mono Maps.exe 2>&1); then fail "Maps.exe in x/bin loaded a glue from ../../runtimes: $out"; fi
printf '%s\n' "$out" | grep -q "DllNotFoundException" || fail "x/bin without the glue: $out"
pass
echo "csharp.nuget: $n passed, 0 failed"
