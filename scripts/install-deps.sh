#!/usr/bin/env bash
# Installs, from Debian's packages, whatever the build and the tests need and
# the machine lacks. Safe to run repeatedly: it only calls apt when something
# is missing. The package list grows with each binding.
set -euo pipefail

packages=(
  cmake ninja-build g++ gcc make pkg-config   # build
  libgtest-dev googletest                     # C/C++ unit tests (googletest: sources for the windows preset)
  python3                                     # CPython oracle for the conformance vectors
  clang-format clang-tidy                     # lint tests
  clang-14 libfuzzer-14-dev libclang-rt-14-dev  # the fuzz preset
  binutils                                    # nm/readelf for the ABI tests
  swig                                        # Java, C# and Go bindings
  mono-mcs mono-devel libnunit-cil-dev nunit-console  # C# binding, tested on Mono
  cli-common-dev                              # libmmf-cil: dh --with cli (dh_clideps: ${cli:Depends})
  libclang-dev                                # bindgen (Rust mmf-sys)
  libbenchmark-dev gnuplot-nox                # bench/run.sh
  openjdk-17-jdk-headless junit5              # Java binding (JNI) and its JUnit 5 console launcher
  g++-mingw-w64-x86-64 wine64                 # the windows preset: cross build, tests under Wine
  debhelper dpkg-dev fakeroot lintian         # Debian packages (scripts/build-debs.sh)
  abigail-tools                               # ABI guard: abidw/abidiff (capi/abi)
  man-db groff-base unzip                     # man page checks; the jar manifest in tests/package
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
