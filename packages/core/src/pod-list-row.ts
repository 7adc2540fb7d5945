// One pod as a pod list shows it: the kubectl columns plus what the list filters and sorts by, and
// nothing else. Computed where the Pod is (the server), so a 30,000-pod list travels as these small
// records instead of full Pods (an 18 MB SYNC became ~3 MB; parsing it was most of the time to first rows).
import { kubectlPodRow } from "./kubectl-status";
import { qosClass } from "./qos";
import type { Pod } from "./types";

export interface PodListRow {
  namespace: string;
  name: string;
  uid: string;
  /** Lets a client skip a watch event that repeats what it already has. */
  resourceVersion: string;
  ready: string;
  /** STATUS as kubectl prints it. */
  status: string;
  restartCount: number;
  /** When a container last terminated (ms since epoch), for "5 (2m ago)". */
  lastRestartMs: number | null;
  createdMs: number | null;
  qos: string;
  /** "" when unscheduled (kubectl prints <none>). */
  node: string;
  /** "" when the pod has no IP yet. */
  ip: string;
  labels: Record<string, string>;
}

function lastTermination(pod: Pod): number | null {
  let last: number | null = null;
  for (const list of [pod.status?.initContainerStatuses, pod.status?.containerStatuses]) {
    for (const c of list ?? []) {
      const at = c.lastState?.terminated?.finishedAt;
      const t = at ? Date.parse(at) : NaN;
      if (!Number.isNaN(t) && (last === null || t > last)) last = t;
    }
  }
  return last;
}

export function podListRow(pod: Pod): PodListRow {
  // The clock does not influence the STATUS/READY/RESTARTS count columns; only AGE uses it, formatted by the client.
  const k = kubectlPodRow(pod, new Date(0));
  const created = pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : NaN;
  let qos: string = pod.status?.qosClass ?? "";
  if (!qos) {
    try {
      qos = qosClass(pod);
    } catch {
      // A spec whose resources do not parse has no QoS class to show; the column stays empty.
      qos = "";
    }
  }
  return {
    namespace: pod.metadata.namespace ?? "default",
    name: k.name,
    uid: pod.metadata.uid ?? "",
    resourceVersion: pod.metadata.resourceVersion ?? "",
    ready: k.ready,
    status: k.status,
    restartCount: k.restartCount,
    lastRestartMs: lastTermination(pod),
    createdMs: Number.isNaN(created) ? null : created,
    qos,
    node: k.node === "<none>" ? "" : k.node,
    ip: k.ip === "<none>" ? "" : k.ip,
    labels: pod.metadata.labels ?? {},
  };
}
