// The cgroup tree as text, laid out the way systemd-cgls lays it out, plus our annotations; and
// the JSON shape of `podscope cgls -o json` (pure).
//
// Layout rules we reproduce (checked against systemd-cgls 252 in test/cgls-systemd.test.ts):
// a cgroup's own processes come first, sorted by pid and right-aligned to the widest pid of the
// group, then its child cgroups in the kernel's directory order; "├─" for every item but the
// last, "└─" for the last, and children indented by "│ " or "  ". Child cgroups print as
// "name (#id)". Empty subtrees and kernel threads are hidden unless asked for.
import type { CgroupNode, CgroupProcess, CpuStats, PodRef } from "./types";
import { printable } from "./text";
import { pressureText } from "./pressure";

export interface CglsOptions {
  /** Add pod/container/resource annotations (default true). false gives plain systemd-cgls output. */
  annotate?: boolean;
  /** Show cgroups with no process anywhere below them (systemd-cgls --all). Default false. */
  all?: boolean;
  /** Show kernel threads (systemd-cgls -k). Default false. */
  kernelThreads?: boolean;
  /** First line "Controller X; Control group /path:" (default true). */
  header?: boolean;
  /** Print "(#id)" after child cgroup names when the id is known (default true, as systemd-cgls 252 does). */
  ids?: boolean;
  /** Shorten 64-hex container IDs in cgroup names to 13 characters (default false: names as the kernel has them). */
  shortIds?: boolean;
  /** Cut lines longer than this many characters with "…" (default: never, like systemd-cgls --full). */
  width?: number;
}

const UNITS = ["", "Ki", "Mi", "Gi", "Ti", "Pi"];

/** Bytes in binary units with the Kubernetes suffixes: 1536 → "1.5Ki", 67108864 → "64Mi". */
export function formatBytes(n: number): string {
  let v = n;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const s = i === 0 || Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, "");
  return s + UNITS[i];
}

function formatCpu(c: CpuStats): string {
  const parts: string[] = [];
  if (c.shares !== undefined) parts.push(`cpu ${c.shares} shares`);
  if (c.weight !== undefined) parts.push(`cpu weight ${c.weight}`);
  if (c.quotaMicros !== null) {
    const ms = (us: number) => `${+(us / 1000).toFixed(3)}ms`;
    parts.push(`quota ${ms(c.quotaMicros)}/${c.periodMicros !== undefined ? ms(c.periodMicros) : "?"}`);
  }
  return parts.join(" ");
}

function podLabel(pod: PodRef | undefined, uid: string | undefined): string {
  if (pod) return `pod ${pod.namespace}/${pod.name}`;
  return `pod ${uid ?? "?"} (unknown to podscope)`;
}

/** The annotation printed after a cgroup's name: who it is, then its limits. */
export function cgroupAnnotation(node: CgroupNode): string {
  const parts: string[] = [];
  if (node.kind === "pod") parts.push(podLabel(node.pod, node.podUid));
  else if (node.kind === "sandbox") parts.push("[pause]");
  else if (node.kind === "container") parts.push(node.container ? `[${node.container}]` : "[container not in pod map]");
  if (node.memory)
    parts.push(
      `mem ${formatBytes(node.memory.usageBytes)}/${node.memory.limitBytes === null ? "max" : formatBytes(node.memory.limitBytes)}`,
    );
  if (node.cpu) {
    const c = formatCpu(node.cpu);
    if (c) parts.push(c);
  }
  if (node.pids) parts.push(`pids ${node.pids.current}/${node.pids.max === null ? "max" : node.pids.max}`);
  if (node.pressure) parts.push(pressureText(node.pressure));
  return parts.join(" · ");
}

// systemd escapes cgroup names that would clash with kernel files by prefixing "_"; show them unescaped.
function displayName(name: string, shortIds: boolean): string {
  const n = name.startsWith("_") ? name.slice(1) : name;
  if (!shortIds) return n;
  return n.replace(/[0-9a-f]{64}/, (id) => id.slice(0, 13));
}

