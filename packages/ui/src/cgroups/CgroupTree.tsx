"use client";
// The cgroup tree as systemd-cgls draws it (kubepods → QoS → pod<uid> → sandbox/containers →
// processes), collapsible, with memory usage/limit bars, cpu and pids knobs on each cgroup.
import { useState } from "react";
import type { CgroupNode } from "../inspection";
import { cgroupRole, cpuText, memoryFraction, memoryText, pidsText, pressureText, visibleCgroupLines } from "./model";

export interface CgroupTreeProps {
  roots: CgroupNode[];
  /** Paths collapsed at first render (e.g. other pods' cgroups when showing one pod). */
  initiallyCollapsed?: string[];
  /** Hide processes (long trees on busy nodes). */
  hideProcesses?: boolean;
}

function MemoryBar({ node }: { node: CgroupNode }) {
  if (!node.memory) return null;
  const frac = memoryFraction(node.memory);
  return (
    <span className="inline-flex items-center gap-1" title="memory usage / limit">
      {frac !== null && (
        <span
          className="inline-block h-2.5 w-20 overflow-hidden rounded-sm bg-slate-200 align-middle dark:bg-slate-700"
          role="meter"
          aria-label="memory use"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(frac * 100)}
        >
          <span
            className={`block h-full ${frac > 0.9 ? "bg-red-600" : frac > 0.7 ? "bg-amber-500" : "bg-emerald-600"}`}
            style={{ width: `${(frac * 100).toFixed(1)}%` }}
          />
        </span>
      )}
      <span>{memoryText(node.memory)}</span>
    </span>
  );
}

export function CgroupTree({ roots, initiallyCollapsed = [], hideProcesses = false }: CgroupTreeProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set(initiallyCollapsed));
  const toggle = (path: string) =>
    setCollapsed((s) => {
      const n = new Set(s);
      if (n.has(path)) n.delete(path);
      else n.add(path);
      return n;
    });
  const lines = visibleCgroupLines(roots, collapsed);
  if (lines.length === 0) return <p className="text-sm text-slate-500">No cgroups to show.</p>;
  return (
    <ul role="tree" aria-label="Cgroup tree" className="overflow-x-auto font-mono text-sm leading-6">
      {lines.map((l) => {
        const n = l.node;
        const lead = l.prefix.replace(/├─/g, "│ ").replace(/└─/g, "  ");
        return (
          <li
            key={n.path}
            role="treeitem"
            aria-expanded={l.hasChildren ? !l.collapsed : undefined}
            aria-selected={false}
            data-kind={n.kind}
            data-path={n.path}
          >
            <div className="flex flex-wrap items-center gap-x-3 whitespace-pre">
              <span>
                <span className="text-slate-400 dark:text-slate-500">{l.prefix}</span>
                {l.hasChildren ? (
                  <button
                    type="button"
                    onClick={() => toggle(n.path)}
                    aria-label={`${l.collapsed ? "Expand" : "Collapse"} ${n.name}`}
                    className="mr-1 w-4 text-slate-500 hover:text-blue-600"
                  >
                    {l.collapsed ? "▸" : "▾"}
                  </button>
                ) : (
                  <span className="mr-1 inline-block w-4" />
                )}
                <span className={n.kind === "pod" || n.kind === "sandbox" ? "font-semibold" : ""} title={n.path}>
                  {n.name}
                </span>
              </span>
              {cgroupRole(n) && (
                <span
                  className={`rounded px-1.5 text-xs font-sans ${n.kind === "sandbox" ? "bg-violet-100 text-violet-900 dark:bg-violet-900/50 dark:text-violet-100" : "bg-blue-50 text-blue-800 dark:bg-blue-900/40 dark:text-blue-200"}`}
                >
                  {cgroupRole(n)}
                </span>
              )}
              <span className="flex flex-wrap items-center gap-x-3 text-xs text-slate-600 dark:text-slate-400">
                <MemoryBar node={n} />
                {n.cpu && <span title="cpu.shares / cpu.weight and the CFS quota">{cpuText(n.cpu)}</span>}
                {n.pids && <span>{pidsText(n.pids)}</span>}
                {n.pressure && (
                  <span title="Pressure stall information (cgroup v2): the share of the last 10 s in which some task of this cgroup waited for CPU, memory or I/O">
                    {pressureText(n.pressure)}
                  </span>
                )}
              </span>
            </div>
            {!l.collapsed &&
              !hideProcesses &&
              n.processes.map((p, i) => (
                <div key={p.pid} className="whitespace-pre text-slate-600 dark:text-slate-300" data-pid={p.pid}>
                  <span className="text-slate-400 dark:text-slate-500">
                    {lead}
                    {i === n.processes.length - 1 && n.children.length === 0 ? "└─" : "├─"}
                  </span>
                  {p.pid} {p.command}
                </div>
              ))}
          </li>
        );
      })}
    </ul>
  );
}
