#!/usr/bin/env bash
# A real kubelet (the Go-built one of scripts/controlplane.sh, same version) registered as node
# "kubelet-real" of the test control plane — the reference podscope's mini-kubelet is compared with
# (packages/runtime/fidelity) and the real node cluster-side tests run on. Optional: the control plane
# never starts it.
#
#   scripts/kubelet.sh start    start containerd + kubelet, wait until the node is Ready (idempotent)
#   scripts/kubelet.sh stop     stop kubelet, delete the node and its pods, take its containerd down
#   scripts/kubelet.sh status   running or not, and the node's Ready condition
#   scripts/kubelet.sh env      print the node name, containerd socket and cgroup root as shell exports
#
# What the node is made of, all its own so it never meets podscope's local node or other test homes:
# - containerd: podscope's own start-up code (packages/runtime/src/containerd, run through tsx) with
#   PODSCOPE_HOME=$KUBELET_DIR/home: own socket, root, state, CNI bridge ($BRIDGE, $POD_SUBNET),
#   sandbox_image = podscope's local pause image, which is imported together with busybox;
# - kubelet: cgroupfs driver (this VM boots cgroup v1) under its own cgroup root $CGROUP_ROOT, so its
#   kubepods never share a directory with podscope's /kubepods (a kubelet removes pod cgroups it does
#   not know: it would kill podscope's pods); its own root dir and pod log dir;
# - identity: a client certificate system:node:kubelet-real (group system:nodes) signed by the control
#   plane's CA, so the Node authorizer lets it register and read only what its pods need;
# - a NoSchedule taint: other suites' pods keep landing on the KWOK nodes; pods meant for this node
#   tolerate the taint (or name the node).
#
# Environment (optional): PODSCOPE_KUBELET_DIR (default /tmp/podscope-kubelet), PODSCOPE_CP_DIR and
# PODSCOPE_CACHE as for scripts/controlplane.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CP_SCRIPT="$ROOT/scripts/controlplane.sh"
CP_DIR="${PODSCOPE_CP_DIR:-/tmp/podscope-controlplane}"
KUBELET_DIR="${PODSCOPE_KUBELET_DIR:-/tmp/podscope-kubelet}"
NODE_NAME="kubelet-real"
TAINT_KEY="podscope.dev/real-kubelet"
BRIDGE="pskubelet0"
POD_SUBNET="10.220.0.0/24"
CGROUP_ROOT="/podscope-kubelet"
KUBELET_PORT=10250
HEALTHZ_PORT=10248
CLUSTER_DNS="10.96.0.10" # the service range's DNS address; nothing answers there, pods need no DNS

HOME_DIR="$KUBELET_DIR/home"          # PODSCOPE_HOME of its containerd
SOCKET="$HOME_DIR/node/state/containerd.sock"
ROOT_DIR="$KUBELET_DIR/kubelet"       # kubelet --root-dir
PKI="$KUBELET_DIR/pki"
PIDFILE="$KUBELET_DIR/kubelet.pid"
LOG="$KUBELET_DIR/kubelet.log"
SYSCTL_RECORD="$KUBELET_DIR/sysctl.before"

log() { printf '[kubelet] %s\n' "$*" >&2; }
die() { printf '[kubelet] ERROR: %s\n' "$*" >&2; exit 1; }

BIN="$(bash "$CP_SCRIPT" bin)"
KUBECTL=("$BIN/kubectl" --kubeconfig="$CP_DIR/admin.kubeconfig")

node_env() {
  PODSCOPE_HOME="$HOME_DIR" PODSCOPE_BRIDGE="$BRIDGE" PODSCOPE_POD_SUBNET="$POD_SUBNET" "$@"
}
containerd_cmd() { (cd "$ROOT" && node_env pnpm -s exec tsx packages/runtime/src/containerd/main.ts "$@"); }

alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

# The address the API server reaches the kubelet on (kubelet refuses a loopback node IP).
node_ip() {
  ip -4 -o addr show scope global | awk '{split($4, a, "/"); print a[1]; exit}'
}

# kubelet sets these host sysctls when it starts (vm.overcommit_memory=1, kernel.panic=10, …);
# keep the values it found so stop can put them back on this shared machine.
SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes)
record_sysctls() {
  [ -f "$SYSCTL_RECORD" ] && return 0
  local k
  for k in "${SYSCTLS[@]}"; do echo "$k $(cat "/proc/sys/$k")"; done > "$SYSCTL_RECORD"
}
restore_sysctls() {
  [ -f "$SYSCTL_RECORD" ] || return 0
  local k v
  while read -r k v; do echo "$v" > "/proc/sys/$k" 2>/dev/null || log "could not restore $k=$v"; done < "$SYSCTL_RECORD"
  rm -f "$SYSCTL_RECORD"
}

