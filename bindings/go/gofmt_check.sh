#!/usr/bin/env bash
# Fails (exit 1) if gofmt would change any Go file of the binding or the
# examples; lists them. CTest's go.gofmt. GOFMT names the binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$("${GOFMT:-gofmt}" -l "$root/bindings/go" "$root/examples/go")"
if [ -n "$out" ]; then
  echo "gofmt would change:"
  echo "$out"
  exit 1
fi
echo "gofmt: bindings/go and examples/go are formatted"
