#!/usr/bin/env bash
# A real Kubernetes control plane for podscope's tests and for users who want a
# local sandbox cluster: etcd + kube-apiserver + kube-controller-manager +
# kube-scheduler, all built from the Go module proxy, plus KWOK fake nodes so
# pods are scheduled and become Running/Ready without a kubelet.
#
#   scripts/controlplane.sh build            build (or reuse cached) binaries, kubelet included
#                                            (started only by scripts/kubelet.sh)
#   scripts/controlplane.sh start            start everything, wait for readiness
#   scripts/controlplane.sh stop             stop everything, delete the data dir
#   scripts/controlplane.sh env              print `export KUBECONFIG=…`
#   scripts/controlplane.sh status           which components are running
#   scripts/controlplane.sh restart-apiserver  kill and restart kube-apiserver only
#   scripts/controlplane.sh stop-apiserver / start-apiserver
#   scripts/controlplane.sh compact          compact etcd to its current revision
#   scripts/controlplane.sh bin              print the directory of the cached binaries
#   scripts/controlplane.sh kubectl ARGS…    the cached kubectl with the admin kubeconfig
#
# Environment (all optional):
#   PODSCOPE_CACHE      cache root (default /var/cache/podscope); binaries, GOMODCACHE
#                       and GOCACHE live in $PODSCOPE_CACHE/controlplane/<k8s version>/
#   PODSCOPE_CP_DIR     runtime dir: certs, kubeconfigs, logs, etcd data
#                       (default /tmp/podscope-controlplane)
#   PODSCOPE_K8S_VERSION  Kubernetes version (default below)
#   PODSCOPE_CP_NODES   number of KWOK fake nodes (default 3)
#   PODSCOPE_BUILD_P    go build -p parallelism (default 2)
set -euo pipefail

K8S_VERSION="${PODSCOPE_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${PODSCOPE_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${PODSCOPE_KWOK_VERSION:-v0.8.0}"

PODSCOPE_CACHE="${PODSCOPE_CACHE:-/var/cache/podscope}"
CACHE="$PODSCOPE_CACHE/controlplane/$K8S_VERSION"
BIN="$CACHE/bin"
CP_DIR="${PODSCOPE_CP_DIR:-/tmp/podscope-controlplane}"
NODES="${PODSCOPE_CP_NODES:-3}"
BUILD_P="${PODSCOPE_BUILD_P:-2}"

APISERVER_PORT=16443
ETCD_CLIENT_PORT=12379
ETCD_PEER_PORT=12380
CM_PORT=16257   # kube-controller-manager secure port
SCHED_PORT=16259 # kube-scheduler secure port
KWOK_PORT=16080  # kwok metrics/health

# Go caches are per Kubernetes version so a cached build never mixes versions
# and a CI machine can reuse exactly what a previous run downloaded.
export GOMODCACHE="$CACHE/gomod"
export GOCACHE="$CACHE/gocache"
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN=local
export PATH="/usr/local/go/bin:$PATH"

log() { printf '[controlplane] %s\n' "$*" >&2; }
die() { printf '[controlplane] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- build

# The staging modules (k8s.io/api, client-go, …) are versioned v0.<minor>.<patch>
# for Kubernetes v1.<minor>.<patch>.
staging_version() { echo "v0.${K8S_VERSION#v1.}"; }

# kubelet is built with the others (tests register it as a real node: scripts/kubelet.sh)
# but only started on demand. Only missing binaries are built, so adding one to the list
# does not rebuild the rest of a cache.
KUBE_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet)

