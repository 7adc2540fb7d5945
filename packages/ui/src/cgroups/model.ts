// Cgroup tree helpers: labels as systemd-cgls prints them (├─ └─ │), resource summaries, and the
// flattened list of visible lines for a given set of collapsed paths.
import { formatBytes } from "@podscope/core";
import type { CgroupNode } from "../inspection";

/** "12.3Mi / 64Mi" or "12.3Mi (no limit)". */
export function memoryText(m: NonNullable<CgroupNode["memory"]>): string {
  return m.limitBytes === null ? `${formatBytes(m.usageBytes)} (no limit)` : `${formatBytes(m.usageBytes)} / ${formatBytes(m.limitBytes)}`;
}

/** Fraction of the memory limit in use, or null without a limit. */
export function memoryFraction(m: CgroupNode["memory"]): number | null {
  if (!m || m.limitBytes === null || m.limitBytes <= 0) return null;
  return Math.min(1, m.usageBytes / m.limitBytes);
}

/** "shares 2, quota 50 ms / 100 ms" — the cgroup knobs kubelet sets from requests and limits. */
export function cpuText(c: NonNullable<CgroupNode["cpu"]>): string {
  const parts: string[] = [];
  if (c.shares !== undefined) parts.push(`shares ${c.shares}`);
  if (c.weight !== undefined) parts.push(`weight ${c.weight}`);
  if (c.quotaMicros === null) parts.push("no quota");
  else
    parts.push(
      `quota ${c.quotaMicros / 1000} ms / ${(c.periodMicros ?? 100_000) / 1000} ms (${(c.quotaMicros / (c.periodMicros ?? 100_000)).toFixed(2)} CPU)`,
    );
  return parts.join(", ");
}

export function pidsText(p: NonNullable<CgroupNode["pids"]>): string {
  return `pids ${p.current}${p.max === null ? "" : ` / ${p.max}`}`;
}

/** "PSI cpu 1.2% · mem 0% · io 0%": share of the last 10 s some task of the cgroup stalled on each (cgroup v2). */
export function pressureText(p: NonNullable<CgroupNode["pressure"]>): string {
  const pct = (v: number) => `${Number(v.toFixed(1))}%`;
  const parts: string[] = [];
  if (p.cpu) parts.push(`cpu ${pct(p.cpu.some.avg10)}`);
  if (p.memory) parts.push(`mem ${pct(p.memory.some.avg10)}`);
  if (p.io) parts.push(`io ${pct(p.io.some.avg10)}`);
  return `PSI ${parts.join(" · ")}`;
}

/** What a cgroup is, in pod words, next to its kernel name. */
export function cgroupRole(n: CgroupNode): string {
  switch (n.kind) {
    case "kubepods":
      return "all pods on this node";
    case "qos":
      return `${n.name.replace(/^kubepods-?|\.slice$/g, "") || n.name} QoS class`;
    case "pod":
      return n.pod ? `pod ${n.pod.namespace}/${n.pod.name}` : "pod";
    case "sandbox":
      return "sandbox (pause)";
    case "container":
      return n.container ? `container ${n.container}` : "container";
    default:
      return "";
  }
}

export interface CgroupLine {
  node: CgroupNode;
  depth: number;
  /** Tree-drawing prefix as systemd-cgls prints it. */
  prefix: string;
  hasChildren: boolean;
  collapsed: boolean;
}

/** Visible lines in order; children of a collapsed path are skipped. */
export function visibleCgroupLines(roots: CgroupNode[], collapsed: ReadonlySet<string>): CgroupLine[] {
  const out: CgroupLine[] = [];
  const walk = (n: CgroupNode, depth: number, lead: string, last: boolean, top: boolean) => {
    const hasChildren = n.children.length > 0 || n.processes.length > 0;
    const isCollapsed = collapsed.has(n.path);
    out.push({ node: n, depth, prefix: top ? "" : lead + (last ? "└─" : "├─"), hasChildren, collapsed: isCollapsed });
    if (isCollapsed) return;
    const nextLead = top ? "" : lead + (last ? "  " : "│ ");
    n.children.forEach((c, i) => walk(c, depth + 1, nextLead, i === n.children.length - 1, false));
  };
  roots.forEach((r) => walk(r, 0, "", true, true));
  return out;
}

/** Walks every node, e.g. to find the pause sandbox or count processes. */
export function* walkCgroups(roots: CgroupNode[]): Generator<CgroupNode> {
  for (const r of roots) {
    yield r;
    yield* walkCgroups(r.children);
  }
}

export const asRoots = (tree: CgroupNode | CgroupNode[] | null | undefined): CgroupNode[] =>
  tree ? (Array.isArray(tree) ? tree : [tree]) : [];
