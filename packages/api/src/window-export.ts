// Writing a window file from any source: the objects in scope (the whole source, a namespace or one
// pod), the recorded history and events within [from, to], the last log lines of every container (and
// of the instance before it, after a restart), and what the node showed, when the source can see it.
// Only the Source interface is used, so the local node, a cluster and an opened window export alike.
import {
  eventInvolves,
  KubeError,
  isNotFound,
  notFound,
  WINDOW_FILE_KIND,
  WINDOW_FILE_VERSION,
  WINDOW_LOG_LINES,
  windowKey,
  type KubeEvent,
  type KubeObject,
  type Pod,
  type PodDisruptionBudget,
  type WindowContainerLogs,
  type WindowFile,
  type WindowPodInspection,
} from "@podscope/core";
import type { Source, StatusRecord } from "./source";

export interface WindowScope {
  namespace?: string;
  /** One pod (in `namespace`, default "default"). */
  pod?: string;
  /** Start of the window (ms); without it, everything recorded. */
  from?: number;
  /** End of the window (ms); without it, now. */
  to?: number;
  /** Refuse a window with more pods than this; default WINDOW_EXPORT_MAX_PODS. */
  maxPods?: number;
}

/**
 * The most pods one window file holds. Each pod brings its recorded history, its events and up to
 * 1,000 log lines per container (twice after a restart), all built in memory and sent as one
 * response: a whole 30,000-pod source would be gigabytes and minutes of log reads. A namespace or a
 * time window is what a postmortem needs anyway.
 */
export const WINDOW_EXPORT_MAX_PODS = 1000;

// Inspection reads /proc and cgroupfs for each pod: kept for small scopes, where a postmortem needs it.
const INSPECT_AT_MOST = 20;
const LOG_CONCURRENCY = 8;
// A log read that hangs (a cluster's kubelet not answering) must not hold the export forever.
const LOG_TIMEOUT_MS = 15_000;
const WORKLOAD_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController"]);

export async function exportWindow(src: Source, scope: WindowScope, now: number): Promise<WindowFile> {
  const info = src.info();
  const to = scope.to ?? now;
  const namespace = scope.pod ? (scope.namespace ?? "default") : scope.namespace;
  const inNs = (o: KubeObject) => !namespace || (o.metadata.namespace ?? "default") === namespace;

  const inWindow = (ms: number) => (scope.from === undefined || ms >= scope.from) && ms <= to;
  const pods = scope.pod
    ? await src.getPod(namespace!, scope.pod).then(
        (p) => [p],
        (e: unknown) => {
          if (isNotFound(e) && src.history) return [];
          throw e;
        },
      )
    : (await src.listPods()).filter(inNs);
  // A recording source also knows the pods deleted during the window: their termination is often
  // what a postmortem is about.
  const deleted = src.history
    ? (await src.history.deletedPods()).filter(
        (d) => inNs(d.pod) && (!scope.pod || d.pod.metadata.name === scope.pod) && inWindow(Date.parse(d.deletedAt)),
      )
    : [];
  if (scope.pod && pods.length === 0 && deleted.length === 0) throw notFound("pods", scope.pod);
  const maxPods = scope.maxPods ?? WINDOW_EXPORT_MAX_PODS;
  if (pods.length + deleted.length > maxPods) throw tooLarge(pods, deleted.length, maxPods, namespace);
  const details = await Promise.all([
    ...pods.map((p) => src.podDetail(p.metadata.namespace ?? "default", p.metadata.name!)),
    ...deleted.map((d) => src.history!.podDetailByUid(d.pod.metadata.uid ?? "")),
  ]);
  const inScope = [...pods, ...deleted.map((d) => d.pod)];

  const history: WindowFile["history"] = {};
  for (const d of details) history[windowKey(d.pod)] = clipHistory(d.history, scope.from, to);
  const from =
    scope.from ??
    earliest([...inScope.map((p) => p.metadata.creationTimestamp), ...Object.values(history).flatMap((h) => h.map((r) => r.time))]) ??
    to;

  // Events: those about the pods in scope, plus (for a namespace or the whole source) the rest of its
  // events — nodes, controllers — that the window covers.
  const allEvents = await src.listEvents(namespace ? { namespace } : undefined);
  const events = allEvents.filter((e) => {
    const t = eventTime(e);
    if (t !== undefined && !inWindow(t)) return false;
    return scope.pod ? inScope.some((p) => eventInvolves(e, p.metadata)) : true;
  });

  const cluster = await src.clusterObjects().catch(() => [] as KubeObject[]);
  const nodes = await src.listNodes();
  const pdbs = cluster.filter((o): o is PodDisruptionBudget => o.kind === "PodDisruptionBudget" && inNs(o));
  const workloads = cluster.filter((o) => WORKLOAD_KINDS.has(o.kind ?? "") && inNs(o));
  const other = cluster.filter((o) => o.kind === "PriorityClass");

  return {
    kind: WINDOW_FILE_KIND,
    version: WINDOW_FILE_VERSION,
    source: { id: info.id, name: info.name, kind: info.kind },
    scope: { ...(namespace ? { namespace } : {}), ...(scope.pod ? { pod: scope.pod } : {}) },
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    takenAt: new Date(now).toISOString(),
    objects: {
      pods: pods.map((p) => withKind(p, "v1", "Pod")),
      events,
      nodes: nodes.map((n) => withKind(n, "v1", "Node")),
      pdbs,
      workloads,
      other,
      ...(deleted.length ? { deletedPods: deleted.map((d) => ({ pod: withKind(d.pod, "v1", "Pod"), deletedAt: d.deletedAt })) } : {}),
    },
    history,
    logs: await collectLogs(src, pods),
    ...(src.inspector && pods.length <= INSPECT_AT_MOST ? { inspection: await collectInspection(src, pods) } : {}),
  };
}

