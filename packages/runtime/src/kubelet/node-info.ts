// A v1 Node object describing this machine, as kubelet would register it: capacity from /proc
// and the OS, addresses, node info, and the conditions kubelet reports.
import { readFileSync, statfsSync } from "node:fs";
import { arch, cpus, hostname, networkInterfaces, release } from "node:os";
import { isoSeconds, type Node } from "@podscope/core";

export const MAX_PODS = 110;

function memTotalKi(): number {
  const m = /^MemTotal:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
  return m ? Number(m[1]) : 0;
}

function osImage(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    return m ? m[1] : "Linux";
  } catch {
    return "Linux";
  }
}

/** The first non-loopback IPv4 address: what kubelet reports as InternalIP. */
export function hostIPv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return "127.0.0.1";
}

export interface NodeInfoInput {
  nodeName: string;
  /** e.g. "containerd://1.6.20" */
  containerRuntimeVersion: string;
  /** Where pods' writable data lives (for ephemeral-storage capacity). */
  dataDir: string;
  startedAt: Date;
  now: Date;
  podCIDR?: string;
}

export function nodeObject(i: NodeInfoInput): Node {
  const memKi = memTotalKi();
  let storage = 0;
  try {
    const s = statfsSync(i.dataDir);
    storage = s.blocks * s.bsize;
  } catch {
    // Its file system cannot be read (not made yet): report no ephemeral storage rather than fail the node.
  }
  const capacity = {
    cpu: String(cpus().length),
    memory: `${memKi}Ki`,
    pods: String(MAX_PODS),
    "ephemeral-storage": `${Math.floor(storage / 1024)}Ki`,
  };
  const since = isoSeconds(i.startedAt);
  const beat = isoSeconds(i.now);
  const cond = (type: string, status: "True" | "False", reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: beat,
    lastTransitionTime: since,
  });
  const goArch =
    ({ x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x" } as Record<string, string>)[arch()] ??
    arch();
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: i.nodeName,
      uid: `podscope-node-${i.nodeName}`,
      creationTimestamp: since,
      labels: {
        "kubernetes.io/hostname": i.nodeName,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": goArch,
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": goArch,
      },
      annotations: { "podscope.io/local-node": "true" },
    },
    spec: { ...(i.podCIDR ? { podCIDR: i.podCIDR } : {}) },
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [
        cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      addresses: [
        { type: "InternalIP", address: hostIPv4() },
        { type: "Hostname", address: hostname() },
      ],
      nodeInfo: {
        kernelVersion: release(),
        osImage: osImage(),
        operatingSystem: "linux",
        architecture: goArch,
        containerRuntimeVersion: i.containerRuntimeVersion,
        kubeletVersion: "podscope-mini-kubelet",
        kubeProxyVersion: "",
        machineID: readMachineId(),
        systemUUID: "",
        bootID: readBootId(),
      },
    },
  };
}

function readMachineId(): string {
  try {
    return readFileSync("/etc/machine-id", "utf8").trim();
  } catch {
    return "";
  }
}
function readBootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "";
  }
}
