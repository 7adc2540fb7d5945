#!/usr/bin/env bash
# Benchmarks: figures and ratios printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in packages/*/bench/*.ts apps/*/bench/*.ts; do [ -f "$b" ] && { echo "== $b"; pnpm -s exec tsx "$b"; }; done
