#!/usr/bin/env bash
# One step of the installed-package tests (tests/package/CMakeLists.txt):
#   install | remove | contents | pkgconfig | cmake | java | maven | csharp | python | man | rust | go
# Environment: MMF_SOURCE_DIR (the repository, only to copy consumers from and
# to make sure nothing refers to it), MMF_DEB_DIR (the .debs).
set -euo pipefail
step=$1
src=${MMF_SOURCE_DIR:?}
debs=${MMF_DEB_DIR:?}
packages=(libmmf1 libmmf-dev libmmf-jni libmmf-java libmmf-cil librust-mmf-sys-dev librust-mmf-dev python3-mmf)
packages+=(golang-mmf-dev)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
version=$(python3 "$src/scripts/version.py" show)
# libmmf-cil's private CLI directory (debian/rules: CLI_DIR, keyed on the major).
cli=/usr/lib/cli/mmf-${version%%.*}
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi

fail() { echo "FAIL $step: $*"; exit 1; }
work=$(mktemp -d /tmp/mmf-package-XXXXXX)
trap 'rm -rf "$work"' EXIT
case $work in "$src"/*) fail "the scratch directory $work is inside the source tree";; esac

# The build-tree and source-tree paths must never reach a consumer: the
# environment that CTest or a developer might have set is cleared.
unset LD_LIBRARY_PATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH CLASSPATH CPATH LIBRARY_PATH \
  MONO_PATH MONO_CONFIG MONO_CFG_DIR MONO_GAC_PREFIX MONO_LOG_LEVEL MONO_LOG_MASK PYTHONPATH PYTHONHOME
no_tree_paths() {  # no_tree_paths WHAT TEXT
  if printf '%s' "$2" | grep -qF "$src"; then fail "$1 refers to the source tree ($src): $2"; fi
}
# The library a binary loads is the packaged one.
loads_packaged_lib() {
  local resolved
  resolved=$(ldd "$1" | awk '$1 == "libmmf.so.1" {print $3}')
  case $resolved in
    /usr/lib/$triplet/libmmf.so.1 | /lib/$triplet/libmmf.so.1) ;;
    *) fail "$(basename "$1") loads libmmf.so.1 from '$resolved', not /usr/lib/$triplet";;
  esac
}

case $step in
install)
  files=()
  for p in "${packages[@]}"; do
    f=$(ls "$debs"/${p}_"${version}"_*.deb 2>/dev/null | head -1)
    [ -n "$f" ] || fail "no ${p}_${version}_*.deb in $debs"
    files+=("$f")
  done
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${files[@]}"
  for p in "${packages[@]}"; do
    v=$(dpkg-query -W -f='${Status} ${Version}' "$p")
    [ "$v" = "install ok installed $version" ] || fail "$p: '$v'"
  done
  echo "package: installed ${packages[*]} $version"
  ;;

remove)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get purge -y -q "${packages[@]}"
  for p in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then fail "$p is still installed"; fi
  done
  for f in /usr/include/mmf.h /usr/lib/$triplet/libmmf.so.1 /usr/share/java/mmf.jar /usr/lib/$triplet/jni/libmmfjni.so \
    "$cli/Mmf.dll" "$cli/libmmfcs.so" /usr/lib/python3/dist-packages/mmf; do
    [ ! -e "$f" ] || fail "$f is still there"
  done
  echo "package: removed ${packages[*]}"
  ;;

contents)
  # What each package holds, and where (Debian's multiarch and Java layout).
  want=(
    "libmmf1 /usr/lib/$triplet/libmmf.so.1"
    "libmmf1 /usr/lib/$triplet/libmmf.so.$version"
    "libmmf-dev /usr/include/mmf.h"
    "libmmf-dev /usr/include/mmf.hpp"
    "libmmf-dev /usr/lib/$triplet/libmmf.so"
    "libmmf-dev /usr/lib/$triplet/libmmf.a"
    "libmmf-dev /usr/lib/$triplet/pkgconfig/mmf.pc"
    "libmmf-dev /usr/lib/$triplet/cmake/mmf/mmfConfig.cmake"
    "libmmf-dev /usr/lib/$triplet/cmake/mmf/mmfConfigVersion.cmake"
    "libmmf-dev /usr/lib/$triplet/cmake/mmf/mmfTargets.cmake"
    "libmmf-dev /usr/share/man/man3/mmf.3.gz"
    "libmmf-dev /usr/share/man/man3/mmf_open.3.gz"
    "libmmf-jni /usr/lib/$triplet/jni/libmmfjni.so"
    "libmmf-java /usr/share/java/mmf-$version.jar"
    "libmmf-java /usr/share/java/mmf.jar"
    "libmmf-cil $cli/Mmf.dll"
    "libmmf-cil $cli/Mmf.dll.config"
    "libmmf-cil $cli/libmmfcs.so"
    "librust-mmf-sys-dev /usr/share/cargo/registry/mmf-sys-$version/Cargo.toml"
    "librust-mmf-sys-dev /usr/share/cargo/registry/mmf-sys-$version/.cargo-checksum.json"
    "librust-mmf-sys-dev /usr/share/cargo/registry/mmf-sys-$version/native/core/src/map.cpp"
    "librust-mmf-dev /usr/share/cargo/registry/mmf-$version/Cargo.toml"
    "librust-mmf-dev /usr/share/cargo/registry/mmf-$version/src/lib.rs"
  )
  n=0
  for w in "${want[@]}"; do
    set -- $w
    dpkg -L "$1" | grep -qx "$2" || fail "$1 does not contain $2"
    n=$((n + 1))
  done
  # Every function of the installed header has its installed man page.
  for f in $(grep -o '^MMF_API [^(]*(' /usr/include/mmf.h | sed 's/.*[^a-z_0-9]\(mmf_[a-z_0-9]*\)($/\1/'); do
    [ -f "/usr/share/man/man3/$f.3.gz" ] || fail "no man page for $f"
    n=$((n + 1))
  done
  # libmmfjni.so links the packaged libmmf.so.1, and libmmf-jni depends on libmmf1.
  loads_packaged_lib "/usr/lib/$triplet/jni/libmmfjni.so"
  dpkg-query -W -f='${Depends}' libmmf-jni | grep -q 'libmmf1 (>= ' || fail "libmmf-jni does not depend on libmmf1"
  # So does the C# glue, and libmmf-cil depends on libmmf1 and on the Mono runtime (dh_clideps).
  loads_packaged_lib "$cli/libmmfcs.so"
  cil_deps=$(dpkg-query -W -f='${Depends}' libmmf-cil)
  printf '%s' "$cil_deps" | grep -q 'libmmf1 (>= ' || fail "libmmf-cil does not depend on libmmf1: $cil_deps"
  printf '%s' "$cil_deps" | grep -q 'libmono-corlib4.5-cil' || fail "libmmf-cil has no \${cli:Depends} (Mono): $cil_deps"
  # The symbols file reached the system (dpkg-shlibdeps uses it for reverse dependencies).
  [ -f "/var/lib/dpkg/info/libmmf1:$(dpkg --print-architecture).symbols" ] || fail "libmmf1 ships no symbols file"
  [ "$(readlink -f /usr/share/java/mmf.jar)" = "/usr/share/java/mmf-$version.jar" ] || fail "mmf.jar is not a link to mmf-$version.jar"
  echo "package contents: $((n + 7)) passed, 0 failed"
  ;;

python)
  # The Debian python3's module: /usr/lib/python3/dist-packages/mmf, its
  # extension linking the packaged libmmf.so.1; the example and the pytest
  # suite run against it from a copy outside the source tree.
  py=/usr/bin/python3
  dir=/usr/lib/python3/dist-packages/mmf
  for f in __init__.py __init__.pyi py.typed; do
    dpkg -L python3-mmf | grep -qx "$dir/$f" || fail "python3-mmf does not contain $dir/$f"
  done
  ext=$(ls "$dir"/_mmf.cpython-*.so) || fail "no extension module in $dir"
  loads_packaged_lib "$ext"
  dpkg-query -W -f='${Depends}' python3-mmf | grep -q 'libmmf1 (>= ' || fail "python3-mmf does not depend on libmmf1"
  cp "$src/examples/python/hello.py" "$work/"
  cp -r "$src/bindings/python/tests" "$work/tests"
  cd "$work"
  [ "$($py -c 'import mmf; print(mmf.__file__)')" = "$dir/__init__.py" ] || fail "python3 imports mmf from elsewhere"
  [ "$($py -c 'import mmf; print(mmf.__libmmf_version__)')" = "$version" ] || fail "mmf.__libmmf_version__"
  out=$($py hello.py)
  [ "$out" = "$(printf 'Hello Python!\nHello\nHello  world!')" ] || fail "hello.py printed '$out'"
  $py -m pytest -q -p no:cacheprovider "$work/tests" || fail "the pytest suite against the installed module"
  echo "package python: 8 passed, 0 failed"
  ;;

pkgconfig)
  cp "$src/tests/install/consumer/consumer.c" "$work/"
  flags=$(pkg-config --cflags --libs mmf)
  no_tree_paths "pkg-config --cflags --libs mmf" "$flags"
  [ "$(pkg-config --variable=prefix mmf)" = /usr ] || fail "mmf.pc prefix is '$(pkg-config --variable=prefix mmf)'"
  [ "$(pkg-config --modversion mmf)" = "$version" ] || fail "pkg-config --modversion mmf is '$(pkg-config --modversion mmf)'"
  cd "$work"
  cc -std=c99 -pedantic -Werror consumer.c $flags -o consumer
  loads_packaged_lib "$work/consumer"
  out=$(./consumer)
  [ "$out" = "consumer ok $version" ] || fail "consumer printed '$out'"
  # libmmf.a through `pkg-config --static` (Libs.private brings the C++
  # runtime to a C link); -l:libmmf.a picks the archive beside libmmf.so.
  static_libs=$(pkg-config --static --libs mmf)
  cc -std=c99 -pedantic -Werror consumer.c $(pkg-config --cflags mmf) ${static_libs/-lmmf/-l:libmmf.a} -o consumer_static
  if ldd consumer_static | grep -q 'libmmf\.so'; then fail "the static consumer needs libmmf.so: $(ldd consumer_static)"; fi
  out=$(./consumer_static)
  [ "$out" = "consumer ok $version" ] || fail "the static consumer printed '$out'"
  echo "package pkg-config: 6 passed, 0 failed"
  ;;

cmake)
  cp -r "$src/tests/install/consumer" "$work/consumer"
  cmake -S "$work/consumer" -B "$work/build" -G Ninja >"$work/configure.log" ||
    { cat "$work/configure.log"; fail "configure"; }
  mmf_dir=$(sed -n 's/^mmf_DIR:PATH=//p' "$work/build/CMakeCache.txt")
  [ "$mmf_dir" = "/usr/lib/$triplet/cmake/mmf" ] || fail "find_package(mmf) found '$mmf_dir'"
  cmake --build "$work/build" >"$work/build.log" || { cat "$work/build.log"; fail "build"; }
  no_tree_paths "the consumer's build commands" "$(cat "$work/build/compile_commands.json" 2>/dev/null; ninja -C "$work/build" -t commands)"
  n=1
  for exe in consumer_c consumer_cpp consumer_c_static consumer_cpp_static; do
    [ -x "$work/build/$exe" ] || fail "$exe was not built (mmf::mmf_static missing from the package?)"
    case $exe in
      *_static) if ldd "$work/build/$exe" | grep -q 'libmmf\.so'; then fail "$exe needs libmmf.so"; fi;;
      *) loads_packaged_lib "$work/build/$exe";;
    esac
    out=$("$work/build/$exe")  # set -e: a failing consumer fails the test
    case $exe:$out in
      "consumer_c:consumer ok $version" | "consumer_cpp:consumer_cpp ok "*) ;;
      "consumer_c_static:consumer ok $version" | "consumer_cpp_static:consumer_cpp ok "*) ;;
      *) fail "$exe printed '$out'";;
    esac
    n=$((n + 1))
  done
  echo "package find_package: $n passed, 0 failed"
  ;;

java)
  jar=/usr/share/java/mmf.jar
  mf=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r')
  printf '%s\n' "$mf" | grep -qx "Implementation-Version: $version" || fail "the jar's manifest: $mf"
  cp "$src/examples/java/Hello.java" "$work/"
  cd "$work"
  javac -Xlint:all -Werror -cp "$jar" -d classes Hello.java
  # No -Dorg.mmf.jni.library: the JVM finds libmmfjni.so in the multiarch jni
  # directory, which is on Debian's default java.library.path.
  out=$(java -cp "$jar:classes" Hello)
  expected=$'Hello Python!\nHello\nHello  world!'
  [ "$out" = "$expected" ] || fail "Hello printed '$out'"
  loaded=$(java -Xlog:library=info -cp "$jar:classes" Hello 2>&1 | grep -o '/[^ ]*libmmfjni.so' | sort -u || true)
  echo "package java: JNI library loaded from ${loaded:-(not logged)}"
  echo "package java: 2 passed, 0 failed"
  ;;

csharp)
  # The dllmap of the installed assembly names the installed glue, nothing else.
  config=$cli/Mmf.dll.config
  target=$(sed -n 's/.*<dllmap dll="mmfcs" target="\([^"]*\)" os="!windows,osx".*/\1/p' "$config")
  [ "$target" = "$cli/libmmfcs.so" ] || fail "$config maps mmfcs to '$target', not $cli/libmmfcs.so"
  no_tree_paths "$config" "$(cat "$config")"
  cp "$src/examples/csharp/Hello.cs" "$src/examples/csharp/ViewSum.cs" "$work/"
  cd "$work"
  mcs_flags=(-nologo -unsafe -warnaserror -warn:4 -r:"$cli/Mmf.dll")
  # ViewSum's Span<byte> path where this mcs has it (as the binding's CMake probes).
  if printf 'class P { static void Main() { System.Span<byte> s = new byte[1]; s[0] = 1; } }\n' >probe.cs &&
     mcs -nologo -out:probe.exe probe.cs >/dev/null 2>&1; then
    mcs_flags+=(-define:MMF_SPAN)
  fi
  mcs "${mcs_flags[@]}" -out:Hello.exe Hello.cs
  mcs "${mcs_flags[@]}" -out:ViewSum.exe ViewSum.cs
  [ ! -e Mmf.dll ] || fail "mcs copied Mmf.dll into the work directory"
  n=0
  expected=$'Hello Python!\nHello\nHello  world!'
  # 1. The assembly where the package put it, found through MONO_PATH; the
  #    log shows which Mmf.dll and which libmmfcs.so Mono loaded.
  for exe in Hello ViewSum; do
    out=$(MONO_PATH=$cli mono --debug $exe.exe 2>&1) || fail "$exe (MONO_PATH=$cli) exited with $?: $out"
    case $exe:$out in
      "Hello:$expected" | "ViewSum:sum of 1048576 bytes: 133693440") ;;
      *) fail "$exe (MONO_PATH=$cli) printed '$out'";;
    esac
    n=$((n + 1))
  done
  # (Mono writes its log to stdout, between the program's lines.)
  log=$(MONO_PATH=$cli MONO_LOG_LEVEL=debug MONO_LOG_MASK=asm,dll mono Hello.exe 2>&1 | grep '^Mono: ' || true)
  printf '%s\n' "$log" | grep -qF "DllImport loaded library '$cli/libmmfcs.so'." ||
    fail "Mono did not load $cli/libmmfcs.so: $(printf '%s\n' "$log" | grep -i mmfcs)"
  printf '%s\n' "$log" | grep -qF "Assembly Loader loaded assembly from location: '$cli/Mmf.dll'." ||
    fail "Mono did not load $cli/Mmf.dll: $(printf '%s\n' "$log" | grep 'Mmf\.dll')"
  no_tree_paths "Mono's loader log" "$log"
  n=$((n + 1))
  # 2. A private copy of Mmf.dll and its .config next to the program (the
  #    binding's README); the dllmap still leads to the packaged glue.
  cp "$cli/Mmf.dll" "$cli/Mmf.dll.config" "$work/"
  out=$(mono --debug Hello.exe 2>&1) || fail "Hello (copied Mmf.dll) exited with $?: $out"
  [ "$out" = "$expected" ] || fail "Hello (copied Mmf.dll) printed '$out'"
  log=$(MONO_LOG_LEVEL=debug MONO_LOG_MASK=dll mono Hello.exe 2>&1 | grep '^Mono: ' || true)
  printf '%s\n' "$log" | grep -qF "DllImport loaded library '$cli/libmmfcs.so'." ||
    fail "Mono did not load $cli/libmmfcs.so for a copied Mmf.dll: $(printf '%s\n' "$log" | grep -i mmfcs)"
  n=$((n + 1))
  # 3. pkg-config, as Debian's CLI libraries outside the GAC: `mcs
  #    -pkg:mmf-sharp` references the packaged Mmf.dll, the program copies
  #    the files of the .pc's Libraries variable next to itself and runs with
  #    plain `mono`, no MONO_PATH (README of the binding, "pkg-config").
  pc=/usr/share/pkgconfig/mmf-sharp.pc
  dpkg -L libmmf-cil | grep -qx "$pc" || fail "libmmf-cil does not contain $pc"
  dpkg -L libmmf-cil | grep -qx "$cli/Mmf.xml" || fail "libmmf-cil does not contain $cli/Mmf.xml"
  [ "$(pkg-config --modversion mmf-sharp)" = "$version" ] || fail "pkg-config --modversion mmf-sharp: $(pkg-config --modversion mmf-sharp)"
  [ "$(pkg-config --libs mmf-sharp | xargs)" = "-r:$cli/Mmf.dll" ] || fail "pkg-config --libs mmf-sharp: $(pkg-config --libs mmf-sharp)"
  [ "$(monodis --assembly "$cli/Mmf.dll" | sed -n 's/^Version: *//p')" = "$version.0" ] ||
    fail "the packaged Mmf.dll's assembly version is not $version.0"
  mkdir "$work/pc" && cp "$src/examples/csharp/Hello.cs" "$work/pc/" && cd "$work/pc"
  mcs -nologo -warnaserror -pkg:mmf-sharp -out:Hello.exe Hello.cs
  cp $(pkg-config --variable=Libraries mmf-sharp) .
  [ -f Mmf.dll ] && [ -f Mmf.dll.config ] || fail "the Libraries of mmf-sharp.pc: $(pkg-config --variable=Libraries mmf-sharp)"
  out=$(mono Hello.exe 2>&1) || fail "Hello (mcs -pkg:mmf-sharp) exited with $?: $out"
  [ "$out" = "$expected" ] || fail "Hello (mcs -pkg:mmf-sharp) printed '$out'"
  log=$(MONO_LOG_LEVEL=debug MONO_LOG_MASK=dll mono Hello.exe 2>&1 | grep '^Mono: ' || true)
  printf '%s\n' "$log" | grep -qF "DllImport loaded library '$cli/libmmfcs.so'." ||
    fail "Mono did not load $cli/libmmfcs.so (mcs -pkg:mmf-sharp): $(printf '%s\n' "$log" | grep -i mmfcs)"
  n=$((n + 1))
  echo "package csharp: $n passed, 0 failed"
  ;;

