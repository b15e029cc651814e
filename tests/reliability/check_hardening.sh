#!/usr/bin/env bash
# The shipped library carries the hardening the build asks for: full RELRO,
# a non-executable stack, stack protector and _FORTIFY_SOURCE in use.
# Usage: check_hardening.sh LIB
set -euo pipefail
lib=$1
passed=0 failed=0
check() {  # NAME STATUS MESSAGE
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else echo "FAIL $1: $3"; failed=$((failed + 1)); fi
}
has() { grep -q "$1" <<<"$2" && echo 0 || echo 1; }

headers=$(readelf -lW "$lib")
dynamic=$(readelf -dW "$lib")
symbols=$(readelf --dyn-syms -W "$lib")

check relro "$(has 'GNU_RELRO' "$headers")" "no GNU_RELRO segment"
check bind-now "$(has 'BIND_NOW\|FLAGS_1.*NOW' "$dynamic")" "not linked with -z now (partial RELRO only)"
stack=$(grep 'GNU_STACK' <<<"$headers" || true)
check noexecstack "$([ -n "$stack" ] && ! grep -q 'RWE' <<<"$stack"; echo $?)" "executable or missing GNU_STACK: $stack"
check stack-protector "$(has '__stack_chk_fail' "$symbols")" "no __stack_chk_fail import: stack protector off"
check fortify "$(has '_chk@' "$symbols")" "no *_chk imports: _FORTIFY_SOURCE off"
check soname "$(has 'SONAME.*libmmf.so.1' "$dynamic")" "SONAME is not libmmf.so.1"

echo "hardening: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