build_kubernetes() {
  local want=() b
  for b in "${KUBE_BINARIES[@]}"; do [ -x "$BIN/$b" ] || want+=("$b"); done
  if [ "${#want[@]}" = 0 ]; then log "kubernetes $K8S_VERSION binaries cached in $BIN"; return; fi

  local mod="$CACHE/src/kubernetes"
  rm -rf "$mod"; mkdir -p "$mod" "$BIN"
  cd "$mod"
  log "kubernetes $K8S_VERSION: generating wrapper module in $mod"
  go mod init podscope.local/controlplane-kubernetes >/dev/null 2>&1
  # k8s.io/kubernetes's go.mod points its staging modules at ./staging/…, which
  # do not exist in the module zip. Read that go.mod and turn each such replace
  # into a replace with the published staging module version.
  local upstream_gomod
  upstream_gomod="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
  [ -f "$upstream_gomod" ] || die "could not download k8s.io/kubernetes@$K8S_VERSION go.mod"
  local sv; sv="$(staging_version)"
  local staged
  staged="$(grep -oE '^[[:space:]]*k8s\.io/[A-Za-z0-9._/-]+ => \./staging/' "$upstream_gomod" | awk '{print $1}' | sort -u)"
  [ -n "$staged" ] || die "no staging replaces found in $upstream_gomod"
  local n=0
  for m in $staged; do go mod edit -replace "$m=$m@$sv"; n=$((n + 1)); done
  log "  $n staging replaces -> $sv"
  # Keep upstream's godebug settings: behaviour of the binaries depends on them.
  local godebug
  godebug="$(awk '/^godebug[[:space:]]*\(/{inblk=1} inblk{print} inblk && /\)/{inblk=0; next} /^godebug[[:space:]]+[^(]/{print}' "$upstream_gomod")"
  if [ -n "$godebug" ]; then printf '\n%s\n' "$godebug" >> go.mod; log "  godebug: $(echo "$godebug" | tr '\n' ' ')"; fi
  local tools=()
  for b in "${want[@]}"; do tools+=("k8s.io/kubernetes/cmd/$b@$K8S_VERSION"); done
  log "  go get -tool ${want[*]}"
  go get -tool "${tools[@]}"

  local major minor
  major="$(echo "$K8S_VERSION" | sed -E 's/^v([0-9]+)\..*/\1/')"
  minor="$(echo "$K8S_VERSION" | sed -E 's/^v[0-9]+\.([0-9]+)\..*/\1/')"
  local date; date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ld="$ld -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
  done
  for b in "${want[@]}"; do
    log "  go build $b (-p $BUILD_P)"
    local t0=$SECONDS
    CGO_ENABLED=0 nice -n 10 go build -p "$BUILD_P" -trimpath -tags selinux,notest -ldflags "$ld" \
      -o "$BIN/$b.tmp" "k8s.io/kubernetes/cmd/$b"
    mv "$BIN/$b.tmp" "$BIN/$b"
    log "  built $b in $((SECONDS - t0))s"
  done
}

build_etcd() {
  if [ -x "$BIN/etcd" ]; then log "etcd $ETCD_VERSION cached"; return; fi
  local mod="$CACHE/src/etcd"
  rm -rf "$mod"; mkdir -p "$mod" "$BIN"
  cd "$mod"
  log "etcd $ETCD_VERSION: wrapper module in $mod"
  go mod init podscope.local/controlplane-etcd >/dev/null 2>&1
  go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  local t0=$SECONDS
  CGO_ENABLED=0 nice -n 10 go build -p "$BUILD_P" -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$BIN/etcd.tmp" "$BIN/etcd"
  log "  built etcd in $((SECONDS - t0))s"
}

