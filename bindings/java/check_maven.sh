#!/usr/bin/env bash
# The Maven artifact, as a user gets it (CTest java.maven):
#   1. `mvn package` of a plain copy of the checkout (the files git tracks
#      under core/, capi/, bindings/java/, tests/conformance/vectors and
#      LICENSE: no CMake tree, no SWIG output generated on the way), which
#      builds the JNI library into the jar and runs the JUnit tests, the
#      conformance vectors included, against it;
#   2. the artifacts: the jar (with org/mmf/native/linux-x86_64/libmmfjni.so
#      and META-INF/LICENSE), -sources.jar and -javadoc.jar; the bundled
#      library needs no libmmf.so (ldd) and exports only JNI entry points;
#   3. a consumer outside the tree compiles examples/java against the jar
#      alone and runs them with no system JNI library to be found: the loader
#      extracts the jar's library, loads it and removes the file;
#   4. with MMF_JAVA_WINDOWS=1 (mingw-w64 and Wine present), the build runs
#      with -Pwindows-x86_64 and the jar's mmfjni.dll is checked: it imports
#      only Windows' own DLLs, exports only JNI entry points, and Wine loads
#      it, finds every one of them and runs a map through those that need no
#      JVM (native/win32/load_check.c).
# Environment: MVN (default mvn); MMF_MAVEN_OFFLINE=1 adds -o;
# MMF_JAVA_WINDOWS=1, WINE64 (default /usr/lib/wine/wine64) and WINEPREFIX
# (default: a new one in the scratch directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mvn=${MVN:-mvn}
version=$(python3 "$root/scripts/version.py" show)
fail() { echo "FAIL java.maven: $*"; exit 1; }
work=$(mktemp -d /tmp/mmf-maven-XXXXXX)
trap 'rm -rf "$work"' EXIT
unset LD_LIBRARY_PATH CLASSPATH JAVA_TOOL_OPTIONS

# 1. a plain checkout
paths=(LICENSE core capi bindings/java tests/conformance/vectors)
mkdir -p "$work/checkout"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked files as they are in the work tree (uncommitted edits included).
  (cd "$root" && git ls-files -z -- "${paths[@]}" | xargs -0 cp --parents -t "$work/checkout")
else
  (cd "$root" && cp -r --parents "${paths[@]}" "$work/checkout") && rm -rf "$work/checkout/bindings/java/target"
fi
[ -f "$work/checkout/bindings/java/pom.xml" ] || fail "the copy has no bindings/java/pom.xml"
[ ! -e "$work/checkout/bindings/java/target" ] || fail "the copy has a target directory"
flags=(-B -ntp)
[ "${MMF_MAVEN_OFFLINE:-0}" = 1 ] && flags+=(-o)
windows=${MMF_JAVA_WINDOWS:-0}
[ "$windows" = 1 ] && flags+=(-Pwindows-x86_64)
rc=0
"$mvn" "${flags[@]}" -f "$work/checkout/bindings/java/pom.xml" package >"$work/mvn.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || { tail -60 "$work/mvn.log"; fail "mvn package exited with status $rc"; }
grep -E "Tests run: [0-9]+, Failures: 0, Errors: 0" "$work/mvn.log" | tail -1 || true
grep -q "^conformance: [0-9]* passed, 0 failed, 0 skipped" "$work/mvn.log" ||
  fail "mvn test did not run the conformance vectors"
echo "java.maven: $(grep '^conformance: ' "$work/mvn.log")"
n=2

# 2. the artifacts
target=$work/checkout/bindings/java/target
jar=$target/mmf-$version.jar
for f in "$jar" "$target/mmf-$version-sources.jar" "$target/mmf-$version-javadoc.jar"; do
  [ -f "$f" ] || fail "no $(basename "$f")"
  n=$((n + 1))
done
lib=org/mmf/native/linux-x86_64/libmmfjni.so
# (Listings are read whole first: grep -q would close the pipe early, and
# pipefail would turn unzip's SIGPIPE into a failure.)
listing=$(unzip -l "$jar")
grep -q " $lib\$" <<<"$listing" || fail "$(basename "$jar") has no $lib"
grep -q " META-INF/LICENSE\$" <<<"$listing" || fail "$(basename "$jar") has no META-INF/LICENSE"
manifest=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r')
grep -qx "Implementation-Version: $version" <<<"$manifest" || fail "the manifest has no Implementation-Version: $version"
module=$(jar --describe-module --file "$jar" 2>&1)
grep -qx "org.mmf@$version automatic" <<<"$module" || fail "the jar is not the automatic module org.mmf: $module"
listing=$(unzip -l "$target/mmf-$version-javadoc.jar")
grep -qE " (org\.mmf/)?org/mmf/MappedFile\.html\$" <<<"$listing" || fail "the javadoc jar has no MappedFile.html"
mkdir -p "$work/lib"
unzip -p "$jar" "$lib" >"$work/lib/libmmfjni.so"
deps=$(ldd "$work/lib/libmmfjni.so")
if grep -q 'libmmf\.so' <<<"$deps"; then fail "the bundled library needs libmmf: $deps"; fi
if grep -q 'not found' <<<"$deps"; then fail "the bundled library misses a library: $deps"; fi
exported=$(nm -D --defined-only "$work/lib/libmmfjni.so" | awk '{print $3}' | grep -v '^Java_org_mmf_' || true)
[ -z "$exported" ] || fail "the bundled library exports more than JNI entry points: $exported"
echo "java.maven: the jar's libmmfjni.so needs $(printf '%s\n' "$deps" | awk '/=>/ {print $1}' | tr '\n' ' ')"
n=$((n + 5))

