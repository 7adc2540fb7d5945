// Renders podscope's containerd config (version 2 format) and the CNI conflist for the pod
// bridge. Pure: paths and names in, text out.
import type { ResolvedNodeOptions } from "./paths";
import { PAUSE_IMAGE } from "../images/local-images";

export class LocalNodeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalNodeConfigError";
  }
}

/** Linux interface names: at most 15 bytes, no '/', whitespace or ':'. */
export function validateBridgeName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(name)) {
    throw new LocalNodeConfigError(`invalid bridge name ${JSON.stringify(name)}: use 1-15 letters, digits, '_', '.' or '-'`);
  }
  return name;
}

/** An IPv4 CIDR with a prefix from /8 to /30, given as its network address. */
export function validatePodSubnet(cidr: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : NaN;
  if (!m || octets.some((o) => o > 255) || prefix < 8 || prefix > 30) {
    throw new LocalNodeConfigError(
      `invalid pod subnet ${JSON.stringify(cidr)}: expected an IPv4 CIDR such as 10.217.0.0/24 (prefix /8 to /30)`,
    );
  }
  const addr = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (addr % size !== 0) {
    throw new LocalNodeConfigError(`invalid pod subnet ${JSON.stringify(cidr)}: host bits are set (the network address is needed)`);
  }
  return cidr;
}

const q = (s: string) => JSON.stringify(s); // TOML basic strings accept JSON string escapes

export function renderContainerdConfig(o: ResolvedNodeOptions): string {
  const p = o.paths;
  const cri = `plugins."io.containerd.grpc.v1.cri"`;
  return `# Written by podscope: its own containerd, never the host's. Regenerated on every start.
version = 2
root = ${q(p.root)}
state = ${q(p.state)}
# Snapshotters this machine cannot use would only log errors at every start.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = ${q(p.socket)}

[ttrpc]
  address = ${q(`${p.socket}.ttrpc`)}

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = ${q(`${p.root}/opt`)}

  [${cri}]
    sandbox_image = ${q(PAUSE_IMAGE)}
    # The VM's capability bounding set lacks CAP_SYS_RESOURCE: without this runc cannot set the
    # sandbox's negative oom_score_adj and RunPodSandbox fails.
    restrict_oom_score_adj = true
    disable_apparmor = true
    enable_selinux = false
    tolerate_missing_hugetlb_controller = true
    # Pod network namespaces under our state dir, not the host's /var/run/netns.
    netns_mounts_under_state_dir = true
    # Streaming (exec/attach over HTTP) on loopback, on a free port, so instances never clash.
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"

    [${cri}.containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"

      [${cri}.containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"

        [${cri}.containerd.runtimes.runc.options]
          BinaryName = ${q(o.runcBinary)}
          Root = ${q(p.runcRoot)}
          # cgroupfs driver: cgroup_parent is a path such as /kubepods/besteffort/pod<uid>.
          SystemdCgroup = false

    # Registries (hosts.toml per host: mirrors, CAs, plain http) under the node, never /etc/containerd.
    # Without a hosts.toml, a loopback registry (localhost:PORT, 127.0.0.1:PORT) is reached over
    # plain http, any other over https — containerd's own defaults.
    [${cri}.registry]
      config_path = ${q(p.registryConfigDir)}

    [${cri}.cni]
      bin_dir = ${q(o.cniBinDir)}
      conf_dir = ${q(p.cniConfDir)}
      max_conf_num = 1
`;
}

/** Bridge + host-local IPAM, then portmap for hostPorts. containerd adds the loopback interface itself. */
export function renderCniConflist(o: ResolvedNodeOptions): string {
  return `${JSON.stringify(
    {
      cniVersion: "1.0.0",
      name: "podscope",
      plugins: [
        {
          type: "bridge",
          bridge: o.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: "host-local",
            ranges: [[{ subnet: o.podSubnet }]],
            routes: [{ dst: "0.0.0.0/0" }],
            // Our own allocation records, not the host's /var/lib/cni/networks.
            dataDir: o.paths.cniIpamDir,
          },
        },
        // hostPort: containerd hands the sandbox's port mappings to the plugins that declare the
        // capability. snat lets the host reach its own hostPort (127.0.0.1 included: portmap turns
        // on route_localnet for the bridge and masquerades loopback-sourced connections).
        { type: "portmap", capabilities: { portMappings: true }, snat: true },
      ],
    },
    null,
    2,
  )}\n`;
}
