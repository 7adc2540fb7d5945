#!/usr/bin/env bash
# The local node's build inputs (idempotent; run as root by scripts/setup.sh, after pnpm install):
#   1. the CRI protocol definition, from the Go module k8s.io/cri-api (newest v0.34.x the Go module
#      proxy serves), copied to packages/runtime/proto/api.proto (gitignored: never committed);
#   2. the local images as OCI image-layout tarballs in $PODSCOPE_CACHE/images:
#      localhost/pause:3.10 (packages/runtime/native/pause.c, gcc -static -Os) and
#      localhost/busybox:latest (Debian's busybox-static).
# Everything is cached in $PODSCOPE_CACHE (default /var/cache/podscope), keyed by version/content.
set -euo pipefail
cd "$(dirname "$0")/.."
export PODSCOPE_CACHE="${PODSCOPE_CACHE:-/var/cache/podscope}"
CRI_API_SERIES="${PODSCOPE_CRI_API_SERIES:-v0.34}"
log() { printf '\033[1m[setup-node]\033[0m %s\n' "$*"; }
die() { printf 'setup-node: %s\n' "$*" >&2; exit 1; }
mkdir -p "$PODSCOPE_CACHE/cri-api"

GO="$(command -v go || true)"
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; }
export GOMODCACHE="${GOMODCACHE:-$PODSCOPE_CACHE/go/mod}"
export GOFLAGS="${GOFLAGS:-} -modcacherw"

# ---- 1. CRI api.proto ------------------------------------------------------------------------
proto_dst=packages/runtime/proto/api.proto
version=""
src=""
if [ -n "$GO" ]; then
  # A version query outside any module resolves to the newest patch of the series.
  if json="$(cd "$PODSCOPE_CACHE/cri-api" && GO111MODULE=on "$GO" mod download -json "k8s.io/cri-api@$CRI_API_SERIES" 2>&1)"; then
    version="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Version": "\(.*\)",*$/\1/p')"
    dir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
    src="$dir/pkg/apis/runtime/v1/api.proto"
  else
    why="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' | head -n1)"
    log "go mod download k8s.io/cri-api@$CRI_API_SERIES failed (${why:-$json}); trying the cache"
  fi
else
  log "go not found; trying the cache"
fi
if [ -z "$version" ] || [ ! -f "$src" ]; then
  # Offline: the newest copy cached by an earlier run.
  cached="$(ls -d "$PODSCOPE_CACHE"/cri-api/v*/ 2>/dev/null | sort -V | tail -n1 || true)"
  [ -n "$cached" ] && [ -f "$cached/api.proto" ] || die "cannot get k8s.io/cri-api ($CRI_API_SERIES): no Go module proxy and nothing cached in $PODSCOPE_CACHE/cri-api"
  version="$(basename "$cached")"
  src="$cached/api.proto"
fi
cache_proto="$PODSCOPE_CACHE/cri-api/$version/api.proto"
if [ ! -f "$cache_proto" ]; then
  mkdir -p "$(dirname "$cache_proto")"
  # Older cri-api versions import gogo protobuf options; they only steer Go code generation,
  # so drop the import, file options and field options rather than fetch gogo's proto.
  sed -E \
    -e '/^import "github.com\/gogo\/protobuf\/gogoproto\/gogo.proto";/d' \
    -e '/^option \(gogoproto\.[a-z_]+\)/d' \
    -e 's/ \[\(gogoproto\.[a-z_]+\) *= *[a-z"]+[^]]*\]//g' \
    "$src" > "$cache_proto.tmp"
  mv "$cache_proto.tmp" "$cache_proto"
fi
grep -q gogoproto "$cache_proto" && die "$cache_proto still mentions gogoproto after stripping"
mkdir -p "$(dirname "$proto_dst")"
if ! cmp -s "$cache_proto" "$proto_dst"; then cp "$cache_proto" "$proto_dst"; chmod 0644 "$proto_dst"; fi
log "CRI api.proto: k8s.io/cri-api $version -> $proto_dst"

# ---- 2. local images ---------------------------------------------------------------------------
command -v gcc >/dev/null || die "gcc is missing (apt-get install gcc libc6-dev)"
[ -x /bin/busybox ] || die "/bin/busybox is missing (apt-get install busybox-static)"
pnpm -s exec tsx packages/runtime/src/images/build-main.ts | while IFS=$'\t' read -r name file; do
  log "image $name -> $file"
done
