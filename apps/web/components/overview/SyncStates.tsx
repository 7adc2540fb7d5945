"use client";
// Per-resource sync state of a cluster source, compact enough for a source card: a cluster view can
// be partial (RBAC lets the user list pods but not nodes, or only one namespace), and the user must
// see which part is missing and why instead of trusting an empty list.

import type { SyncState } from "@podscope/api";
import type { SourceInfo } from "@/lib/sources";

export type { SyncState };

const dot = { synced: "bg-emerald-500", syncing: "bg-amber-400 animate-pulse", error: "bg-red-500" };

export function SyncStates({ source }: { source: Pick<SourceInfo, "capabilities" | "sync"> }) {
  const sync = source.sync;
  if (!sync || sync.length === 0) {
    // A context's watches start the first time a view asks for it, so an unused one has no state yet.
    return source.capabilities.syncsOnOpen ? (
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400" data-testid="sync-states">
        not watched yet: syncs when you open it
      </p>
    ) : null;
  }
  const errors = sync.filter((s) => s.state === "error");
  const synced = sync.filter((s) => s.state === "synced").length;
  return (
    <div className="mt-2 text-xs" data-testid="sync-states">
      <p className="text-slate-500 dark:text-slate-400">
        {synced} of {sync.length} resources synced{errors.length ? `, ${errors.length} failed` : ""}
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5" aria-label="Sync state per resource">
        {sync.map((s) => (
          <li
            key={s.resource}
            data-resource={s.resource}
            data-state={s.state}
            className="flex items-center gap-1"
            title={s.error?.message ?? s.state}
          >
            <span aria-hidden className={`inline-block h-2 w-2 shrink-0 rounded-full ${dot[s.state]}`} />
            <span>{s.resource}</span>
            <span className="text-slate-500 dark:text-slate-400">
              {s.state === "synced" ? (s.count ?? "✓") : s.state === "syncing" ? "syncing…" : "error"}
            </span>
          </li>
        ))}
      </ul>
      {errors.length > 0 && (
        // One message in full (usually they differ only in the resource: one missing binding); the
        // rest folded, so a forbidden context does not push the other cards down the page.
        <div className="mt-1 text-red-700 dark:text-red-400" aria-label="Sync errors" role="group">
          <p className="break-words">
            <span className="font-semibold">{errors[0].resource}:</span> {errors[0].error?.message || "failed without a message"}
          </p>
          {errors.length > 1 && (
            <details className="mt-0.5">
              <summary className="cursor-pointer select-none">
                {errors.length - 1} more error{errors.length === 2 ? "" : "s"}
              </summary>
              <ul className="mt-0.5 flex flex-col gap-0.5">
                {errors.slice(1).map((e) => (
                  <li key={e.resource} className="break-words">
                    <span className="font-semibold">{e.resource}:</span> {e.error?.message || "failed without a message"}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