maven)
  # libmmf-java's POM in Debian's Maven repository (maven-repo-helper): a
  # Maven project outside the tree depends on org.mmf:mmf and builds offline
  # with /usr/share/maven-repo as its only repository (Debian's own plugins
  # from libmaven-*-plugin-java), then runs with the jar Maven resolved and
  # the packaged JNI library.
  repo=/usr/share/maven-repo
  for f in "$repo/org/mmf/mmf/$version/mmf-$version.pom" "$repo/org/mmf/mmf/debian/mmf-debian.pom"; do
    dpkg -S "$f" 2>/dev/null | grep -q '^libmmf-java: ' || fail "libmmf-java does not ship $f"
  done
  [ "$(readlink -f "$repo/org/mmf/mmf/$version/mmf-$version.jar")" = "/usr/share/java/mmf-$version.jar" ] ||
    fail "$repo/org/mmf/mmf/$version/mmf-$version.jar is not a link to /usr/share/java/mmf-$version.jar"
  mkdir -p "$work/consumer/src/main/java"
  cp "$src/examples/java/Hello.java" "$work/consumer/src/main/java/"
  cat >"$work/consumer/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>consumer</groupId>
  <artifactId>consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.mmf</groupId>
      <artifactId>mmf</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
POM
  cd "$work/consumer"
  # An empty settings file: no mirror or repository of the user's can help.
  printf '<settings/>\n' >"$work/settings.xml"
  mvn -o -B -ntp -s "$work/settings.xml" -Dmaven.repo.local="$repo" compile >"$work/mvn.log" 2>&1 ||
    { cat "$work/mvn.log"; fail "mvn -o compile against $repo"; }
  no_tree_paths "the Maven build" "$(cat "$work/mvn.log")"
  [ -f target/classes/Hello.class ] || fail "mvn compiled no Hello.class"
  # The jar Maven resolved, as its class path lists it.
  jar=$repo/org/mmf/mmf/$version/mmf-$version.jar
  out=$(java -cp "$jar:target/classes" Hello)
  expected=$'Hello Python!\nHello\nHello  world!'
  [ "$out" = "$expected" ] || fail "Hello printed '$out'"
  echo "package maven: 4 passed, 0 failed"
  ;;