cgroup_hierarchies() { # every cgroup v1 hierarchy (or the cgroup2 root) mounted under /sys/fs/cgroup
  awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/mounts | grep '^/sys/fs/cgroup' | sort -u
}

make_cgroup_root() {
  local h
  for h in $(cgroup_hierarchies); do
    mkdir -p "$h$CGROUP_ROOT"
    # A new cpuset cgroup starts with no cpus/mems: give it its parent's, or nothing can join it.
    if [ -f "$h/cpuset.cpus" ]; then
      [ -s "$h$CGROUP_ROOT/cpuset.cpus" ] && [ -n "$(tr -d '\n' < "$h$CGROUP_ROOT/cpuset.cpus")" ] || cat "$h/cpuset.cpus" > "$h$CGROUP_ROOT/cpuset.cpus"
      [ -n "$(tr -d '\n' < "$h$CGROUP_ROOT/cpuset.mems")" ] || cat "$h/cpuset.mems" > "$h$CGROUP_ROOT/cpuset.mems"
    fi
  done
}

remove_cgroup_root() {
  local h d
  for h in $(cgroup_hierarchies); do
    [ -d "$h$CGROUP_ROOT" ] || continue
    # Deepest first; a cgroup still holding a process stays (and is reported).
    while read -r d; do rmdir "$d" 2>/dev/null || log "cgroup busy: $d"; done < <(find "$h$CGROUP_ROOT" -depth -type d)
  done
}

unmount_under() {
  local m
  # Deepest first (reverse order of /proc/mounts); lazy, a busy mount goes when released.
  for m in $(awk -v p="$1" 'index($2, p) == 1 {print $2}' /proc/mounts | tac); do umount -l "$m" 2>/dev/null || log "could not unmount $m"; done
}

gen_identity() {
  [ -f "$PKI/kubelet.kubeconfig" ] && [ "$PKI/kubelet.crt" -nt "$CP_DIR/pki/ca.crt" ] && return 0
  [ -f "$CP_DIR/pki/ca.key" ] || die "no control plane CA at $CP_DIR/pki: run 'bash scripts/controlplane.sh start' first"
  mkdir -p "$PKI"
  openssl req -newkey rsa:2048 -nodes -keyout "$PKI/kubelet.key" -out "$PKI/kubelet.csr" \
    -subj "/O=system:nodes/CN=system:node:$NODE_NAME" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n' > "$PKI/client.ext"
  openssl x509 -req -in "$PKI/kubelet.csr" -CA "$CP_DIR/pki/ca.crt" -CAkey "$CP_DIR/pki/ca.key" -CAcreateserial \
    -CAserial "$PKI/ca.srl" -days 365 -extfile "$PKI/client.ext" -out "$PKI/kubelet.crt" 2>/dev/null
  chmod 600 "$PKI/kubelet.key"
  local server; server="$(sed -n 's/^ *server: //p' "$CP_DIR/admin.kubeconfig" | head -1)"
  cat > "$PKI/kubelet.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: podscope-sandbox
  cluster:
    server: $server
    certificate-authority: $CP_DIR/pki/ca.crt
contexts:
- name: kubelet
  context: {cluster: podscope-sandbox, user: $NODE_NAME}
current-context: kubelet
users:
- name: $NODE_NAME
  user:
    client-certificate: $PKI/kubelet.crt
    client-key: $PKI/kubelet.key
EOF
  chmod 600 "$PKI/kubelet.kubeconfig"
}