function visibleProcesses(node: CgroupNode, o: Required<Pick<CglsOptions, "kernelThreads">>): CgroupProcess[] {
  return o.kernelThreads ? node.processes : node.processes.filter((p) => !p.kernelThread);
}

function hasProcesses(node: CgroupNode, o: Required<Pick<CglsOptions, "kernelThreads">>): boolean {
  return visibleProcesses(node, o).length > 0 || node.children.some((c) => hasProcesses(c, o));
}

/** Renders a tree read by readCgroupTree as systemd-cgls prints it, with our annotations. */
export function formatCgls(root: CgroupNode, opts: CglsOptions = {}): string {
  const o = {
    annotate: opts.annotate ?? true,
    all: opts.all ?? false,
    kernelThreads: opts.kernelThreads ?? false,
    header: opts.header ?? true,
    ids: opts.ids ?? true,
    shortIds: opts.shortIds ?? false,
  };
  if (opts.width !== undefined && (!Number.isInteger(opts.width) || opts.width < 10)) {
    throw new RangeError(`width must be an integer of at least 10, got ${opts.width}`);
  }
  const lines: string[] = [];
  const cut = (s: string) => (opts.width !== undefined && [...s].length > opts.width ? [...s].slice(0, opts.width - 1).join("") + "…" : s);
  const annotated = (text: string, node: CgroupNode) => {
    if (!o.annotate) return text;
    const a = cgroupAnnotation(node);
    return a ? `${text}  ${a}` : text;
  };

  if (o.header) {
    const h =
      root.hierarchy && root.hierarchy !== "cgroup2"
        ? `Controller ${root.hierarchy}; Control group ${root.path}:`
        : `Control group ${root.path}:`;
    lines.push(cut(annotated(h, root)));
  }

  const walk = (node: CgroupNode, prefix: string) => {
    const kids = o.all ? node.children : node.children.filter((c) => hasProcesses(c, o));
    const procs = [...visibleProcesses(node, o)].sort((a, b) => a.pid - b.pid);
    const width = procs.length ? String(procs[procs.length - 1].pid).length : 0;
    procs.forEach((p, i) => {
      const last = i === procs.length - 1 && kids.length === 0;
      lines.push(cut(`${prefix}${last ? "└─" : "├─"}${String(p.pid).padStart(width)} ${printable(p.command)}`));
    });
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      const id = o.ids && k.id !== undefined ? ` (#${k.id})` : "";
      lines.push(cut(annotated(`${prefix}${last ? "└─" : "├─"}${printable(displayName(k.name, o.shortIds))}${id}`, k)));
      walk(k, prefix + (last ? "  " : "│ "));
    });
  };
  walk(root, "");
  return lines.join("\n") + "\n";
}

/** `podscope cgls -o json`: the contract fields {path, kind, container, processes, children} plus the rest of what we know. */
export interface CgroupJson {
  path: string;
  name: string;
  kind: CgroupNode["kind"];
  /** Container name ("POD" for the sandbox), null for cgroups that are not a container's. */
  container: string | null;
  containerId: string | null;
  pod: PodRef | null;
  podUid: string | null;
  processes: { pid: number; command: string }[];
  memory: CgroupNode["memory"] | null;
  cpu: CgroupNode["cpu"] | null;
  pids: CgroupNode["pids"] | null;
  /** cgroup v2 with PSI only; null elsewhere. */
  pressure: CgroupNode["pressure"] | null;
  children: CgroupJson[];
}

export function cgroupTreeJson(node: CgroupNode): CgroupJson {
  return {
    path: node.path,
    name: node.name,
    kind: node.kind,
    container: node.container ?? null,
    containerId: node.containerId ?? null,
    pod: node.pod ?? null,
    podUid: node.podUid ?? null,
    processes: node.processes.map((p) => ({ pid: p.pid, command: p.command })),
    memory: node.memory ?? null,
    cpu: node.cpu ?? null,
    pids: node.pids ?? null,
    pressure: node.pressure ?? null,
    children: node.children.map(cgroupTreeJson),
  };
}