rust)
  # A cargo project outside the tree whose registry is Debian's directory
  # (debcargo's layout), built offline: everything comes from the packages
  # (mmf and mmf-sys from ours, pkg-config from Debian's), and the program
  # links the packaged libmmf.so.1 through pkg-config. Debian 12's own rustc
  # (1.63) is older than the crates' rust-version, so the machine's cargo
  # builds it.
  registry=/usr/share/cargo/registry
  [ -d "$registry/mmf-$version" ] || fail "no $registry/mmf-$version"
  dpkg-query -W -f='${Provides}' librust-mmf-dev | grep -q "librust-mmf-1-dev (= " ||
    fail "librust-mmf-dev provides '$(dpkg-query -W -f='${Provides}' librust-mmf-dev)'"
  mkdir -p "$work/consumer/src" "$work/consumer/.cargo"
  cd "$work/consumer"
  printf '[package]\nname = "consumer"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nmmf = "%s"\n' \
    "${version%%.*}" >Cargo.toml
  printf '[source.crates-io]\nreplace-with = "debian"\n\n[source.debian]\ndirectory = "%s"\n' "$registry" >.cargo/config.toml
  cat >src/main.rs <<'RUST'
fn main() -> Result<(), mmf::Error> {
    let m = mmf::MmapOptions::new().open_anonymous(64)?;
    m.write_at(b"needle", 10)?;
    assert_eq!(m.find(b"needle", ..)?, Some(10));
    println!("consumer ok");
    Ok(())
}
RUST
  export CARGO_HOME=$work/cargo-home CARGO_TARGET_DIR=$work/target
  cargo build --offline >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "cargo build --offline"; }
  no_tree_paths "the cargo build" "$(cat "$work/build.log")"
  loads_packaged_lib "$work/target/debug/consumer"
  out=$("$work/target/debug/consumer")
  [ "$out" = "consumer ok" ] || fail "the consumer printed '$out'"
  echo "package rust: 3 passed, 0 failed"
  ;;

