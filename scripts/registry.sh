#!/usr/bin/env bash
# A real OCI registry on loopback for the local node's pull tests: the CNCF distribution
# registry (github.com/distribution/distribution/v3, cmd/registry), built from the Go module
# proxy and cached by version, like scripts/controlplane.sh builds the control plane.
#
#   scripts/registry.sh build                 build (or reuse cached) registry + htpasswd helper
#   scripts/registry.sh start DIR PORT [USER:PASSWORD]
#                                             run a registry on 127.0.0.1:PORT storing under DIR
#                                             (basic auth with a bcrypt htpasswd file when USER:PASSWORD is given);
#                                             waits until /v2/ answers
#   scripts/registry.sh stop DIR              stop the registry started with DIR (its data stays)
#   scripts/registry.sh bin                   print the directory of the cached binaries
#
# Each test starts its own registry (own DIR and port), so runs never share one.
# Environment: PODSCOPE_CACHE (default /var/cache/podscope): binaries, GOMODCACHE and GOCACHE
# live in $PODSCOPE_CACHE/registry/<version>/. PODSCOPE_REGISTRY_VERSION overrides the version.
set -euo pipefail

REGISTRY_VERSION="${PODSCOPE_REGISTRY_VERSION:-v3.1.2}"
PODSCOPE_CACHE="${PODSCOPE_CACHE:-/var/cache/podscope}"
CACHE="$PODSCOPE_CACHE/registry/$REGISTRY_VERSION"
BIN="$CACHE/bin"
BUILD_P="${PODSCOPE_BUILD_P:-2}"

export GOMODCACHE="$CACHE/gomod"
export GOCACHE="$CACHE/gocache"
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN=local
export PATH="/usr/local/go/bin:$PATH"

log() { printf '[registry] %s\n' "$*" >&2; }
die() { printf '[registry] ERROR: %s\n' "$*" >&2; exit 1; }

cmd_build() {
  if [ -x "$BIN/registry" ] && [ -x "$BIN/htpasswd" ]; then log "registry $REGISTRY_VERSION cached in $BIN"; return; fi
  command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
  mkdir -p "$CACHE" "$BIN"
  # Two builds at once would delete each other's wrapper module: one at a time.
  exec 9>"$CACHE/.build.lock"
  flock 9
  if [ -x "$BIN/registry" ] && [ -x "$BIN/htpasswd" ]; then log "registry $REGISTRY_VERSION cached in $BIN"; return; fi
  local t0=$SECONDS mod="$CACHE/src"
  rm -rf "$mod"; mkdir -p "$mod/htpasswd"
  cd "$mod"
  go mod init podscope.local/registry >/dev/null 2>&1
  log "go get -tool github.com/distribution/distribution/v3/cmd/registry@$REGISTRY_VERSION"
  go get -tool "github.com/distribution/distribution/v3/cmd/registry@$REGISTRY_VERSION"
  # The registry's htpasswd auth wants bcrypt entries; x/crypto is already a dependency of it,
  # so a five-line helper saves installing apache2-utils.
  cat > htpasswd/main.go <<'EOF'
// htpasswd USER PASSWORD: prints one bcrypt htpasswd line, as the distribution registry reads it.
package main

import (
	"fmt"
	"os"

	"golang.org/x/crypto/bcrypt"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: htpasswd USER PASSWORD")
		os.Exit(2)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(os.Args[2]), bcrypt.DefaultCost)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s:%s\n", os.Args[1], h)
}
EOF
  go mod tidy >/dev/null 2>&1 || true
  CGO_ENABLED=0 nice -n 10 go build -p "$BUILD_P" -trimpath -ldflags "-s -w" -o "$BIN/registry.tmp" github.com/distribution/distribution/v3/cmd/registry
  CGO_ENABLED=0 nice -n 10 go build -p "$BUILD_P" -trimpath -ldflags "-s -w" -o "$BIN/htpasswd.tmp" ./htpasswd
  mv "$BIN/registry.tmp" "$BIN/registry"
  mv "$BIN/htpasswd.tmp" "$BIN/htpasswd"
  log "built registry $REGISTRY_VERSION in $((SECONDS - t0))s; binaries in $BIN"
}

cmd_start() {
  local dir="${1:?usage: registry.sh start DIR PORT [USER:PASSWORD]}" port="${2:?usage: registry.sh start DIR PORT [USER:PASSWORD]}" cred="${3:-}"
  [ -x "$BIN/registry" ] || die "registry not built: run scripts/registry.sh build"
  mkdir -p "$dir/data"
  if [ -f "$dir/registry.pid" ] && kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then die "a registry already runs for $dir (pid $(cat "$dir/registry.pid"))"; fi
  local auth=""
  if [ -n "$cred" ]; then
    "$BIN/htpasswd" "${cred%%:*}" "${cred#*:}" > "$dir/htpasswd"
    auth="auth:
  htpasswd:
    realm: podscope-test
    path: $dir/htpasswd"
  fi
  cat > "$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$auth
EOF
  # Own session, so stop signals exactly it; no inherited lock descriptors.
  OTEL_TRACES_EXPORTER=none setsid "$BIN/registry" serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$dir/registry.pid"
  local end=$((SECONDS + 20))
  until curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null | grep -qE '^(200|401)$'; do
    if ! kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then tail -20 "$dir/registry.log" >&2; die "registry exited"; fi
    [ "$SECONDS" -lt "$end" ] || { tail -20 "$dir/registry.log" >&2; die "registry on 127.0.0.1:$port did not answer within 20s"; }
    sleep 0.2
  done
  log "registry on 127.0.0.1:$port (pid $(cat "$dir/registry.pid"), data in $dir/data${cred:+, basic auth for ${cred%%:*}})"
}

cmd_stop() {
  local dir="${1:?usage: registry.sh stop DIR}" f="${1}/registry.pid"
  [ -f "$f" ] || return 0
  local pid; pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

case "${1:-}" in
  build) cmd_build ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  bin) echo "$BIN" ;;
  *) die "usage: scripts/registry.sh build | start DIR PORT [USER:PASSWORD] | stop DIR | bin" ;;
esac
