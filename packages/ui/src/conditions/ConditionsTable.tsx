// The pod's conditions as a table: what each says, since when, who wrote it and what it means.
// Rows come from conditionRows() (pure, tested); this file only renders them.
import type { PodCondition } from "@podscope/core";
import { conditionRows, type ConditionRow } from "./rows";

export interface ConditionsTableProps {
  /** pod.status.conditions */
  conditions: PodCondition[] | undefined;
  /** The clock for the relative times ("3m ago"); pass a ticking value to keep them fresh. */
  now: Date;
  /** Condition types named in spec.readinessGates, so a missing gate still gets a row. */
  readinessGates?: string[];
  timeZone?: "local" | "utc";
  caption?: string;
  className?: string;
}

const BADGE: Record<ConditionRow["status"], string> = {
  True: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-900/50 dark:text-emerald-100 dark:ring-emerald-400/40",
  False: "bg-rose-100 text-rose-900 ring-rose-600/30 dark:bg-rose-900/50 dark:text-rose-100 dark:ring-rose-400/40",
  Unknown: "bg-slate-200 text-slate-800 ring-slate-500/30 dark:bg-slate-700 dark:text-slate-100 dark:ring-slate-400/40",
  Missing: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-900/50 dark:text-amber-100 dark:ring-amber-400/40",
};

export function ConditionsTable({
  conditions,
  now,
  readinessGates,
  timeZone = "local",
  caption = "Pod conditions",
  className,
}: ConditionsTableProps) {
  const rows = conditionRows(conditions, now, { readinessGates, timeZone });
  const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300";
  const td = "px-3 py-2 align-top text-sm";
  return (
    <div className={`overflow-x-auto ${className ?? ""}`}>
      <table className="min-w-full border-collapse">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 dark:border-slate-700">
          <tr>
            <th scope="col" className={th}>
              Type
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={th}>
              Reason
            </th>
            <th scope="col" className={th}>
              Message
            </th>
            <th scope="col" className={th}>
              Last transition
            </th>
            <th scope="col" className={th}>
              Set by
            </th>
            <th scope="col" className={th}>
              Meaning
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={7} className={`${td} text-slate-500 dark:text-slate-400`}>
                No conditions reported yet — the pod has not been scheduled or its node has not written a status.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.type} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <th scope="row" className={`${td} text-left font-mono font-medium text-slate-900 dark:text-slate-100`}>
                {r.type}
              </th>
              <td className={td}>
                <span
                  className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${BADGE[r.status]}`}
                  aria-label={`status ${r.status}`}
                >
                  {r.status === "Missing" ? "not reported" : r.status}
                </span>
              </td>
              <td className={`${td} text-slate-800 dark:text-slate-200`}>
                {r.reason ? <span className="font-mono">{r.reason}</span> : <span className="text-slate-400">—</span>}
                {r.reasonMeaning && <div className="mt-0.5 max-w-56 text-xs text-slate-500 dark:text-slate-400">{r.reasonMeaning}</div>}
              </td>
              <td className={`${td} max-w-md break-words text-slate-700 dark:text-slate-300`}>
                {r.message || <span className="text-slate-400">—</span>}
              </td>
              <td className={`${td} whitespace-nowrap tabular-nums`}>
                {r.lastTransition ? (
                  <>
                    <time dateTime={r.lastTransitionTime} title={r.lastTransitionTime}>
                      {r.lastTransition}
                    </time>
                    <div className="text-xs text-slate-500 dark:text-slate-400">{r.ago}</div>
                  </>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className={`${td} text-slate-700 dark:text-slate-300`}>{r.setBy}</td>
              <td className={`${td} text-slate-700 dark:text-slate-300`}>{r.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
