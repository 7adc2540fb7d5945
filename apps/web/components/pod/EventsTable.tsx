"use client";
// The pod's events, newest first, as `kubectl describe` lists them (type, reason, age, from, message).
import { humanDuration, type KubeEvent } from "@podscope/core";

const at = (e: KubeEvent) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "") || 0;

export function EventsTable({ events, now }: { events: KubeEvent[]; now: number }) {
  const list = [...events].sort((a, b) => at(b) - at(a));
  if (list.length === 0) return <p className="text-sm text-slate-500">No events recorded for this pod.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Events">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
          <tr>
            <th className="pr-3">Type</th>
            <th className="pr-3">Reason</th>
            <th className="pr-3">Age</th>
            <th className="pr-3">From</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {list.map((e, i) => (
            <tr key={e.metadata.uid ?? i} className="align-top">
              <td className={`py-1 pr-3 ${e.type === "Warning" ? "font-semibold text-amber-700 dark:text-amber-400" : ""}`}>{e.type}</td>
              <td className="py-1 pr-3 font-medium">{e.reason}</td>
              <td className="py-1 pr-3 whitespace-nowrap">
                {humanDuration(now - at(e))}
                {(e.count ?? 1) > 1 ? ` (×${e.count})` : ""}
              </td>
              <td className="py-1 pr-3">{e.reportingComponent || e.source?.component}</td>
              <td className="py-1">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
