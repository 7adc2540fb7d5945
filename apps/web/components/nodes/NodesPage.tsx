"use client";
// The Nodes page: every node of the source in one table, `kubectl get nodes` widened with pressure, allocatable,
// pod counts and requests allocated; each name opens its node page. Nodes are cluster-scoped, so the namespace
// filter does not narrow this list (the pod counts are over all namespaces).
import { formatBytes, formatMillicores, timestampSince } from "@podscope/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { inputClass } from "@/components/Panel";
import { navHref } from "@/lib/namespace-filter";
import { useSource } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";
import { useSourceClock } from "@/lib/use-now";
import { useDraftParam } from "@/lib/url-state";
import { nodeMatches, nodeRows, type NodeRow } from "./node-rows";

const muted = "text-slate-500 dark:text-slate-400";
const th = "px-2 pb-1 font-normal";

function Percent({ value }: { value: number | null }) {
  if (value === null) return <span className={muted}>—</span>;
  const tone = value >= 90 ? "bg-red-500" : value >= 70 ? "bg-amber-500" : "bg-blue-500";
  return (
    <span className="flex items-center justify-end gap-2">
      <span className="h-2 w-16 overflow-hidden rounded bg-slate-100 dark:bg-slate-800" aria-hidden>
        <span className={`block h-full ${tone}`} style={{ width: `${Math.min(100, value)}%` }} />
      </span>
      <span className="w-10 tabular-nums">{value}%</span>
    </span>
  );
}

function Row({ row, now, href }: { row: NodeRow; now: number; href: string }) {
  const statusTone =
    row.ready === "True"
      ? row.cordoned
        ? "text-amber-700 dark:text-amber-400"
        : "text-emerald-700 dark:text-emerald-400"
      : "font-semibold text-red-700 dark:text-red-400";
  return (
    <tr data-node-row={row.name} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/60">
      <td className="px-2 py-1.5 font-medium">
        <Link className="text-blue-700 hover:underline dark:text-blue-300" href={href}>
          {row.name}
        </Link>
      </td>
      <td className={`px-2 py-1.5 ${statusTone}`}>{row.status}</td>
      <td className="px-2 py-1.5" data-cell="conditions">
        {row.problems.length === 0 ? (
          <span className={muted}>none</span>
        ) : (
          row.problems.map((p) => (
            <span
              key={p.type}
              title={p.message}
              className="mr-1 inline-block rounded bg-red-100 px-1.5 text-xs font-semibold text-red-800 dark:bg-red-950 dark:text-red-200"
            >
              {p.type}
              {p.status === "True" ? "" : `=${p.status}`}
            </span>
          ))
        )}
      </td>
      <td className="px-2 py-1.5">{row.roles.length ? row.roles.join(",") : <span className={muted}>&lt;none&gt;</span>}</td>
      <td className="px-2 py-1.5 text-right tabular-nums">{row.allocatable.cpu ? formatMillicores(row.allocatable.cpu) : "—"}</td>
      <td className="px-2 py-1.5 text-right tabular-nums">{row.allocatable.memory ? formatBytes(row.allocatable.memory) : "—"}</td>
      <td className="px-2 py-1.5 text-right tabular-nums" data-cell="pods">
        {row.pods}
        {row.allocatable.pods !== null ? <span className={muted}> / {row.allocatable.pods}</span> : null}
      </td>
      <td className="px-2 py-1.5" data-cell="cpu-requests">
        <Percent value={row.cpuRequestsPercent} />
      </td>
      <td className="px-2 py-1.5" data-cell="memory-requests">
        <Percent value={row.memoryRequestsPercent} />
      </td>
      <td className="px-2 py-1.5">{row.version || "—"}</td>
      <td className="px-2 py-1.5 text-right tabular-nums">{timestampSince(row.created, new Date(now))}</td>
    </tr>
  );
}

export function NodesPage() {
  const { id: source } = useSource();
  const params = useSearchParams();
  // The source's clock: frozen at takenAt for a file, unknown (null) until the source list is in.
  const { now, live } = useSourceClock(5000);
  const trpc = useTRPC();
  const input = source ? { source } : skipToken;
  const nodes = useQuery(trpc.nodes.list.queryOptions(input, { refetchInterval: live ? 5_000 : false }));
  const pods = useQuery(trpc.pods.list.queryOptions(input, { refetchInterval: live ? 5_000 : false }));
  const { draft, setDraft, clear: clearDraft } = useDraftParam("q", 200);
  useEffect(() => {
    document.title = "Nodes · podscope";
  }, []);

  const all = useMemo(() => nodeRows(nodes.data ?? [], pods.data ?? []), [nodes.data, pods.data]);
  const rows = all.filter((r) => nodeMatches(r, draft));
  const notReady = all.filter((r) => r.ready !== "True").length;

  if (!source) return <p className={muted}>Choose a source.</p>;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-2 text-2xl font-semibold">Nodes</h1>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Filter
          <input
            data-page-filter
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="name, role, status, condition…  ( / )"
            aria-label="Filter nodes"
            className={`${inputClass} w-72`}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                clearDraft();
                e.currentTarget.blur();
              }
            }}
          />
        </label>
        <div className="ml-auto text-sm text-slate-500 dark:text-slate-400" aria-live="polite">
          {nodes.data
            ? `${rows.length} of ${all.length} node${all.length === 1 ? "" : "s"}${notReady ? ` · ${notReady} not Ready` : ""}`
            : nodes.isLoading
              ? "loading…"
              : ""}
        </div>
      </div>
      <ErrorNote error={nodes.error} action="Listing nodes" />
      <ErrorNote error={pods.error} action="Listing pods (for the counts and requests)" />
      {nodes.data && nodes.data.length === 0 && <p className={muted}>This source reports no nodes.</p>}
      {rows.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-sm" aria-label="Nodes">
            <thead className={`border-b border-slate-200 text-left text-xs uppercase tracking-wide dark:border-slate-800 ${muted}`}>
              <tr>
                <th className={`${th} pt-2`}>Name</th>
                <th className={th}>Status</th>
                <th
                  className={th}
                  title="Conditions other than Ready that are on: MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable (or Unknown)"
                >
                  Pressure / conditions
                </th>
                <th className={th}>Roles</th>
                <th className={`${th} text-right`}>CPU alloc.</th>
                <th className={`${th} text-right`}>Memory alloc.</th>
                <th className={`${th} text-right`} title="Pods bound here and not finished / allocatable pods">
                  Pods
                </th>
                <th
                  className={`${th} text-right`}
                  title="Sum of the CPU requests of the node's pods, of allocatable (kubectl describe node)"
                >
                  CPU requests
                </th>
                <th className={`${th} text-right`} title="Sum of the memory requests of the node's pods, of allocatable">
                  Memory requests
                </th>
                <th className={th}>Version</th>
                <th className={`${th} text-right`}>Age</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {now !== null &&
                rows.map((r) => (
                  <Row key={r.name} row={r} now={now} href={navHref(`/nodes/${encodeURIComponent(r.name)}`, params, { source })} />
                ))}
            </tbody>
          </table>
        </div>
      )}
      {all.length > 0 && rows.length === 0 && <p className={muted}>No node matches “{draft}”. Esc clears the filter.</p>}
    </div>
  );
}
