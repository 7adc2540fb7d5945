#!/usr/bin/env bash
# One-shot, idempotent set-up of a fresh Debian/Ubuntu machine for podscope: apt packages of the
# local node and the browser tests, pnpm, dependencies, the local node's images, the web build.
# Expensive things are cached outside the repository in $PODSCOPE_CACHE, keyed by version.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
export PODSCOPE_CACHE="${PODSCOPE_CACHE:-/var/cache/podscope}"
mkdir -p "$PODSCOPE_CACHE"
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

APT_PACKAGES=(containerd runc containernetworking-plugins busybox-static chromium iproute2 iptables systemd openssl
  gcc libc6-dev make g++ python3 procps psmisc util-linux fonts-dejavu-core ca-certificates)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: need root to install: ${missing[*]}" >&2; exit 1; fi
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  log "npm install -g pnpm@$PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi
pnpm config set store-dir "$PODSCOPE_CACHE/pnpm-store" >/dev/null
log "pnpm install"
pnpm install --frozen-lockfile --reporter=silent

# The local node: CRI definition from the Go module, pause and busybox images, Go-built tools.
for s in scripts/setup-*.sh; do [ -f "$s" ] && { log "$s"; bash "$s"; }; done
# The node agent's image (podscope.local/agent): the agent DaemonSet runs it on cluster nodes (cached by content).
agent_image="$(bash scripts/agent-image.sh build)" # an assignment, so a failed build stops set-up (set -e)
log "agent image $agent_image"

log "build"
pnpm -s build >/dev/null
log "done"