write_config() {
  local ip="$1"
  cat > "$KUBELET_DIR/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $ip
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $HEALTHZ_PORT
# Sandbox-only: the API server has no kubelet client certificate, so logs/exec reach the kubelet
# anonymously; it listens on this machine's address only.
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
  x509: {clientCAFile: $CP_DIR/pki/ca.crt}
authorization: {mode: AlwaysAllow}
containerRuntimeEndpoint: unix://$SOCKET
cgroupDriver: cgroupfs
cgroupsPerQOS: true
cgroupRoot: $CGROUP_ROOT
failSwapOn: false
clusterDNS: [$CLUSTER_DNS]
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
podLogsDirectory: $KUBELET_DIR/pods
registerWithTaints:
- {key: $TAINT_KEY, value: "true", effect: NoSchedule}
# The machine is shared and its disk and memory are used by others: never evict or collect
# images because of them (the local pause and busybox images cannot be pulled back).
evictionHard: {memory.available: "1Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
rotateCertificates: false
serverTLSBootstrap: false
EOF
}

node_ready() {
  [ "$("${KUBECTL[@]}" get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = "True" ]
}

cmd_start() {
  exec 8>"$KUBELET_DIR.lock"; flock 8
  [ -x "$BIN/kubelet" ] || die "$BIN/kubelet missing: run 'bash scripts/controlplane.sh build' first"
  [[ "$(bash "$CP_SCRIPT" status)" == *"kube-apiserver running"* ]] || die "the control plane is not running: 'bash scripts/controlplane.sh start' first"
  if alive && node_ready; then log "$NODE_NAME already running (pid $(cat "$PIDFILE"))"; return 0; fi
  alive && { kill "$(cat "$PIDFILE")" 2>/dev/null || true; sleep 1; }
  local t0=$SECONDS ip
  ip="$(node_ip)"; [ -n "$ip" ] || die "no global IPv4 address for the node"
  mkdir -p "$KUBELET_DIR" "$ROOT_DIR" "$KUBELET_DIR/pods"
  log "containerd ($HOME_DIR, bridge $BRIDGE, $POD_SUBNET)"
  containerd_cmd ensure >/dev/null || die "containerd did not start (see $HOME_DIR/node/containerd.log)"
  make_cgroup_root
  gen_identity
  write_config "$ip"
  record_sysctls
  log "kubelet $NODE_NAME on $ip:$KUBELET_PORT"
  setsid "$BIN/kubelet" --config="$KUBELET_DIR/kubelet-config.yaml" --kubeconfig="$PKI/kubelet.kubeconfig" \
    --root-dir="$ROOT_DIR" --hostname-override="$NODE_NAME" --node-ip="$ip" \
    --node-labels="podscope.dev/real-kubelet=true" --pod-infra-container-image=localhost/pause:3.10 --v=2 \
    >>"$LOG" 2>&1 </dev/null 8>&- &
  echo $! > "$PIDFILE"
  local end=$((SECONDS + 120))
  until node_ready; do
    if ! alive; then log "kubelet exited; last lines of $LOG:"; tail -n 40 "$LOG" >&2; exit 1; fi
    [ "$SECONDS" -lt "$end" ] || { log "node $NODE_NAME not Ready after 120s; last lines of $LOG:"; tail -n 40 "$LOG" >&2; exit 1; }
    sleep 0.5
  done
  log "node $NODE_NAME Ready in $((SECONDS - t0))s"
}

cmd_stop() {
  exec 8>"$KUBELET_DIR.lock"; flock 8
  # Pods first, while the kubelet still runs: their containers are stopped the way it does.
  if "${KUBECTL[@]}" get node "$NODE_NAME" >/dev/null 2>&1; then
    "${KUBECTL[@]}" delete pods -A --field-selector "spec.nodeName=$NODE_NAME" --grace-period=0 --force --wait=false >/dev/null 2>&1 || true
  fi
  if alive; then
    local pid; pid="$(cat "$PIDFILE")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  "${KUBECTL[@]}" delete node "$NODE_NAME" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  # containerd: every sandbox removed through the CRI, the bridge deleted, ip_forward restored.
  [ -d "$HOME_DIR/node" ] && { containerd_cmd down >/dev/null || log "containerd down reported errors"; }
  unmount_under "$ROOT_DIR"
  remove_cgroup_root
  restore_sysctls
  log "stopped"
}

cmd_status() {
  if alive; then echo "kubelet running (pid $(cat "$PIDFILE"))"; else echo "kubelet stopped"; fi
  local r; r="$("${KUBECTL[@]}" get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)"
  echo "node $NODE_NAME Ready=${r:-absent}"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) printf 'export PODSCOPE_KUBELET_NODE=%s PODSCOPE_KUBELET_SOCKET=%s PODSCOPE_KUBELET_CGROUP_ROOT=%s PODSCOPE_KUBELET_TAINT=%s\n' \
         "$NODE_NAME" "$SOCKET" "$CGROUP_ROOT" "$TAINT_KEY" ;;
  *) die "usage: $0 start|stop|status|env" ;;
esac
