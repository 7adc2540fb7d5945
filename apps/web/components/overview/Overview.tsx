"use client";
// Overview: where pods come from (sources and their health), the nodes with what they offer and what
// runs on them, and the most recent warnings — the first screen of a live session.
import { bytes, cpuMillis, formatBytes, humanDuration, type KubeEvent, type Node, type NodePods } from "@podscope/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorNote } from "@/components/ErrorNote";
import { Panel } from "@/components/Panel";
import { SyncStates } from "@/components/overview/SyncStates";
import { warningTarget } from "@/components/overview/warning-link";
import { useSource } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";
import { useSourceClock } from "@/lib/use-now";
import { withSource } from "@/lib/url-state";

function cpuText(v: string | number | undefined): string {
  if (v === undefined) return "—";
  const m = cpuMillis(v);
  return m % 1000 === 0 ? `${m / 1000} CPU` : `${m}m CPU`;
}
function memText(v: string | number | undefined): string {
  return v === undefined ? "—" : formatBytes(bytes(v));
}

function NodeCard({ node, pods, source }: { node: Node; pods: NodePods | undefined; source: string }) {
  const name = node.metadata.name ?? "";
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  const count = pods?.count ?? 0;
  const named = pods?.pods ?? [];
  return (
    <div className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-node={name}>
      <div className="flex items-baseline gap-2">
        <Link
          className="font-semibold text-blue-700 hover:underline dark:text-blue-300"
          href={withSource(`/nodes/${encodeURIComponent(name)}`, source)}
        >
          {name}
        </Link>
        <span className={ready?.status === "True" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
          {ready?.status === "True" ? "Ready" : "NotReady"}
        </span>
        {node.spec?.unschedulable && <span className="text-amber-700 dark:text-amber-400">SchedulingDisabled</span>}
      </div>
      <table className="mt-2 text-sm">
        <thead>
          <tr className="text-left text-slate-500 dark:text-slate-400">
            <th className="pr-4 font-normal" />
            <th className="pr-4 font-normal">capacity</th>
            <th className="font-normal">allocatable</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" className="pr-4 text-left font-normal">
              cpu
            </th>
            <td className="pr-4">{cpuText(node.status?.capacity?.cpu)}</td>
            <td>{cpuText(node.status?.allocatable?.cpu)}</td>
          </tr>
          <tr>
            <th scope="row" className="pr-4 text-left font-normal">
              memory
            </th>
            <td className="pr-4">{memText(node.status?.capacity?.memory)}</td>
            <td>{memText(node.status?.allocatable?.memory)}</td>
          </tr>
          <tr>
            <th scope="row" className="pr-4 text-left font-normal">
              pods
            </th>
            <td className="pr-4">{node.status?.capacity?.pods ?? "—"}</td>
            <td>{node.status?.allocatable?.pods ?? "—"}</td>
          </tr>
        </tbody>
      </table>
      <div className="mt-2 text-sm">
        <span className="text-slate-500 dark:text-slate-400">{count === 0 ? "no pods" : `${count} pod${count === 1 ? "" : "s"}: `}</span>
        {named.map((p, i) => (
          <span key={p.uid || i}>
            {i > 0 && ", "}
            <Link className="text-blue-700 hover:underline dark:text-blue-300" href={withSource(`/pods/${p.namespace}/${p.name}`, source)}>
              {p.namespace}/{p.name}
            </Link>
          </span>
        ))}
        {count > named.length && <span> and {count - named.length} more</span>}
      </div>
    </div>
  );
}

function eventTime(e: KubeEvent): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

export function Overview() {
  const { id: source, sources, error: sourcesError, loading } = useSource();
  const clock = useSourceClock(5000);
  const trpc = useTRPC();
  const input = source ? { source } : skipToken;
  const refetchInterval = clock.live ? 10_000 : false;
  const nodes = useQuery(trpc.nodes.list.queryOptions(input, { refetchInterval }));
  const events = useQuery(trpc.events.list.queryOptions(input, { refetchInterval }));
  // A warning's pod may be gone: link its recorded history where the source keeps one, else no link.
  const recording = !!sources?.find((s) => s.id === source)?.capabilities.isRecording;
  const deleted = useQuery(trpc.pods.deleted.queryOptions(source && recording ? { source } : skipToken, { refetchInterval: 10_000 }));
  const warnings = (events.data ?? [])
    .filter((e) => e.type === "Warning")
    .sort((a, b) => eventTime(b) - eventTime(a))
    .slice(0, 15);
  // The cards need each node's count and first names, the warning links whether their pods still exist: the server
  // answers both (pods.summary) instead of sending every pod — at 30,000 pods a few kilobytes instead of 8 MB, and no
  // 8 MB answer still being written when the tab moves on to the pod list.
  const exists = warnings
    .filter((e) => !e.involvedObject.kind || e.involvedObject.kind === "Pod")
    .map((e) => ({ namespace: e.involvedObject.namespace ?? "default", name: e.involvedObject.name ?? "", uid: e.involvedObject.uid }));
  const summary = useQuery(
    trpc.pods.summary.queryOptions(source ? { source, exists } : skipToken, { refetchInterval, placeholderData: (prev) => prev }),
  );
  const byNode = new Map((summary.data?.nodes ?? []).map((n) => [n.node, n]));
  // An answer about other warnings' pods (the previous one, kept while the new one loads) says nothing about these.
  const livePods = summary.isPlaceholderData ? undefined : summary.data?.existing;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Overview</h1>
      <Panel
        title="Sources"
        explain={
          <p>
            A source is where pods come from: the <b>local node</b> podscope runs itself through containerd, a <b>Kubernetes context</b>{" "}
            from your kubeconfig, or a <b>snapshot</b> file opened read-only. What a view can show depends on what its source can do — only
            the local node can run pods, and a cluster shows its nodes&apos; cgroups and namespaces through the podscope agent on each node
            (<code>podscope agent manifest | kubectl apply -f -</code>).
          </p>
        }
      >
        <ErrorNote error={sourcesError} action="Listing sources" />
        {loading && <p className="text-sm text-slate-500">Loading…</p>}
        <ul className="grid gap-2 md:grid-cols-2 xl:grid-cols-3">
          {sources.map((s) => (
            <li
              key={s.id}
              data-source={s.id}
              className={`rounded-md border p-3 ${s.id === source ? "border-blue-500" : "border-slate-200 dark:border-slate-800"}`}
            >
              <Link
                href={`/pods?source=${encodeURIComponent(s.id)}`}
                className="break-words font-semibold text-blue-700 hover:underline dark:text-blue-300"
              >
                {s.name}
              </Link>
              <div className="mt-1 flex items-center gap-2 text-sm">
                <span
                  aria-hidden
                  className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ${s.available ? "bg-emerald-500" : "bg-red-500"}`}
                />
                <span>{s.available ? "available" : "unavailable"}</span>
                <span className="text-xs text-slate-500 dark:text-slate-400">· {s.kind}</span>
              </div>
              {!s.available && s.reason && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{s.reason}</p>}
              <SyncStates source={s} />
              <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                {Object.entries(s.capabilities)
                  .filter(([, v]) => v)
                  .map(([k]) => k)
                  .join(" · ") || "read-only"}
              </p>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel
        title="Nodes"
        explain={
          <p>
            <b>Capacity</b> is what the machine has; <b>allocatable</b> is what is left for pods after the system and kubelet reservations.
            The scheduler places pods by their <i>requests</i> against allocatable, not by what they actually use.
          </p>
        }
      >
        <ErrorNote error={nodes.error} action="Listing nodes" />
        {nodes.isLoading && <p className="text-sm text-slate-500">Loading…</p>}
        <div className="grid gap-3 lg:grid-cols-2">
          {(nodes.data ?? []).map((n) => (
            <NodeCard key={n.metadata.name} node={n} pods={byNode.get(n.metadata.name ?? "")} source={source ?? ""} />
          ))}
        </div>
        {nodes.data && nodes.data.length === 0 && <p className="text-sm text-slate-500">This source reports no nodes.</p>}
      </Panel>
      <Panel
        title="Recent warnings"
        explain={
          <p>
            Warning events are how Kubernetes components complain: failed pulls, back-offs, failed probes, evictions. Clusters keep events
            for only an hour; podscope records them so they survive.
          </p>
        }
      >
        <ErrorNote error={events.error} action="Listing events" />
        {events.isLoading && <p className="text-sm text-slate-500">Loading…</p>}
        {warnings.length === 0 && !events.isLoading && <p className="text-sm text-slate-500">No warnings.</p>}
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {warnings.map((e, i) => (
            <li key={e.metadata.uid ?? i} className="flex gap-3 py-1.5">
              <span className="w-20 shrink-0 text-slate-500 dark:text-slate-400">
                {clock.now === null ? "" : `${humanDuration(clock.now - eventTime(e))} ago`}
              </span>
              <span className="w-48 shrink-0 [overflow-wrap:anywhere] font-semibold text-amber-700 dark:text-amber-400">
                {e.reason}
                {(e.count ?? 1) > 1 ? ` ×${e.count}` : ""}
              </span>
              {(() => {
                const w = warningTarget(e, livePods, deleted.data);
                return w.href ? (
                  <Link
                    className="w-64 shrink-0 truncate text-blue-700 hover:underline dark:text-blue-300"
                    href={withSource(w.href, source)}
                    title={w.gone ? "deleted: its recorded history" : undefined}
                  >
                    {w.label}
                    {w.gone ? " (deleted)" : ""}
                  </Link>
                ) : (
                  <span
                    className="w-64 shrink-0 truncate text-slate-500 dark:text-slate-400"
                    title="this pod is gone and the source keeps no history of it"
                  >
                    {w.label} (gone)
                  </span>
                );
              })()}
              <span className="truncate" title={e.message}>
                {e.message}
              </span>
            </li>
          ))}
        </ul>
      </Panel>
    </div>
  );
}
