#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, typecheck, lint, unit and integration tests
# (real containerd, real control plane), browser tests in Debian Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PODSCOPE_TEST=1
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step typecheck; pnpm -s typecheck
step lint; pnpm -s lint
step "unit + integration tests"; pnpm -s exec turbo run test --concurrency=1
if [ -f playwright.config.ts ]; then step "browser tests"; pnpm -s exec playwright test; fi