build_kwok() {
  if [ -x "$BIN/kwok" ] && [ -d "$CACHE/kwok-stages" ]; then log "kwok $KWOK_VERSION cached"; return; fi
  mkdir -p "$BIN"
  log "kwok $KWOK_VERSION: go install"
  local t0=$SECONDS
  (cd /tmp && CGO_ENABLED=0 GOBIN="$BIN" nice -n 10 go install -p "$BUILD_P" -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION")
  log "  built kwok in $((SECONDS - t0))s"
  # The default stages (how fake nodes/pods move through their lifecycle) ship
  # in the module source; copy them out of the module cache (not into the repo).
  local src="$GOMODCACHE/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
  [ -d "$src" ] || die "kwok stages not found at $src"
  rm -rf "$CACHE/kwok-stages"; mkdir -p "$CACHE/kwok-stages"
  cp -r "$src/node" "$src/pod" "$CACHE/kwok-stages/"
  chmod -R u+w "$CACHE/kwok-stages"
}

cmd_build() {
  command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
  mkdir -p "$CACHE" "$BIN"
  # Two builds at once (CI test + bench, two engineers) would delete each other's wrapper
  # module: serialize them; the second one then finds everything cached.
  exec 9>"$CACHE/.build.lock"
  flock 9
  local t0=$SECONDS
  build_etcd
  build_kwok
  build_kubernetes
  log "build done in $((SECONDS - t0))s; binaries in $BIN"
  ls -la "$BIN" >&2
}

# ---------------------------------------------------------------- runtime

PIDS="$CP_DIR/pids"
LOGS="$CP_DIR/logs"
PKI="$CP_DIR/pki"
SERVER="https://127.0.0.1:$APISERVER_PORT"
ADMIN_KUBECONFIG="$CP_DIR/admin.kubeconfig"
LIMITED_KUBECONFIG="$CP_DIR/limited.kubeconfig"
KUBECTL="$BIN/kubectl"

alive() { local f="$PIDS/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }

# Start a component in its own session (so stop can signal exactly it), log to a file.
spawn() {
  local name="$1"; shift
  mkdir -p "$PIDS" "$LOGS"
  # 8>&- 9>&-: the daemons must not inherit (and so hold forever) our lock files.
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null 8>&- 9>&- &
  echo $! > "$PIDS/$name.pid"
}

kill_component() {
  local name="$1" sig="${2:-TERM}" f="$PIDS/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -"$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

wait_for() { # wait_for <seconds> <description> <command…>
  local secs="$1" what="$2"; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.5
  done
  log "$what ready"
}

fail_with_logs() {
  local name="$1"; shift
  log "$*"
  [ -f "$LOGS/$name.log" ] && { log "last lines of $LOGS/$name.log:"; tail -n 30 "$LOGS/$name.log" >&2; }
  exit 1
}

gen_pki() {
  [ -f "$PKI/ca.crt" ] && return 0
  command -v openssl >/dev/null || { log "installing openssl"; apt-get install -y --no-install-recommends openssl >&2; }
  mkdir -p "$PKI"; cd "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
    -subj "/CN=podscope-sandbox-ca" 2>/dev/null
  cat > apiserver.ext <<EXT
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
keyUsage=digitalSignature,keyEncipherment
EXT
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile apiserver.ext -out apiserver.crt 2>/dev/null
  # Service-account token signing key pair.
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  chmod 600 ./*.key
}

# Static bearer tokens (token,user,uid,"groups"). The admin is in system:masters;
# "podscope-limited" has no permissions until a test binds a Role to it.
# Controller-manager and scheduler are in system:masters too (a sandbox-only choice):
# right after kube-apiserver restarts, RBAC answers 403 for a moment, and client-go's
# reflectors then back off for minutes — tests that restart the API server would
# wait for service accounts and scheduling far longer than the restart itself.
gen_tokens() {
  [ -f "$PKI/tokens.csv" ] && return 0
  local t; t() { openssl rand -hex 16; }
  ADMIN_TOKEN="$(t)"
  cat > "$PKI/tokens.csv" <<CSV
$ADMIN_TOKEN,podscope-admin,uid-admin,"system:masters"
$(t),system:kube-controller-manager,uid-kcm,"system:masters"
$(t),system:kube-scheduler,uid-sched,"system:masters"
$(t),kwok-controller,uid-kwok,"system:masters"
$(t),podscope-limited,uid-limited,""
CSV
  chmod 600 "$PKI/tokens.csv"
}

token_of() { awk -F, -v u="$1" '$2==u{print $1}' "$PKI/tokens.csv"; }

# kubeconfig <file> then pairs of "<context> <user>"; the first context is current.
write_kubeconfig() {
  local file="$1"; shift
  local ca; ca="$(base64 -w0 < "$PKI/ca.crt")"
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: podscope-sandbox"
    echo "  cluster:"
    echo "    server: $SERVER"
    echo "    certificate-authority-data: $ca"
    echo "contexts:"
    local args=("$@") i
    for ((i = 0; i < ${#args[@]}; i += 2)); do
      echo "- name: ${args[i]}"
      echo "  context:"
      echo "    cluster: podscope-sandbox"
      echo "    user: ${args[i+1]}"
    done
    echo "current-context: $1"
    echo "users:"
    for ((i = 0; i < ${#args[@]}; i += 2)); do
      echo "- name: ${args[i+1]}"
      echo "  user:"
      echo "    token: $(token_of "${args[i+1]}")"
    done
  } > "$file"
  chmod 600 "$file"
}

start_etcd() {
  alive etcd && return 0
  # --unsafe-no-fsync: a throwaway test cluster on a busy shared disk; durability
  # across a machine crash does not matter, latency does.
  spawn etcd "$BIN/etcd" --name=podscope --data-dir="$CP_DIR/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="podscope=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --quota-backend-bytes=$((4 * 1024 * 1024 * 1024)) \
    --log-level=warn
  wait_for 60 etcd curl -sf "http://127.0.0.1:$ETCD_CLIENT_PORT/health" || fail_with_logs etcd "etcd did not become healthy"
}

start_apiserver() {
  alive kube-apiserver && return 0
  spawn kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
    --endpoint-reconciler-type=none \
    --cert-dir="$PKI" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --token-auth-file="$PKI/tokens.csv" \
    --authorization-mode=Node,RBAC \
    --service-account-key-file="$PKI/sa.pub" \
    --service-account-signing-key-file="$PKI/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-cluster-ip-range=10.96.0.0/16 \
    --allow-privileged=true \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --profiling=false \
    --v=1
  wait_for 120 kube-apiserver curl -sf --cacert "$PKI/ca.crt" "$SERVER/readyz" \
    -H "Authorization: Bearer $(token_of podscope-admin)" || fail_with_logs kube-apiserver "kube-apiserver did not become ready on $SERVER"
}

start_controller_manager() {
  alive kube-controller-manager && return 0
  write_kubeconfig "$CP_DIR/controller-manager.kubeconfig" kcm system:kube-controller-manager
  spawn kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig="$CP_DIR/controller-manager.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="$CM_PORT" \
    --use-service-account-credentials=false \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --controllers='*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-route' \
    --v=1
}

start_scheduler() {
  alive kube-scheduler && return 0
  write_kubeconfig "$CP_DIR/scheduler.kubeconfig" sched system:kube-scheduler
  spawn kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig="$CP_DIR/scheduler.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --v=1
}

start_kwok() {
  alive kwok && return 0
  write_kubeconfig "$CP_DIR/kwok.kubeconfig" kwok kwok-controller
  # The "fast" stages: nodes become Ready at once and keep a lease; pods go
  # straight to Running/Ready and are finalized promptly on deletion.
  local cfg="$CP_DIR/kwok-stages.yaml"
  : > "$cfg"
  local f
  for f in "$CACHE"/kwok-stages/node/fast/*.yaml "$CACHE"/kwok-stages/node/heartbeat-with-lease/*.yaml \
           "$CACHE"/kwok-stages/pod/fast/*.yaml; do
    [ -f "$f" ] || continue
    { echo "---"; grep -v '^---[[:space:]]*$' "$f"; } >> "$cfg"
  done
  [ -s "$cfg" ] || die "no kwok stages found under $CACHE/kwok-stages"
  spawn kwok "$BIN/kwok" \
    --kubeconfig="$CP_DIR/kwok.kubeconfig" \
    --config="$cfg" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom \
    --node-ip=10.88.0.1 --cidr=10.88.0.0/16 \
    --node-lease-duration-seconds=40 \
    --server-address="127.0.0.1:$KWOK_PORT"
}

create_nodes() {
  local i manifest=""
  for i in $(seq 0 $((NODES - 1))); do
    manifest+="---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: \"0\"
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-$((i % 2))
status:
  allocatable: {cpu: \"32\", memory: 256Gi, pods: \"${PODSCOPE_CP_PODS_PER_NODE:-500}\"}
  capacity: {cpu: \"32\", memory: 256Gi, pods: \"${PODSCOPE_CP_PODS_PER_NODE:-500}\"}
"
  done
  printf '%s' "$manifest" | "$KUBECTL" --kubeconfig="$ADMIN_KUBECONFIG" apply -f - >/dev/null
}

# Ready, and the not-ready taint (TaintNodesByCondition) already lifted by the node
# lifecycle controller, so pods can be scheduled the moment start returns.
nodes_ready() {
  local n
  n="$("$KUBECTL" --kubeconfig="$ADMIN_KUBECONFIG" get nodes -l type=kwok \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{.spec.taints}{"\n"}{end}' | grep -c '^True$' || true)"
  [ "$n" -ge "$NODES" ]
}

default_sa_exists() { "$KUBECTL" --kubeconfig="$ADMIN_KUBECONFIG" -n default get serviceaccount default; }

# start/stop/restart of one runtime dir must not interleave.
lock_runtime() {
  exec 8>"$CP_DIR.lock"
  flock 8
}

cmd_start() {
  lock_runtime
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
    [ -x "$BIN/$b" ] || die "$BIN/$b missing: run '$0 build' first"
  done
  command -v curl >/dev/null || { log "installing curl"; apt-get install -y --no-install-recommends curl >&2 || die "curl is required"; }
  local t0=$SECONDS
  mkdir -p "$CP_DIR"
  gen_pki; gen_tokens
  write_kubeconfig "$ADMIN_KUBECONFIG" podscope-sandbox podscope-admin podscope-limited podscope-limited
  write_kubeconfig "$LIMITED_KUBECONFIG" podscope-limited podscope-limited
  start_etcd
  start_apiserver
  start_controller_manager
  start_scheduler
  start_kwok
  create_nodes
  wait_for 120 "$NODES KWOK nodes" nodes_ready || fail_with_logs kwok "KWOK nodes did not become Ready"
  wait_for 120 "default service account" default_sa_exists || fail_with_logs kube-controller-manager "no default service account (controller-manager not working?)"
  for c in kube-controller-manager kube-scheduler kwok; do alive "$c" || fail_with_logs "$c" "$c exited"; done
  log "control plane up in $((SECONDS - t0))s: $SERVER"
  echo "$ADMIN_KUBECONFIG"
}

cmd_stop() {
  lock_runtime
  local c
  for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do kill_component "$c"; done
  # Only ever delete our own runtime dir, and only if it looks like one.
  if [ -d "$CP_DIR" ] && { [ -d "$CP_DIR/pids" ] || [ -d "$CP_DIR/pki" ]; }; then rm -rf "$CP_DIR"; fi
  log "stopped"
}

cmd_status() {
  local c
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
    if alive "$c"; then echo "$c running (pid $(cat "$PIDS/$c.pid"))"; else echo "$c stopped"; fi
  done
}

# Compact etcd up to its current revision (through etcd's JSON gateway), so any
# watch resuming from an older resourceVersion must get 410 Gone.
cmd_compact() {
  local rev
  rev="$(curl -sf -X POST "http://127.0.0.1:$ETCD_CLIENT_PORT/v3/kv/range" -d '{"key":"Lw==","limit":1}' \
    | sed -n 's/.*"revision":"\([0-9]*\)".*/\1/p')"
  [ -n "$rev" ] || die "could not read etcd revision"
  curl -sf -X POST "http://127.0.0.1:$ETCD_CLIENT_PORT/v3/kv/compaction" -d "{\"revision\":\"$rev\",\"physical\":true}" >/dev/null \
    || die "etcd compaction failed"
  log "etcd compacted to revision $rev"
  echo "$rev"
}

# ---------------------------------------------------------------- dispatch
# (start/stop and friends are defined below this line)

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    build) cmd_build "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    env) echo "export KUBECONFIG=$ADMIN_KUBECONFIG" ;;
    stop-apiserver) kill_component kube-apiserver KILL ;;
    start-apiserver) start_apiserver ;;
    restart-apiserver) lock_runtime; kill_component kube-apiserver KILL; start_apiserver ;;
    compact) cmd_compact "$@" ;;
    bin) echo "$BIN" ;;
    kubectl) exec "$KUBECTL" --kubeconfig="$ADMIN_KUBECONFIG" "$@" ;;
    *) die "usage: $0 build|start|stop|env|status|restart-apiserver|stop-apiserver|start-apiserver|compact|bin|kubectl ARGS" ;;
  esac
}
main "$@"
