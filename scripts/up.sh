#!/usr/bin/env bash
# Set up (idempotent) and start podscope: containerd, API server and web UI, in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pnpm -s podscope up "$@"
