"use client";
// "Change something and run again": what differs between the pinned run and this one — the command, the
// cluster's YAML lines, and per pod the outcome, attempts and eviction time — above the two boards.
import type { RouterOutputs } from "@podscope/api";
import type { DrainBoardData } from "@podscope/ui";
import { changedLines } from "./changed-lines";

type SimulateOutput = RouterOutputs["drain"]["simulate"];

/** What a run shows: the simulator's answer, or the drains of a rehearsal file (which may lack the richer fields). */
export interface RunOutput {
  ignored: SimulateOutput["ignored"];
  result: Omit<SimulateOutput["result"], "nodes"> & { nodes: DrainBoardData[] };
}

export interface DrainRun {
  id: number;
  /** Where the cluster came from: "scenario pdb-sequential-decrement (edited)", "source kube:kind", … */
  origin: string;
  command: string;
  /** The cluster's text as run (absent for a live source, whose objects are read on the server). */
  yaml: string | null;
  output: RunOutput;
  at: string;
}

type PodRow = DrainBoardData["pods"][number];
const describe = (p: PodRow | undefined) =>
  p ? `${p.outcome}${p.evictedAt !== null ? ` at ${p.evictedAt}s` : ""} · ${p.attempts} attempt${p.attempts === 1 ? "" : "s"}` : "—";

export function RunCompare({ pinned, current }: { pinned: DrainRun; current: DrainRun }) {
  const lines = pinned.yaml !== null && current.yaml !== null ? changedLines(pinned.yaml, current.yaml) : null;
  const nodes = [...new Set([...pinned.output.result.nodes.map((n) => n.node), ...current.output.result.nodes.map((n) => n.node)])];
  return (
    <section
      aria-label="compare runs"
      className="flex flex-col gap-3 rounded-lg border border-violet-300 bg-violet-50/60 p-3 text-sm dark:border-violet-800 dark:bg-violet-950/30"
    >
      <h3 className="font-semibold">
        Pinned run #{pinned.id} → this run #{current.id}
      </h3>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-500 dark:text-slate-400">pinned</dt>
        <dd className="font-mono text-xs">
          {pinned.command} <span className="text-slate-500">({pinned.origin})</span>
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">this run</dt>
        <dd className="font-mono text-xs">
          {current.command} <span className="text-slate-500">({current.origin})</span>
        </dd>
        {lines && (
          <>
            <dt className="text-slate-500 dark:text-slate-400">cluster YAML</dt>
            <dd className="font-mono text-xs" data-testid="yaml-diff">
              {lines.added.length + lines.removed.length === 0 ? (
                <span className="font-sans text-slate-500">same objects</span>
              ) : (
                <>
                  {lines.removed.map((l, i) => (
                    <div key={`r${i}`} className="text-red-700 dark:text-red-400">
                      - {l.trim()}
                    </div>
                  ))}
                  {lines.added.map((l, i) => (
                    <div key={`a${i}`} className="text-emerald-700 dark:text-emerald-400">
                      + {l.trim()}
                    </div>
                  ))}
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {nodes.map((node) => {
        const a = pinned.output.result.nodes.find((n) => n.node === node);
        const b = current.output.result.nodes.find((n) => n.node === node);
        const pods = [...new Set([...(a?.pods ?? []).map((p) => p.pod), ...(b?.pods ?? []).map((p) => p.pod)])].sort();
        return (
          <table key={node} className="w-full border-collapse text-left" aria-label={`compare node ${node}`}>
            <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
              <tr>
                <th className="p-1">node {node}</th>
                <th className="p-1">pinned: {a?.result ?? "not drained"}</th>
                <th className="p-1">this run: {b?.result ?? "not drained"}</th>
              </tr>
            </thead>
            <tbody>
              {pods.map((pod) => {
                const pa = a?.pods.find((p) => p.pod === pod);
                const pb = b?.pods.find((p) => p.pod === pod);
                const differs = describe(pa) !== describe(pb);
                return (
                  <tr
                    key={pod}
                    data-differs={differs}
                    className={`border-t border-violet-200 dark:border-violet-900 ${differs ? "font-medium" : "text-slate-500 dark:text-slate-400"}`}
                  >
                    <td className="p-1 font-mono">{pod}</td>
                    <td className="p-1">{describe(pa)}</td>
                    <td className="p-1">
                      {describe(pb)}
                      {differs && <span className="ml-1 rounded bg-violet-200 px-1 text-xs dark:bg-violet-800">changed</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </section>
  );
}