/** Why a window is refused: how many pods, the limit, where they are, and how to ask for less. */
function tooLarge(pods: Pod[], deleted: number, max: number, namespace: string | undefined): KubeError {
  const perNs = new Map<string, number>();
  for (const p of pods) perNs.set(p.metadata.namespace ?? "default", (perNs.get(p.metadata.namespace ?? "default") ?? 0) + 1);
  const largest = [...perNs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([ns, n]) => `${ns} (${n})`)
    .join(", ");
  const what = namespace ? `namespace ${namespace}` : "the whole source";
  const count = `${pods.length + deleted} pods (${pods.length} alive${deleted ? `, ${deleted} deleted within the window` : ""})`;
  const narrow = namespace
    ? "export one pod (podscope export -n NAMESPACE POD)"
    : `export one namespace (podscope export -n NAMESPACE; the largest: ${largest})`;
  const window = deleted ? "; a time window (--since) leaves out the pods deleted before it, not the ones alive now" : "";
  return new KubeError("RequestEntityTooLarge", `a window of ${what} would hold ${count}, more than ${max} per file: ${narrow}${window}`);
}

/** The records inside the window, plus the last one before it: the state the window opens with. */
function clipHistory(records: StatusRecord[], from: number | undefined, to: number): StatusRecord[] {
  const out: StatusRecord[] = [];
  let before: StatusRecord | undefined;
  for (const r of records) {
    const t = Date.parse(r.time);
    if (from !== undefined && t < from) {
      before = r;
      continue;
    }
    if (t <= to) out.push(r);
  }
  return before ? [before, ...out] : out;
}

function earliest(times: (string | undefined)[]): number | undefined {
  const ms = times.map((t) => Date.parse(t ?? "")).filter((t) => !Number.isNaN(t));
  return ms.length ? Math.min(...ms) : undefined;
}

function eventTime(e: KubeEvent): number | undefined {
  const t = Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "");
  return Number.isNaN(t) ? undefined : t;
}

/** Lists from a cluster carry no kind on their items; the file's objects always do. */
function withKind<T extends KubeObject>(o: T, apiVersion: string, kind: string): T {
  return o.kind ? o : { ...o, apiVersion, kind };
}

async function collectLogs(src: Source, pods: Pod[]): Promise<WindowFile["logs"]> {
  const out: WindowFile["logs"] = {};
  if (!src.logs) return out;
  const read = src.logs.bind(src);
  const jobs: (() => Promise<void>)[] = [];
  for (const pod of pods) {
    const ns = pod.metadata.namespace ?? "default",
      name = pod.metadata.name!;
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      const st = statuses.find((s) => s.name === c.name);
      // A container that never started has no log; one that restarted has the instance before too.
      if (!st || (!st.state?.running && !st.state?.terminated && !st.lastState?.terminated)) continue;
      jobs.push(async () => {
        const lines = async (previous: boolean) => {
          const got: string[] = [];
          const signal = AbortSignal.timeout(LOG_TIMEOUT_MS);
          for await (const l of read(ns, name, { container: c.name, previous, tailLines: WINDOW_LOG_LINES, signal })) got.push(l);
          return got.slice(-WINDOW_LOG_LINES);
        };
        // A log that cannot be read (rotated away, node unreachable) is simply not in the file.
        const current = await lines(false).catch(() => undefined);
        const previous = st.lastState?.terminated ? await lines(true).catch(() => undefined) : undefined;
        if (!current && !previous) return;
        const entry: WindowContainerLogs = { current: current ?? [], ...(previous ? { previous } : {}) };
        (out[windowKey(pod)] ??= {})[c.name] = entry;
      });
    }
  }
  for (let i = 0; i < jobs.length; i += LOG_CONCURRENCY) await Promise.all(jobs.slice(i, i + LOG_CONCURRENCY).map((j) => j()));
  return out;
}

async function collectInspection(src: Source, pods: Pod[]): Promise<Record<string, WindowPodInspection>> {
  const out: Record<string, WindowPodInspection> = {};
  const ins = src.inspector!;
  await Promise.all(
    pods.map(async (pod) => {
      const ref = { namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name! };
      // A pod that is gone has no cgroups or processes left: the file then simply lacks them.
      const [cg, ns, ps] = await Promise.allSettled([ins.cgroups(ref), ins.namespaces(ref), ins.processes(ref)]);
      const i: WindowPodInspection = {};
      if (cg.status === "fulfilled") i.cgroups = cg.value;
      if (ns.status === "fulfilled") i.namespaces = ns.value;
      if (ps.status === "fulfilled") i.processes = ps.value;
      if (Object.keys(i).length) out[windowKey(pod)] = i;
    }),
  );
  return out;
}
