#!/usr/bin/env bash
# The ABI fence of libmmf: only mmf_* symbols leave the library, each one
# carries the version node of the header that declares it (mmf_1 for mmf.h,
# mmf_1.1 for mmf_direct.h), the SONAME is libmmf.so.1, and every function
# a header declares is exported. Usage: check_exports.sh LIB HEADER=NODE...
set -euo pipefail
lib=$1
shift
fail=0 passed=0

check() {  # check NAME CONDITION-EXIT-CODE MESSAGE
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
}

exported=$(nm -D --defined-only "$lib" | awk '{print $3}')
stray=$(printf '%s\n' "$exported" | grep -v '^mmf_' || true)
check only-mmf "$([ -z "$stray" ]; echo $?)" "symbols outside mmf_*: $(echo $stray)"

nodes=$(printf '%s\n' "$@" | sed 's/.*=//' | sort -u)
unversioned=$(printf '%s\n' "$exported" | grep '^mmf_' | while read -r sym; do
  ok=1
  for n in $nodes; do [ "$sym" = "$n" ] || [ "${sym%@@"$n"}" != "$sym" ] && ok=0; done
  [ $ok -eq 0 ] || echo "$sym"
done)
check versioned "$([ -z "$unversioned" ]; echo $?)" "symbols without one of the nodes $(echo $nodes): $(echo $unversioned)"

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check soname "$([ "$soname" = libmmf.so.1 ]; echo $?)" "SONAME is '$soname'"

for pair in "$@"; do
  header=${pair%=*} node=${pair##*=}
  declared=$(grep -o '^MMF_API [^(]*(' "$header" | sed 's/.*[^a-z_0-9]\(mmf_[a-z_0-9]*\)($/\1/' | sort -u)
  [ -n "$declared" ] || { echo "FAIL: no declarations parsed from $header"; exit 1; }
  for f in $declared; do
    found=1
    # A here-string, not a pipe: grep -q exits at the first match, and under
    # pipefail the writer's SIGPIPE would turn a found symbol into a failure.
    if grep -qx "$f@@$node" <<<"$exported"; then found=0; fi
    check "export-$f" "$found" "$f is declared in $(basename "$header") but not exported as $f@@$node"
  done
done

echo "abi: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
