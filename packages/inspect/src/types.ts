// Shapes that leave this package: the cgroup tree, processes and namespaces as the API, the CLI
// (`cgls`, `lsns`) and the UI see them. All plain JSON, no class instances, so they cross tRPC as is.
import type { CgroupPressure } from "./pressure";

/** What the caller knows about a pod on this node: enough to name its cgroups. */
export interface PodMapEntry {
  uid: string;
  namespace: string;
  name: string;
  /** Sandbox (pause container) ID; a `containerd://` style prefix is accepted and ignored. */
  sandboxId?: string;
  containers: { id: string; name: string }[];
}

export type CgroupKind = "kubepods" | "qos" | "pod" | "sandbox" | "container" | "other";

export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface CgroupProcess {
  pid: number;
  /** Command line from /proc/<pid>/cmdline; `[comm]` when it has none (kernel thread, zombie), as ps and systemd-cgls print it. */
  command: string;
  /** Set for kernel threads (PF_KTHREAD), which systemd-cgls hides unless asked. */
  kernelThread?: true;
}

export interface MemoryStats {
  usageBytes: number;
  /** null = unlimited (v1's huge page-rounded LONG_MAX, v2's "max"). */
  limitBytes: number | null;
}

export interface CpuStats {
  /** v1 cpu.shares */
  shares?: number;
  /** v2 cpu.weight */
  weight?: number;
  /** null = no quota (v1 -1, v2 "max"). */
  quotaMicros: number | null;
  periodMicros?: number;
}

export interface PidsStats {
  current: number;
  /** null = "max" */
  max: number | null;
}

export interface CgroupNode {
  /** cgroup path as the kernel names it, "/" rooted (e.g. "/kubepods/besteffort/pod<uid>/<id>"). */
  path: string;
  /** Last path component ("/" for the root cgroup). */
  name: string;
  kind: CgroupKind;
  /** The pod this cgroup belongs to, when the pod map knows it (set on the pod cgroup and everything below). */
  pod?: PodRef;
  /** Pod UID parsed from the cgroup name, even when the pod map does not know the pod. */
  podUid?: string;
  /** Container name; "POD" for the sandbox (see SANDBOX_CONTAINER). */
  container?: string;
  /** Runtime container ID parsed from the cgroup name. */
  containerId?: string;
  /** cgroup ID: the inode of the cgroup directory, what systemd-cgls prints as (#id). */
  id?: number;
  processes: CgroupProcess[];
  memory?: MemoryStats;
  cpu?: CpuStats;
  pids?: PidsStats;
  /** cgroup v2 with PSI: pressure stall figures (cpu/memory/io.pressure). */
  pressure?: CgroupPressure;
  children: CgroupNode[];
  /** Set on the root of a tree only: hierarchy it was read from ("memory", "name=systemd", "cgroup2"). */
  hierarchy?: string;
}

/** The seven namespaces kubelet's pod model talks about, plus time where the kernel has it. Values are inode numbers. */
export interface ProcessNamespaces {
  net: number;
  ipc: number;
  uts: number;
  pid: number;
  mnt: number;
  cgroup: number;
  user: number;
  time?: number;
}

export type NamespaceType = keyof ProcessNamespaces;

/**
 * The host's own namespaces. A pod process whose namespace has the same inode is in the host's namespace
 * (typically user without hostUsers: false, time, cgroup on cgroup v1), not in one the sandbox created — it
 * must not be drawn as the pod's. Where the server sends null, they were not read (an older server, a
 * snapshot from before they were recorded).
 */
export interface HostNamespaces {
  /** Inode per namespace type; a type is missing when it could not be told. */
  namespaces: Partial<ProcessNamespaces>;
  /**
   * "pid1": read from /proc/1/ns/*. "initial": PID 1's links were not readable (a non-dumpable init, a
   * restricted ptrace policy), so these are the kernel's fixed inodes of its initial namespaces —
   * ipc, uts, user, pid, cgroup and time have one; net and mnt do not, and stay unknown.
   */
  from: "pid1" | "initial";
}

/** The inodes the kernel gives its initial namespaces (include/linux/proc_ns.h, PROC_*_INIT_INO). */
export const INITIAL_NAMESPACE_INODES: Readonly<Partial<ProcessNamespaces>> = {
  ipc: 0xefffffff,
  uts: 0xeffffffe,
  user: 0xeffffffd,
  pid: 0xeffffffc,
  cgroup: 0xeffffffb,
  time: 0xeffffffa,
};

export const NAMESPACE_TYPES: readonly NamespaceType[] = ["net", "ipc", "uts", "pid", "mnt", "cgroup", "user", "time"];

/**
 * Container name used for the sandbox's (pause) process. "POD" is what dockershim named the infra
 * container (k8s_POD_<pod>_…) and it can never collide with a real container name, which must be a
 * lowercase DNS-1123 label.
 */
export const SANDBOX_CONTAINER = "POD";
