// Parent/child trees of processes from /proc/<pid>/stat and cmdline. Zombies matter here: an
// exited child that nobody reaped (the pause process exists to reap them) stays as state Z, and
// the kernel no longer lists it in any cgroup.procs — so the tree also looks for children of the
// given processes in /proc, which is where zombies are still visible.
import { readdir } from "node:fs/promises";
import type { HostOptions, ProcessInfo } from "./host";
import { procPath, readProcessInfo } from "./host";
import { printable } from "./text";

export interface ProcessNode {
  pid: number;
  ppid: number;
  comm: string;
  command: string;
  /** Kernel state letter; "Z" is a zombie. */
  state: string;
  /** Container name when the caller knows it (readPodProcessTree sets it). */
  container?: string;
  children: ProcessNode[];
}

type ProcessFacts = Pick<ProcessInfo, "pid" | "ppid" | "comm" | "command" | "state"> & { container?: string };

/** Builds the forest: a process whose parent is not in the set is a root. Siblings are sorted by pid. */
export function buildProcessTree(procs: ProcessFacts[]): ProcessNode[] {
  const nodes = new Map<number, ProcessNode>();
  for (const p of procs) {
    if (!Number.isInteger(p.pid) || p.pid <= 0)
      throw new RangeError(`process pid must be a positive integer, got ${JSON.stringify(p.pid)}`);
    if (nodes.has(p.pid)) throw new RangeError(`process ${p.pid} appears twice`);
    nodes.set(p.pid, {
      pid: p.pid,
      ppid: p.ppid,
      comm: p.comm,
      command: p.command,
      state: p.state,
      ...(p.container !== undefined && { container: p.container }),
      children: [],
    });
  }
  const roots: ProcessNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.ppid !== n.pid ? nodes.get(n.ppid) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list: ProcessNode[]) => {
    list.sort((a, b) => a.pid - b.pid);
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** All pids in /proc (processes, not threads). */
export async function listPids(opts: HostOptions = {}): Promise<number[]> {
  const names = await readdir(procPath(opts, "").replace(/\/$/, ""));
  return names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

export interface ProcessTreeOptions extends HostOptions {
  /** Also include descendants of the given pids found in /proc (zombies, processes that left the cgroup). Default true. */
  descendants?: boolean;
}

/** Reads the given processes (and by default their descendants) and returns them as a forest. Exited pids are skipped. */
export async function readProcessTree(pids: number[], opts: ProcessTreeOptions = {}): Promise<ProcessNode[]> {
  for (const pid of pids) {
    if (!Number.isInteger(pid) || pid <= 0) throw new RangeError(`pid must be a positive integer, got ${JSON.stringify(pid)}`);
  }
  const wanted = new Set(pids);
  let infos = (await Promise.all([...wanted].map((p) => readProcessInfo(p, opts)))).filter((p): p is ProcessInfo => p !== null);
  if (opts.descendants !== false && infos.length > 0) {
    const all = (
      await Promise.all((await listPids(opts)).map((p) => (wanted.has(p) ? Promise.resolve(null) : readProcessInfo(p, opts))))
    ).filter((p): p is ProcessInfo => p !== null);
    const byParent = new Map<number, ProcessInfo[]>();
    for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
    const queue = infos.map((p) => p.pid);
    const extra: ProcessInfo[] = [];
    while (queue.length) {
      for (const child of byParent.get(queue.pop()!) ?? []) {
        if (wanted.has(child.pid)) continue;
        wanted.add(child.pid);
        extra.push(child);
        queue.push(child.pid);
      }
    }
    infos = infos.concat(extra);
  }
  return buildProcessTree(infos);
}

/** ps --forest style text: PID PPID S [CONTAINER] COMMAND, children indented under their parent. */
export function formatProcessTree(roots: ProcessNode[]): string {
  const rows: string[][] = [];
  const withContainer = roots.some(function has(n): boolean {
    return n.container !== undefined || n.children.some(has);
  });
  const walk = (n: ProcessNode, depth: number) => {
    const cmd = (depth ? "  ".repeat(depth - 1) + " \\_ " : "") + printable(n.command) + (n.state === "Z" ? " <defunct>" : "");
    rows.push([String(n.pid), String(n.ppid), n.state, ...(withContainer ? [n.container ?? "-"] : []), cmd]);
    n.children.forEach((c) => walk(c, depth + 1));
  };
  roots.forEach((r) => walk(r, 0));
  const header = ["PID", "PPID", "S", ...(withContainer ? ["CONTAINER"] : []), "COMMAND"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : i < 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}
