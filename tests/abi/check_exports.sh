#!/usr/bin/env bash
# The ABI fence of libmmf: only mmf_* symbols leave the library, every one
# carries the mmf_1 version, the SONAME is libmmf.so.1, and every function
# the header declares is exported. Usage: check_exports.sh LIB HEADER
set -euo pipefail
lib=$1 header=$2
fail=0 passed=0

check() {  # check NAME CONDITION-EXIT-CODE MESSAGE
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
}

exported=$(nm -D --defined-only "$lib" | awk '{print $3}')
stray=$(printf '%s\n' "$exported" | grep -v '^mmf_' || true)
check only-mmf "$([ -z "$stray" ]; echo $?)" "symbols outside mmf_*: $(echo $stray)"

unversioned=$(printf '%s\n' "$exported" | grep '^mmf_' | grep -v '@@mmf_1$' | grep -v '^mmf_1$' || true)
check versioned "$([ -z "$unversioned" ]; echo $?)" "symbols without version mmf_1: $(echo $unversioned)"

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check soname "$([ "$soname" = libmmf.so.1 ]; echo $?)" "SONAME is '$soname'"

declared=$(grep -o '^MMF_API [^(]*(' "$header" | sed 's/.*[^a-z_0-9]\(mmf_[a-z_0-9]*\)($/\1/' | sort -u)
[ -n "$declared" ] || { echo "FAIL: no declarations parsed from $header"; exit 1; }
for f in $declared; do
  found=1
  # A here-string, not a pipe: grep -q exits at the first match, and under
  # pipefail the writer's SIGPIPE would turn a found symbol into a failure.
  if grep -qx "$f@@mmf_1" <<<"$exported"; then found=0; fi
  check "export-$f" "$found" "$f is declared in mmf.h but not exported"
done

echo "abi: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
