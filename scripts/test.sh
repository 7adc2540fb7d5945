#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, typecheck, lint, unit and integration tests
# (real containerd, real control plane), browser tests in Debian Chromium. Ends with one line
# "N passed, N failed" summed over every runner.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
bash scripts/setup.sh || { echo "setup failed" >&2; exit 1; }
export PODSCOPE_TEST=1
rm -rf artifacts/results && mkdir -p artifacts/results
node scripts/summarize-tests.mjs --clean
status=0
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# A step that is not a test runner: its failure is written down for the summary (summarize-tests.mjs).
checked() {
  local name=$1 rc=0
  shift
  "$@" || rc=$?
  [ "$rc" = 0 ] || { echo "$name $rc" >> artifacts/results/failed-steps; status=1; }
}

# The real control plane the cluster tests run against: built from Go modules once, cached by version.
step "control plane (built from Go modules, cached in \${PODSCOPE_CACHE:-/var/cache/podscope})"
bash scripts/controlplane.sh build || { echo "control plane build failed" >&2; exit 1; }
# The loopback OCI registry the local node's pull tests push to and pull from (cached the same way).
bash scripts/registry.sh build || { echo "registry build failed" >&2; exit 1; }
# Started once for every suite that needs it (each leaves a running one alone), stopped at the end
# unless it was already running (a developer's sandbox cluster).
cp_was_running=$(bash scripts/controlplane.sh status 2>/dev/null | grep -c "kube-apiserver running" || true)
bash scripts/controlplane.sh start >/dev/null || { echo "control plane did not start" >&2; exit 1; }
# The real kubelet node (kubelet-real) the agent, cluster-logs and kubelet fidelity suites run pods on:
# started once here, so suites find it running and leave it alone (one suite stopping a node it started
# would pull it from under the next one); stopped at the end unless it was already running.
kubelet_was_running=$(bash scripts/kubelet.sh status 2>/dev/null | grep -c "kubelet running" || true)
bash scripts/kubelet.sh start >/dev/null || { echo "the real kubelet node did not start" >&2; exit 1; }
cleanup() {
  [ "$kubelet_was_running" = "0" ] && { bash scripts/kubelet.sh stop >/dev/null 2>&1 || true; }
  [ "$cp_was_running" = "0" ] && { bash scripts/controlplane.sh stop >/dev/null 2>&1 || true; }
  return 0
}
trap cleanup EXIT

step typecheck
checked typecheck pnpm -s typecheck
step lint
checked lint pnpm -s lint
step "unit + integration tests"
# One package at a time: the integration tests share cgroups, containerd and the control plane.
pnpm -s exec turbo run test --concurrency=1 --continue -- --reporter=default --reporter=json --outputFile=test-results.json || status=1
step "drain fidelity: the simulator against kubectl drain on the real control plane"
pnpm -s --filter @podscope/drain fidelity --reporter=default --reporter=json --outputFile=fidelity-results.json || status=1
step "kubelet fidelity: the local node against the real kubelet (node kubelet-real)"
pnpm -s --filter @podscope/runtime fidelity --reporter=default --reporter=json --outputFile=fidelity-results.json || status=1
if [ -f playwright.config.ts ]; then
  step "browser tests"
  # Ports held by another process would stop Playwright before any test: check (and move) them first.
  # Without a report the summary names Playwright and counts it as failed.
  if e2e_port=$(bash scripts/check-ports.sh); then
    PODSCOPE_E2E_PORT=$e2e_port PLAYWRIGHT_JSON_OUTPUT_NAME=artifacts/results/playwright.json pnpm -s exec playwright test --reporter=list,json || status=1
  else status=1; fi
fi
node scripts/summarize-tests.mjs || status=1
exit $status
