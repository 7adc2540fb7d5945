#!/usr/bin/env bash
# Benchmarks: figures and ratios printed, never asserted. Some compare against the real control plane
# and a real kubelet (built from Go modules): the control plane is built and started here if needed,
# and stopped again unless it was already running.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/controlplane.sh build >/dev/null
cp_was_running=$(bash scripts/controlplane.sh status 2>/dev/null | grep -c "kube-apiserver running" || true)
bash scripts/controlplane.sh start >/dev/null
[ "$cp_was_running" = "0" ] && trap 'bash scripts/controlplane.sh stop >/dev/null 2>&1 || true' EXIT
bash scripts/registry.sh build >/dev/null
for b in packages/*/bench/*.ts apps/*/bench/*.ts; do [ -f "$b" ] && { echo "== $b"; pnpm -s exec tsx "$b"; }; done
