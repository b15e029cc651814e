#!/bin/sh
# LICENSE is the license; debian/copyright must carry the same text (in
# Debian's indented form), so the two can't drift apart. Usage: check_license.sh SOURCE_DIR
set -eu
src=$1
# The permission text: LICENSE from its "Permission" paragraph on, and the
# MIT stanza of debian/copyright without its one-space indent and "." lines.
sed -n '/^Permission/,$p' "$src/LICENSE" | tr -s ' \n' '  ' >"${TMPDIR:-/tmp}/mmf-license.$$"
awk 'text && /^ / { sub(/^ /, ""); if ($0 != ".") print; next } { text = 0 } /^License: MIT$/ { text = 1 }' \
  "$src/debian/copyright" | tr -s ' \n' '  ' \
  >"${TMPDIR:-/tmp}/mmf-copyright.$$"
if cmp -s "${TMPDIR:-/tmp}/mmf-license.$$" "${TMPDIR:-/tmp}/mmf-copyright.$$"; then
  rm -f "${TMPDIR:-/tmp}/mmf-license.$$" "${TMPDIR:-/tmp}/mmf-copyright.$$"
  echo "license: LICENSE and debian/copyright agree"
else
  diff "${TMPDIR:-/tmp}/mmf-license.$$" "${TMPDIR:-/tmp}/mmf-copyright.$$" || true
  rm -f "${TMPDIR:-/tmp}/mmf-license.$$" "${TMPDIR:-/tmp}/mmf-copyright.$$"
  echo "license: LICENSE and debian/copyright differ"
  exit 1
fi
