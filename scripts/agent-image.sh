#!/usr/bin/env bash
# The podscope node agent's container image (podscope.local/agent:<AGENT_VERSION>), built without a
# registry or a Docker engine by packages/agent/bundle: the agent bundled by esbuild, this machine's node
# binary with its shared libraries, the CRI api.proto. Cached in $PODSCOPE_CACHE/agent/<content hash>/.
#
#   scripts/agent-image.sh build           build (or find cached); prints the OCI image archive's path
#   scripts/agent-image.sh load SOCKET     the same, then import it into that containerd (namespace k8s.io,
#                                          where the CRI and so the kubelet see it)
#
# The node agent DaemonSet (`podscope agent manifest`) names this image with imagePullPolicy Never on
# test nodes: the image must be loaded into each node's containerd (e.g. kubelet-real's socket from
# `bash scripts/kubelet.sh env`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PODSCOPE_CACHE="${PODSCOPE_CACHE:-/var/cache/podscope}"
# tsx directly rather than through `pnpm exec`: a cached build is then about a second, not three.
TSX=node_modules/.bin/tsx
[ -x "$TSX" ] || { echo "agent-image: $TSX is missing: run pnpm install" >&2; exit 1; }
case "${1:-}" in
  build) exec "$TSX" packages/agent/bundle/main.ts build ;;
  load) [ -n "${2:-}" ] || { echo "usage: $0 load <containerd socket>" >&2; exit 2; }
        exec "$TSX" packages/agent/bundle/main.ts load "$2" ;;
  *) echo "usage: $0 build | load <containerd socket>" >&2; exit 2 ;;
esac
