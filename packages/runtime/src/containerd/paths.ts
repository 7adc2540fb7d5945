// Where podscope's own containerd keeps everything, and the knobs of the local node.
// All of it lives under $PODSCOPE_HOME/node so it can never collide with a host containerd.
import { homedir } from "node:os";
import { join } from "node:path";

export interface LocalNodeOptions {
  /** Defaults to $PODSCOPE_HOME, else ~/.podscope. */
  home?: string;
  /** Linux bridge for pods. Defaults to $PODSCOPE_BRIDGE, else "podscope0". */
  bridge?: string;
  /** Pod subnet (IPv4 CIDR). Defaults to $PODSCOPE_POD_SUBNET, else "10.217.0.0/24". */
  podSubnet?: string;
  /** Where built image tarballs are cached. Defaults to $PODSCOPE_CACHE, else /var/cache/podscope. */
  cacheDir?: string;
  containerdBinary?: string;
  runcBinary?: string;
  ctrBinary?: string;
  cniBinDir?: string;
  /** How long to wait for a freshly started containerd's CRI to answer. */
  startTimeoutMs?: number;
}

export interface LocalNodePaths {
  home: string;
  /** $PODSCOPE_HOME/node: everything of the local node. */
  nodeDir: string;
  configFile: string;
  /** containerd's persistent root (content store, snapshots, metadata). */
  root: string;
  /** containerd's runtime state (sockets, netns mounts, shims' bundles). */
  state: string;
  socket: string;
  runcRoot: string;
  cniConfDir: string;
  cniIpamDir: string;
  logFile: string;
  pidFile: string;
  /** The bridge and subnet of the last start, so down() removes that bridge whatever it is told. */
  networkRecord: string;
  /** A place for pods' log directories (the kubelet's /var/log/pods). */
  podLogsDir: string;
  /** containerd's registry hosts directory (<host>/hosts.toml), as /etc/containerd/certs.d on a node. */
  registryConfigDir: string;
}

export interface ResolvedNodeOptions {
  paths: LocalNodePaths;
  bridge: string;
  podSubnet: string;
  cacheDir: string;
  containerdBinary: string;
  runcBinary: string;
  ctrBinary: string;
  cniBinDir: string;
  startTimeoutMs: number;
}

export function podscopeHome(home?: string): string {
  return home ?? process.env.PODSCOPE_HOME ?? join(homedir(), ".podscope");
}

export function localNodePaths(home?: string): LocalNodePaths {
  const h = podscopeHome(home);
  const nodeDir = join(h, "node");
  const state = join(nodeDir, "state");
  return {
    home: h,
    nodeDir,
    configFile: join(nodeDir, "containerd.toml"),
    root: join(nodeDir, "root"),
    state,
    socket: join(state, "containerd.sock"),
    runcRoot: join(state, "runc"),
    cniConfDir: join(nodeDir, "cni", "net.d"),
    cniIpamDir: join(nodeDir, "cni", "ipam"),
    logFile: join(nodeDir, "containerd.log"),
    pidFile: join(nodeDir, "containerd.pid"),
    networkRecord: join(nodeDir, "network.json"),
    podLogsDir: join(nodeDir, "pods"),
    registryConfigDir: join(nodeDir, "certs.d"),
  };
}

export function resolveNodeOptions(o: LocalNodeOptions = {}): ResolvedNodeOptions {
  return {
    paths: localNodePaths(o.home),
    bridge: o.bridge ?? process.env.PODSCOPE_BRIDGE ?? "podscope0",
    podSubnet: o.podSubnet ?? process.env.PODSCOPE_POD_SUBNET ?? "10.217.0.0/24",
    cacheDir: o.cacheDir ?? process.env.PODSCOPE_CACHE ?? "/var/cache/podscope",
    containerdBinary: o.containerdBinary ?? "/usr/bin/containerd",
    runcBinary: o.runcBinary ?? "/usr/sbin/runc",
    ctrBinary: o.ctrBinary ?? "/usr/bin/ctr",
    cniBinDir: o.cniBinDir ?? "/usr/lib/cni",
    startTimeoutMs: o.startTimeoutMs ?? 30_000,
  };
}