go)
  # golang-mmf-dev: the Go sources in Debian's GOPATH tree. A program outside
  # the source tree (examples/go/hello) is built against them twice, in
  # GOPATH mode and as a module with a vendor directory that is the
  # installed tree, with no network (GOPROXY=off) and only the packaged
  # mmf.pc; each binary loads the packaged libmmf.so.1. Debian 12's own go
  # (1.19) is older than the module's go 1.22, so the machine's go builds it.
  gocode=/usr/share/gocode/src/example.invalid/mmf
  for f in map.go direct_amd64.s internal/native/native.go internal/native/native_wrap.c go.mod; do
    dpkg -L golang-mmf-dev | grep -qx "$gocode/$f" || fail "golang-mmf-dev does not contain $gocode/$f"
  done
  dpkg -L golang-mmf-dev | grep -q "^$gocode/internal/libmmf" && fail "golang-mmf-dev ships the bundled copy of the C++ sources"
  gobin=$(command -v go || echo /usr/local/go/bin/go)
  [ -x "$gobin" ] || fail "no go tool on PATH or in /usr/local/go/bin"
  export GOCACHE=$work/gocache GOPATH=/usr/share/gocode GOPROXY=off GOTOOLCHAIN=local GOTELEMETRY=off CGO_ENABLED=1 GOFLAGS=
  unset GOROOT
  mkdir -p "$work/gopath" "$work/vendored/vendor/example.invalid"
  cp "$src/examples/go/hello/main.go" "$work/gopath/"
  cp "$src/examples/go/hello/main.go" "$work/vendored/"
  expected=$'Hello Python!\nHello\nHello  world!'
  n=0
  # 1. GOPATH mode: the import path resolves in /usr/share/gocode/src.
  (cd "$work/gopath" && GO111MODULE=off "$gobin" build -x -o hello . >"$work/gopath.log" 2>&1) ||
    { cat "$work/gopath.log"; fail "GOPATH mode build"; }
  no_tree_paths "the GOPATH build" "$(cat "$work/gopath.log")"
  grep -q "$gocode/internal/native" "$work/gopath.log" || fail "the GOPATH build did not compile $gocode/internal/native"
  loads_packaged_lib "$work/gopath/hello"
  out=$(cd "$work/gopath" && ./hello)
  [ "$out" = "$expected" ] || fail "hello (GOPATH mode) printed '$out'"
  n=$((n + 1))
  # 2. Module mode, GOFLAGS=-mod=vendor: vendor/example.invalid/mmf is the
  #    installed tree (a link), as a Debian build of a Go module vendors it.
  cd "$work/vendored"
  printf 'module consumer\n\ngo 1.22\n\nrequire example.invalid/mmf v%s\n' "$version" >go.mod
  printf '# example.invalid/mmf v%s\n## explicit; go 1.22\nexample.invalid/mmf\nexample.invalid/mmf/internal/native\n' "$version" >vendor/modules.txt
  ln -s "$gocode" vendor/example.invalid/mmf
  GOPATH=$work/gopath-unused GOFLAGS=-mod=vendor "$gobin" build -o hello . >"$work/vendor.log" 2>&1 ||
    { cat "$work/vendor.log"; fail "-mod=vendor build"; }
  loads_packaged_lib "$work/vendored/hello"
  out=$(./hello)
  [ "$out" = "$expected" ] || fail "hello (-mod=vendor) printed '$out'"
  n=$((n + 1))
  echo "package go: $n passed, 0 failed"
  ;;

man)
  n=0
  for page in mmf mmf_open mmf_seek mmf_buffer_acquire mmf_version; do
    path=$(man -w 3 "$page") || fail "man -w 3 $page"
    [ "$path" = "/usr/share/man/man3/$page.3.gz" ] || fail "man -w 3 $page gives $path"
    text=$(MANWIDTH=80 man 3 "$page" 2>&1)
    printf '%s\n' "$text" | grep -q "^NAME" || fail "man 3 $page: $text"
    n=$((n + 1))
  done
  MANWIDTH=80 man 3 mmf_open | grep -q "MMF_ERR_INVALID_ARGUMENT" || fail "mmf_open(3) lacks its return values"
  echo "package man: $((n + 1)) passed, 0 failed"
  ;;

*)
  echo "usage: $0 install|remove|contents|pkgconfig|cmake|java|maven|csharp|python|man|rust|go" >&2
  exit 2
  ;;
esac
