"use client";
// The node page: what `kubectl describe node` tells an SRE — health (conditions), size (capacity and
// allocatable), what is promised away (requests allocated), who may not land here (taints), what runs
// here (its pods) and what happened to it (events) — for a cluster node and for the local node alike.
import {
  bytes as bytesOf,
  cpuMillis as cpuOf,
  formatBytes,
  formatMillicores,
  kubectlPodRow,
  timestampSince,
  type KubeEvent,
  type Node,
  type NodeCondition,
  type Pod,
} from "@podscope/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, type ReactNode } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { NamespaceSelect } from "@/components/NamespaceSelect";
import { Panel } from "@/components/Panel";
import { statusTone } from "@/components/pods/status-style";
import { TimeScrubber, TimeTravelControl, TimeTravelNote, useAt } from "@/components/TimeTravel";
import { NodeCgroups } from "./NodeCgroups";
import {
  allocatedResources,
  conditionHealth,
  nodeRoles,
  podsOnNode,
  podUsage,
  TAINT_EFFECTS,
  taintText,
  type AllocatedRow,
} from "@/lib/node-usage";
import { inNamespace, useNamespaceFilter } from "@/lib/namespace-filter";
import { useSource } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";
import { useSourceClock } from "@/lib/use-now";
import { withSource } from "@/lib/url-state";

