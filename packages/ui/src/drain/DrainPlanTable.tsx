// The plan: every pod the drain considers, what kubectl does with it, the budget that governs it, and the
// outcome — every column as it stands at the playhead (rows from boardAt).
import type { PlanRowAt } from "./board-at";

const OUTCOME_CLASS: Record<string, string> = {
  evicted: "text-emerald-700 dark:text-emerald-400",
  deleted: "text-emerald-700 dark:text-emerald-400",
  blocked: "text-orange-600 font-semibold",
  failed: "text-red-600 font-semibold",
  "not-attempted": "text-slate-500",
  ignored: "text-slate-500",
  skipped: "text-slate-500",
};

export function DrainPlanTable({ rows }: { rows: PlanRowAt[] }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="p-1">pod</th>
          <th className="p-1">action</th>
          <th className="p-1">PDB</th>
          <th className="p-1">attempts</th>
          <th className="p-1">outcome</th>
          <th className="p-1">now</th>
          <th className="p-1">last answer</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.pod} data-pod={p.pod} className="border-t border-slate-200 dark:border-slate-800">
            <td className="p-1 font-mono">{p.pod}</td>
            <td className="p-1">{p.action}</td>
            <td className="p-1">{p.pdb ?? "—"}</td>
            <td className="p-1 tabular-nums">{p.attempts}</td>
            <td className={`p-1 ${p.outcome ? (OUTCOME_CLASS[p.outcome] ?? "") : "text-slate-400"}`} data-outcome={p.outcome ?? "open"}>
              {p.outcomeText}
            </td>
            <td className="p-1" data-now>
              {p.now}
            </td>
            <td className="p-1 text-xs text-slate-600 dark:text-slate-400" data-last-answer>
              {p.lastAnswer}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
