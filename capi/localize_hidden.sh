#!/bin/sh
# Makes the hidden symbols of a relocatable object local, except those defined
# in COMDAT groups. Usage: localize_hidden.sh READELF OBJCOPY OBJECT
#
# Why not objcopy --localize-hidden: the C++ runtime's inline functions
# (std::string's destructor, say) are hidden COMDAT symbols here. When the
# program linking libmmf.a has the same group, the linker keeps its copy and
# discards ours; had ours been made local, our calls would point into the
# discarded copy and the link fails. So group members keep their binding, and
# everything else hidden (the core's functions, the guard's labels) becomes
# local, as it is in libmmf.so.
set -eu
readelf=$1 objcopy=$2 obj=$3
list=$obj.localize
# Section indexes that belong to a COMDAT group.
"$readelf" -gW "$obj" | awk '/^COMDAT group/ { in_group = 1; next }
  in_group && /^ *\[ *[0-9]+\]/ { gsub(/[][]/, " "); print $1 }' >"$list.groups"
"$readelf" -sW "$obj" | awk -v groups="$list.groups" '
  BEGIN { while ((getline g < groups) > 0) grouped[g] = 1 }
  ($5 == "GLOBAL" || $5 == "WEAK") && $6 == "HIDDEN" && $7 ~ /^[0-9]+$/ && !($7 in grouped) { print $8 }' \
  | sort -u >"$list"
"$objcopy" --localize-symbols="$list" "$obj"
rm -f "$list" "$list.groups"
