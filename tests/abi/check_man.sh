#!/usr/bin/env bash
# The C API's man pages (capi/man/gen_man.py): every function mmf.h declares
# has its page, mmf(3) lists it, and every page renders without a groff
# warning and with a NAME line that lexgrog (mandb's whatis parser) accepts,
# the checks lintian makes on the installed pages. Usage: check_man.sh MANDIR HEADER
set -euo pipefail
mandir=$1 header=$2
fail=0 passed=0
check() {  # check NAME EXIT-CODE MESSAGE
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
}

declared=$(grep -o '^MMF_API [^(]*(' "$header" | sed 's/.*[^a-z_0-9]\(mmf_[a-z_0-9]*\)($/\1/' | sort -u)
[ -n "$declared" ] || { echo "FAIL: no declarations parsed from $header"; exit 1; }
[ -f "$mandir/mmf.3" ] || { echo "FAIL: $mandir/mmf.3 is missing"; exit 1; }
for f in $declared; do
  check "page-$f" "$([ -f "$mandir/$f.3" ]; echo $?)" "$mandir/$f.3 is missing"
  check "listed-$f" "$(grep -q "^\.BR $f (3)" "$mandir/mmf.3"; echo $?)" "mmf.3 does not list $f"
done

# Promises about the whole process, which only mmf(3) carries to a package's
# users (core/README.md is not installed): the process-wide SIGBUS handler
# and its limits.
for phrase in 'process\\-wide SIGBUS handler' 'handler installed after mmf' 'SIGBUS blocked'; do
  check "mmf.3-says-$phrase" "$(tr '\n' ' ' <"$mandir/mmf.3" | sed 's/  */ /g' | grep -q "$phrase"; echo $?)" \
    "mmf.3 does not say \"$phrase\""
done

for page in "$mandir"/*.3; do
  name=$(basename "$page" .3)
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null || true)
  check "groff-$name" "$([ -z "$warnings" ]; echo $?)" "$warnings"
  whatis=$(lexgrog "$page" 2>&1 || true)
  check "whatis-$name" "$(printf '%s\n' "$whatis" | grep -q ": \"$name - ..*\"$"; echo $?)" "$whatis"
done

echo "man: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
