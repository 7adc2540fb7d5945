// Shapes of node-inspection data as the API sends them (produced by @podscope/inspect). The UI only
// depends on core, so the shapes are restated here structurally; extra fields pass through.

export type CgroupKind = "kubepods" | "qos" | "pod" | "sandbox" | "container" | "other";

export interface CgroupProcess { pid: number; command: string; kernelThread?: true }

export interface CgroupNode {
  path: string;
  name: string;
  kind: CgroupKind;
  pod?: { namespace: string; name: string; uid: string };
  podUid?: string;
  /** Container name; "POD" for the sandbox (pause) cgroup. */
  container?: string;
  containerId?: string;
  /** cgroup ID (inode of the directory), as systemd-cgls prints it. */
  id?: number;
  hierarchy?: string;
  processes: CgroupProcess[];
  memory?: { usageBytes: number; limitBytes: number | null };
  cpu?: { shares?: number; weight?: number; quotaMicros: number | null; periodMicros?: number };
  pids?: { current: number; max: number | null };
  children: CgroupNode[];
}

export type NamespaceKind = "net" | "ipc" | "uts" | "pid" | "mnt" | "cgroup" | "user";
export const NAMESPACE_KINDS: NamespaceKind[] = ["net", "ipc", "uts", "pid", "mnt", "cgroup", "user"];

export interface NamespaceProcess {
  /** Container name; "POD" for the sandbox's pause process. */
  container: string;
  pid: number;
  command: string;
  /** Namespace inode numbers (as in /proc/<pid>/ns/<kind> → "net:[4026532000]"). */
  namespaces: Partial<Record<NamespaceKind | "time", number>>;
}

export interface NamespaceMatrixData {
  pod?: unknown;
  processes: NamespaceProcess[];
}

/** The name the inspector gives the sandbox (pause) container. */
export const SANDBOX_CONTAINER = "POD";

/** One process of a pod as the node sees it, with its children (inspect.processes). */
export interface ProcessTreeNode {
  pid: number;
  ppid: number;
  comm?: string;
  command: string;
  /** /proc/<pid>/stat state letter: R running, S sleeping, D disk wait, Z zombie, T stopped … */
  state: string;
  container?: string;
  children: ProcessTreeNode[];
}

export interface PodProcesses { pod?: string; namespace?: string; uid?: string; processes: ProcessTreeNode[] }