# 3. a consumer with the jar alone
mkdir -p "$work/consumer/tmp" "$work/consumer/empty"
cp "$root/examples/java/Hello.java" "$root/examples/java/ViewSum.java" "$work/consumer/"
cp "$jar" "$work/consumer/mmf.jar"
cd "$work/consumer"
javac -Xlint:all -Werror -cp mmf.jar -d classes Hello.java ViewSum.java
run() {  # run MAIN EXPECTED JAVA_OPTIONS...
  local main=$1 expected=$2 out
  shift 2
  out=$(java "$@" -Xlog:library=info:file="$work/consumer/lib.log" -cp mmf.jar:classes "$main") ||
    fail "$main exited with $?: $out"
  [ "$out" = "$expected" ] || fail "$main printed '$out'"
  loaded=$(grep -o 'Loaded library [^ ,]*mmfjni[^ ,]*' lib.log | sed 's/^Loaded library //' | head -1)
}
hello=$'Hello Python!\nHello\nHello  world!'
# With nothing in java.library.path, in a temporary directory of our own.
run Hello "$hello" -Djava.library.path="$work/consumer/empty" -Dorg.mmf.jni.tmpdir="$work/consumer/tmp"
case $loaded in
  "$work/consumer/tmp/mmfjni-$version-"*-libmmfjni.so) ;;
  *) fail "the JVM loaded '$loaded', not a file extracted to $work/consumer/tmp";;
esac
[ -z "$(ls -A "$work/consumer/tmp")" ] || fail "the extracted library was left behind: $(ls -A "$work/consumer/tmp")"
run ViewSum "sum of 1048576 bytes: 133693440" -Djava.library.path="$work/consumer/empty"
n=$((n + 3))
# With Debian's default java.library.path, when no mmf package is installed
# (the state a Maven user is in): the loader still falls back to the jar.
if ! dpkg-query -W -f='${Status}' libmmf-jni 2>/dev/null | grep -q "ok installed"; then
  run Hello "$hello"
  case $loaded in
    */mmfjni-"$version"-*-libmmfjni.so) ;;
    *) fail "with the default java.library.path the JVM loaded '$loaded'";;
  esac
  n=$((n + 1))
else
  echo "java.maven: libmmf-jni is installed; the default java.library.path finds it first (not checked)"
fi

# 4. the Windows library
if [ "$windows" = 1 ]; then
  dll=org/mmf/native/windows-x86_64/mmfjni.dll
  grep -q " $dll\$" <<<"$(unzip -l "$jar")" || fail "$(basename "$jar") has no $dll"
  mkdir -p "$work/win"
  unzip -p "$jar" "$dll" >"$work/win/mmfjni.dll"
  header=$(x86_64-w64-mingw32-objdump -p "$work/win/mmfjni.dll")
  imports=$(awk '/DLL Name:/ {print $3}' <<<"$header" | sort -u | tr '\n' ' ')
  for i in $imports; do
    case ${i,,} in
      kernel32.dll | advapi32.dll | msvcrt.dll | ntdll.dll | api-ms-win-*) ;;
      *) fail "mmfjni.dll imports $i (only Windows' own DLLs are allowed): $imports";;
    esac
  done
  exports=$(sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' <<<"$header" | awk '/^[[:space:]]*\[ *[0-9]+\]/ {print $NF}')
  [ -n "$exports" ] || fail "mmfjni.dll exports nothing"
  others=$(grep -v '^Java_org_mmf_' <<<"$exports" || true)
  [ -z "$others" ] || fail "mmfjni.dll exports more than JNI entry points: $others"
  x86_64-w64-mingw32-gcc-posix -std=c99 -Wall -Wextra -Werror -O2 -o "$work/win/load_check.exe" \
    "$here/native/win32/load_check.c"
  wine64=${WINE64:-/usr/lib/wine/wine64}
  export WINEPREFIX=${WINEPREFIX:-$work/wineprefix} WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    mkdir -p "$WINEPREFIX"
    "$wine64" wineboot --init >/dev/null 2>&1
    "$(dirname "$wine64")/wineserver" -w
  fi
  # shellcheck disable=SC2086 # one argument per exported name
  out=$(cd "$work/win" && "$wine64" ./load_check.exe mmfjni.dll $exports 2>&1) ||
    fail "Wine could not load mmfjni.dll: $out"
  echo "java.maven: mmfjni.dll imports $imports; $(tr -d '\r' <<<"$out")"
  n=$((n + 4))
else
  echo "java.maven: the windows-x86_64 library is not built (MMF_JAVA_WINDOWS is not 1)"
fi
echo "java.maven: $n passed, 0 failed"
