"use client";
// The pod's processes as a tree (host PIDs), with their container and state. Zombies (Z) stand out:
// with shareProcessNamespace the pause container is PID 1 of the pod and reaps orphans, so zombies
// should only ever flash by; a lasting one means nobody reaps.
import { SANDBOX_CONTAINER, type ProcessNode } from "../inspection";

export interface ProcessTreeProps {
  processes: ProcessNode[];
}

const STATE: Record<string, string> = {
  R: "running",
  S: "sleeping",
  D: "disk wait",
  Z: "zombie",
  T: "stopped",
  t: "traced",
  I: "idle",
  X: "dead",
};

interface Line {
  node: ProcessNode;
  depth: number;
}

export function flattenProcesses(roots: ProcessNode[]): Line[] {
  const out: Line[] = [];
  const walk = (n: ProcessNode, depth: number) => {
    out.push({ node: n, depth });
    [...n.children].sort((a, b) => a.pid - b.pid).forEach((c) => walk(c, depth + 1));
  };
  [...roots]
    .sort((a, b) => Number(b.container === SANDBOX_CONTAINER) - Number(a.container === SANDBOX_CONTAINER) || a.pid - b.pid)
    .forEach((r) => walk(r, 0));
  return out;
}

export function ProcessTree({ processes }: ProcessTreeProps) {
  const lines = flattenProcesses(processes);
  if (lines.length === 0) return <p className="text-sm text-slate-500">No processes.</p>;
  return (
    <table className="w-full table-fixed font-mono text-sm" aria-label="Processes">
      <colgroup>
        <col className="w-24" />
        <col className="w-24" />
        <col className="w-28" />
        <col className="w-36" />
        <col />
      </colgroup>
      <thead className="text-left font-sans text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
        <tr>
          <th className="pr-3">PID</th>
          <th className="pr-3">PPID</th>
          <th className="pr-3">State</th>
          <th className="pr-3">Container</th>
          <th>Command</th>
        </tr>
      </thead>
      <tbody>
        {lines.map(({ node: p, depth }) => (
          <tr
            key={p.pid}
            data-pid={p.pid}
            data-state={p.state}
            className={p.state === "Z" ? "bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-100" : ""}
          >
            <td className="pr-3">{p.pid}</td>
            <td className="pr-3 text-slate-500 dark:text-slate-400">{p.ppid}</td>
            <td className="pr-3" title={STATE[p.state] ?? p.state}>
              {p.state}
              {p.state === "Z" ? " zombie" : ""}
            </td>
            <td className="pr-3">{p.container === SANDBOX_CONTAINER ? "pause" : (p.container ?? "—")}</td>
            <td className="max-w-0 truncate" title={p.command} style={{ paddingLeft: `${depth * 1.25}rem` }}>
              {depth > 0 ? "└─ " : ""}
              {p.command}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