const muted = "text-slate-500 dark:text-slate-400";
const headCell = "pr-4 pb-1 font-normal";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className={`text-xs uppercase tracking-wide ${muted}`}>{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

/** "3m ago" with the absolute time beneath: relative for reading, absolute for correlating with logs. */
function When({ at, now }: { at?: string; now: number }) {
  if (!at) return <span className={muted}>—</span>;
  return (
    <span className="whitespace-nowrap">
      {timestampSince(at, new Date(now))} ago
      <span className={`block text-xs ${muted}`}>
        {new Date(at)
          .toISOString()
          .replace("T", " ")
          .replace(/\.\d+Z$/, "Z")}
      </span>
    </span>
  );
}

const healthTone = {
  good: "text-emerald-700 dark:text-emerald-400",
  bad: "text-red-700 dark:text-red-400 font-semibold",
  unknown: "text-amber-700 dark:text-amber-400 font-semibold",
};

function ConditionsTable({ conditions, now }: { conditions: NodeCondition[]; now: number }) {
  if (conditions.length === 0) return <p className={`text-sm ${muted}`}>This node reports no conditions.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Conditions">
        <thead className={`text-left text-xs uppercase tracking-wide ${muted}`}>
          <tr>
            <th className={headCell}>Type</th>
            <th className={headCell}>Status</th>
            <th className={headCell}>Reason</th>
            <th className={headCell}>Message</th>
            <th className={headCell}>Last heartbeat</th>
            <th className="pb-1 font-normal">Last transition</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {conditions.map((c) => {
            const health = conditionHealth(c.type, c.status);
            return (
              <tr key={c.type} data-condition={c.type} data-health={health} className="align-top">
                <td className="py-1 pr-4 font-medium">{c.type}</td>
                <td className={`py-1 pr-4 ${healthTone[health]}`}>{c.status}</td>
                <td className="py-1 pr-4">{c.reason ?? "—"}</td>
                <td className="py-1 pr-4">{c.message ?? "—"}</td>
                <td className="py-1 pr-4">
                  <When at={c.lastHeartbeatTime} now={now} />
                </td>
                <td className="py-1">
                  <When at={c.lastTransitionTime} now={now} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function resourceText(resource: string, q: string | number | undefined): string {
  if (q === undefined) return "—";
  if (resource === "cpu") return `${formatMillicores(cpuOf(q))} CPU`;
  if (resource === "memory" || resource === "ephemeral-storage") return formatBytes(bytesOf(q));
  return String(q);
}
function CapacityTable({ node }: { node: Node }) {
  const rows = ["cpu", "memory", "pods", "ephemeral-storage"];
  return (
    <table className="text-sm" aria-label="Capacity and allocatable">
      <thead className={`text-left text-xs uppercase tracking-wide ${muted}`}>
        <tr>
          <th className={headCell}>Resource</th>
          <th className={headCell}>Capacity</th>
          <th className="pb-1 font-normal">Allocatable</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r} data-capacity={r}>
            <th scope="row" className="py-0.5 pr-4 text-left font-medium">
              {r}
            </th>
            <td className="py-0.5 pr-4 tabular-nums">{resourceText(r, node.status?.capacity?.[r])}</td>
            <td className="py-0.5 tabular-nums">{resourceText(r, node.status?.allocatable?.[r])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const amountText = (row: AllocatedRow, v: number) => (row.resource === "cpu" ? formatMillicores(v) : formatBytes(v));

/** One bar: the share of allocatable; limits may pass 100% (overcommit), so the bar stops and the number says it. */
function Bar({ label, value, percent, tone }: { label: string; value: string; percent: number | null; tone: string }) {
  const width = Math.min(100, Math.max(0, percent ?? 0));
  return (
    <div className="flex items-center gap-3 text-sm">
      <span className="w-16 shrink-0">{label}</span>
      <div
        className="h-3 min-w-24 flex-1 overflow-hidden rounded bg-slate-100 dark:bg-slate-800"
        role="meter"
        aria-label={label}
        aria-valuenow={percent ?? 0}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className={`h-full ${tone}`} style={{ width: `${width}%` }} />
      </div>
      <span className="w-40 shrink-0 tabular-nums">
        {value} <span className={muted}>({percent === null ? "?" : `${percent}%`})</span>
      </span>
    </div>
  );
}

function AllocatedSection({ rows }: { rows: AllocatedRow[] }) {
  return (
    <div className="flex flex-col gap-4">
      {rows.map((row) => (
        <div
          key={row.resource}
          data-allocated={row.resource}
          data-requests={row.requests}
          data-limits={row.limits}
          className="flex flex-col gap-1"
        >
          <div className="text-sm font-medium">
            {row.resource} <span className={`font-normal ${muted}`}>of {amountText(row, row.allocatable)} allocatable</span>
          </div>
          <Bar
            label="requests"
            value={amountText(row, row.requests)}
            percent={row.requestsPercent}
            tone={(row.requestsPercent ?? 0) >= 90 ? "bg-red-500" : "bg-blue-500"}
          />
          <Bar
            label="limits"
            value={amountText(row, row.limits)}
            percent={row.limitsPercent}
            tone={(row.limitsPercent ?? 0) > 100 ? "bg-amber-500" : "bg-slate-400 dark:bg-slate-500"}
          />
        </div>
      ))}
    </div>
  );
}

function TaintsList({ node }: { node: Node }) {
  const taints = node.spec?.taints ?? [];
  if (taints.length === 0) return <p className={`text-sm ${muted}`}>No taints: any pod may be scheduled here.</p>;
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {taints.map((t) => (
        <li key={`${t.key}:${t.effect}`} data-taint={taintText(t)}>
          <code className="font-mono font-medium">{taintText(t)}</code>
          <span className={`ml-2 ${muted}`}>{TAINT_EFFECTS[t.effect] ?? "an effect this page does not know."}</span>
        </li>
      ))}
    </ul>
  );
}

function PodsTable({ pods, now, source, at }: { pods: Pod[]; now: number; source: string; at: number | null }) {
  if (pods.length === 0) return <p className={`text-sm ${muted}`}>No running or pending pods on this node.</p>;
  const sorted = [...pods].sort((a, b) =>
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
  );
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Pods on this node">
        <thead className={`text-left text-xs uppercase tracking-wide ${muted}`}>
          <tr>
            <th className={headCell}>Pod</th>
            <th className={headCell}>Status</th>
            <th className={`${headCell} text-right`}>CPU requests</th>
            <th className={`${headCell} text-right`}>Memory requests</th>
            <th className="pb-1 text-right font-normal">Age</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {sorted.map((p) => {
            const row = kubectlPodRow(p, new Date(now));
            const u = podUsage(p);
            const ref = `${p.metadata.namespace}/${p.metadata.name}`;
            return (
              <tr key={p.metadata.uid ?? ref} data-pod={ref}>
                <td className="py-1 pr-4">
                  <Link
                    className="text-blue-700 hover:underline dark:text-blue-300"
                    href={withSource(
                      // At T, the pod page of that incarnation at the same T.
                      at === null
                        ? `/pods/${p.metadata.namespace}/${p.metadata.name}`
                        : `/pods/${p.metadata.namespace}/${p.metadata.name}?${new URLSearchParams({ uid: p.metadata.uid ?? "", at: new Date(at).toISOString() }).toString()}`,
                      source,
                    )}
                  >
                    {ref}
                  </Link>
                </td>
                <td className={`py-1 pr-4 ${statusTone(row.status)}`}>{row.status}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{u.requests.cpu ? formatMillicores(u.requests.cpu) : "—"}</td>
                <td className="py-1 pr-4 text-right tabular-nums">{u.requests.memory ? formatBytes(u.requests.memory) : "—"}</td>
                <td className="py-1 text-right tabular-nums">{row.age}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const eventAt = (e: KubeEvent) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "") || 0;

function NodeEvents({ events, now }: { events: KubeEvent[]; now: number }) {
  if (events.length === 0) return <p className={`text-sm ${muted}`}>No events about this node (clusters keep events for an hour).</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {events.slice(0, 30).map((e, i) => (
        <li key={e.metadata.uid ?? i} className="flex gap-3 py-1.5">
          <span className={`w-24 shrink-0 ${muted}`}>{timestampSince(new Date(eventAt(e)).toISOString(), new Date(now))} ago</span>
          <span
            className={`w-44 shrink-0 font-semibold [overflow-wrap:anywhere] ${e.type === "Warning" ? "text-amber-700 dark:text-amber-400" : ""}`}
          >
            {e.reason}
            {(e.count ?? 1) > 1 ? ` ×${e.count}` : ""}
          </span>
          <span>{e.message}</span>
        </li>
      ))}
    </ul>
  );
}

export function NodePage({ name }: { name: string }) {
  const { id: source, info } = useSource();
  const clock = useSourceClock(5000);
  const { now, live } = clock;
  const trpc = useTRPC();
  const input = source ? { source } : skipToken;
  const [namespace] = useNamespaceFilter();
  // ?at=: the node and its pods as they were then, rebuilt from recorded history — its conditions,
  // allocatable, taints and cordon recorded by then, the events as they were. Read-only, like the pod list's.
  const recording = info?.capabilities.isRecording ?? false;
  const [atParam] = useAt();
  const at = recording ? atParam : null;
  const atInput = source && at !== null ? { source, at: new Date(at).toISOString() } : skipToken;
  const nodes = useQuery(trpc.nodes.list.queryOptions(at === null ? input : skipToken, { refetchInterval: live ? 5_000 : false }));
  const pods = useQuery(trpc.pods.list.queryOptions(at === null ? input : skipToken, { refetchInterval: live ? 2_000 : false }));
  const events = useQuery(
    trpc.events.list.queryOptions(atInput === skipToken ? input : atInput, { refetchInterval: live && at === null ? 10_000 : false }),
  );
  const past = useQuery(trpc.pods.at.queryOptions(atInput));
  const pastNodes = useQuery(trpc.nodes.at.queryOptions(atInput));
  const podList = at !== null ? past.data?.pods : pods.data;
  const nodeList = at !== null ? pastNodes.data?.nodes : nodes.data;
  const nodesError = at !== null ? pastNodes.error : nodes.error;
  // History is whole from the later of the two starts (pod statuses, node states).
  const sinces = [past.data?.since, pastNodes.data?.since].filter((x): x is string => !!x).sort();
  const since = past.data && pastNodes.data ? (sinces.at(-1) ?? null) : undefined;
  useEffect(() => {
    document.title = `${name} · node · podscope`;
  }, [name]);

  if (!source) return <p className={muted}>Choose a source.</p>;
  if (now === null) return <p className={muted}>Loading…</p>;
  const node = nodeList?.find((n) => n.metadata.name === name);
  if (!node) {
    return (
      <div className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">{name}</h1>
        <ErrorNote error={nodesError} action={at !== null ? "Rebuilding the nodes at that time" : "Listing nodes"} />
        {(at !== null ? pastNodes.isLoading : nodes.isLoading) && <p className={muted}>Loading…</p>}
        {at !== null && (
          <div className="flex flex-wrap items-end gap-3">
            <TimeTravelControl enabled={recording} />
            <TimeScrubber since={since ?? undefined} />
          </div>
        )}
        {at !== null && pastNodes.data && (
          <>
            <TimeTravelNote at={at} since={since} />
            <p role="alert" className="text-red-700 dark:text-red-400">
              Node {name} is not among the {pastNodes.data.nodes.length} node{pastNodes.data.nodes.length === 1 ? "" : "s"} recorded at{" "}
              {new Date(at).toLocaleString()}: it did not exist then, or its history does not reach back that far.
            </p>
          </>
        )}
        {at === null && nodes.data && (
          <p role="alert" className="text-red-700 dark:text-red-400">
            Node {name} is not among the {nodes.data.length} node{nodes.data.length === 1 ? "" : "s"} of source {info?.name ?? source}: it
            was deleted, or it belongs to another source.
          </p>
        )}
        <Link className="text-blue-700 underline dark:text-blue-300" href={withSource("/", source)}>
          Back to the overview
        </Link>
      </div>
    );
  }

  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  const roles = nodeRoles(node);
  const mine = podsOnNode(podList ?? [], name);
  const allocated = allocatedResources(node, podList ?? []);
  const nodeEvents = (events.data ?? [])
    .filter((e) => e.involvedObject.kind === "Node" && e.involvedObject.name === name)
    .sort((a, b) => eventAt(b) - eventAt(a));
  const nodeInfo = node.status?.nodeInfo ?? {};

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-semibold">
            <span className={muted}>node/</span>
            {name}
          </h1>
          <span
            data-testid="node-ready"
            className={`text-xl ${ready?.status === "True" ? "text-emerald-700 dark:text-emerald-400" : "font-semibold text-red-700 dark:text-red-400"}`}
          >
            {ready?.status === "True" ? "Ready" : "NotReady"}
          </span>
          {node.spec?.unschedulable && (
            <span data-testid="node-cordoned" className="text-xl text-amber-700 dark:text-amber-400">
              SchedulingDisabled
            </span>
          )}
          <span className={`text-sm ${muted}`}>from {info?.name ?? source}</span>
          <span className="ml-auto flex flex-wrap items-end gap-3">
            <TimeTravelControl enabled={recording} />
            {at !== null && <TimeScrubber since={since ?? undefined} />}
          </span>
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6">
          <Fact label="Roles">{roles.length ? roles.join(",") : "<none>"}</Fact>
          <Fact label="Age">{timestampSince(node.metadata.creationTimestamp as string | undefined, new Date(at ?? now))}</Fact>
          <Fact label="Kubelet">{nodeInfo.kubeletVersion ?? "—"}</Fact>
          <Fact label="Runtime">{nodeInfo.containerRuntimeVersion ?? "—"}</Fact>
          <Fact label="Pod CIDR">
            <span className="font-mono">{node.spec?.podCIDR ?? "—"}</span>
          </Fact>
          <Fact label="Addresses">
            {(node.status?.addresses ?? []).length === 0
              ? "—"
              : (node.status?.addresses ?? []).map((a) => (
                  <span key={`${a.type}=${a.address}`} className="block">
                    <span className={`font-normal ${muted}`}>{a.type}</span> <span className="font-mono">{a.address}</span>
                  </span>
                ))}
          </Fact>
        </dl>
      </header>
      <ErrorNote error={at !== null ? past.error : pods.error} action={at !== null ? "Rebuilding the pods at that time" : "Listing pods"} />
      {at !== null && <TimeTravelNote at={at} since={since} />}
      <Panel
        title="Conditions"
        explain={
          <p>
            The kubelet reports each condition with a heartbeat. For <b>Ready</b>, True is healthy; for the pressure conditions (
            <b>MemoryPressure</b>, <b>DiskPressure</b>, <b>PIDPressure</b>) and <b>NetworkUnavailable</b>, True is the problem.{" "}
            <b>Unknown</b> means the node controller stopped hearing from the kubelet.
          </p>
        }
      >
        <ConditionsTable conditions={node.status?.conditions ?? []} now={at ?? now} />
      </Panel>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel
          title="Capacity and allocatable"
          explain={
            <p>
              <b>Capacity</b> is what the machine has; <b>allocatable</b> is what is left for pods after the system and kubelet reservations
              and the eviction threshold.
            </p>
          }
        >
          <CapacityTable node={node} />
        </Panel>
        <Panel
          title="Requests allocated"
          explain={
            <p>
              The sums of the requests and limits of the node's non-terminated pods, against allocatable — the "Allocated resources" of{" "}
              <code>kubectl describe node</code>. The scheduler admits a pod only if its requests still fit; limits may add up past 100%
              (overcommit), which is allowed.
            </p>
          }
        >
          <AllocatedSection rows={allocated} />
        </Panel>
      </div>
      <Panel
        title="Taints"
        explain={
          <p>
            A taint keeps pods away unless they tolerate it. Cordoning a node adds <code>node.kubernetes.io/unschedulable:NoSchedule</code>.
          </p>
        }
      >
        <TaintsList node={node} />
      </Panel>
      <Panel
        title={
          namespace
            ? `Pods in ${namespace} (${mine.filter((p) => inNamespace(namespace, p.metadata.namespace)).length} of ${mine.length})`
            : `Pods (${mine.length})`
        }
        actions={<NamespaceSelect namespaces={[...new Set(mine.map((p) => p.metadata.namespace ?? ""))].sort()} />}
        explain={
          <p>
            Pods bound to this node that have not finished (Succeeded and Failed pods release their requests). Requests are effective
            requests: a limit without a request counts as the request.
          </p>
        }
      >
        <PodsTable pods={mine.filter((p) => inNamespace(namespace, p.metadata.namespace))} now={at ?? now} source={source} at={at} />
      </Panel>
      {/* What the node's pods use, from the node itself; not recorded, so shown for now only (not at a past ?at=). */}
      {info?.capabilities.canInspectNode && at === null && <NodeCgroups node={name} source={info} live={live} />}
      <Panel title="Events">
        <ErrorNote error={events.error} action="Listing events" />
        <NodeEvents events={nodeEvents} now={at ?? now} />
      </Panel>
    </div>
  );
}
