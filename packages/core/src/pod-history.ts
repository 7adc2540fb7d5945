// What a pod's recorded history is made of, defined once for every recorder (the local node's
// kubelet and the cluster recorder): which updates are status changes, which events belong to
// which pod incarnation, and how long history is kept.
import type { KubeEvent, Pod } from "./types";

/** How long recorded history (statuses, events, deleted pods) is kept. */
export const DEFAULT_HISTORY_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * The part of a pod whose change is "a status change": the whole `status`, plus the two facts
 * outside it that a timeline shows — the node it was bound to and the start of its deletion
 * (deletionTimestamp, set before any container is told to stop).
 *
 * Why the whole status and not a digest of phase/conditions/states: every status field is read by
 * some view (the timeline reads condition reasons and messages, a waiting container's message with
 * its back-off, startedAt and containerIDs of each run; describe reads IPs and QoS). A digest drops
 * exactly those, so a cluster timeline showed less than the local node's for the same pod.
 * Why nothing else of the object: updates that touch only metadata (resourceVersion, managedFields,
 * labels, annotations) are frequent on clusters and say nothing about the pod's life.
 * Keys are compared in sorted order, so the same status serialised differently is no change.
 */
export function statusSignature(pod: Pod): string {
  return canonicalJson({
    status: pod.status ?? {},
    nodeName: pod.spec?.nodeName ?? "",
    deletionTimestamp: pod.metadata?.deletionTimestamp ?? "",
  });
}

/** True when `next` is a status change after `prev` (no previous record: always). */
export function isStatusChange(prev: Pod | undefined, next: Pod): boolean {
  return prev === undefined || statusSignature(prev) !== statusSignature(next);
}

/**
 * Whether an event is about this pod incarnation, as kubectl decides (describe selects by
 * involvedObject.uid): by UID when both sides have one, by namespace and name only for events
 * that carry no UID. An event of an earlier pod with the same name is not this pod's.
 */
export function eventInvolves(ev: KubeEvent, pod: { namespace?: string; name?: string; uid?: string }): boolean {
  const io = ev.involvedObject ?? {};
  if (io.kind !== undefined && io.kind !== "Pod") return false;
  const ns = io.namespace ?? ev.metadata?.namespace;
  if (pod.namespace !== undefined && ns !== pod.namespace) return false;
  if (pod.uid && io.uid) return io.uid === pod.uid;
  return pod.name === undefined || io.name === pod.name;
}

function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === null || typeof x !== "object" || Array.isArray(x)) return x;
    const o = x as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}

/**
 * The pod as it was at `t` (ms) from its last known object and its recorded statuses: undefined when
 * it did not exist yet (created after t) or was already gone (deletedAt ≤ t). The status is the last
 * one recorded at or before t; the deletion shows only once it had been requested (deletionTimestamp
 * is the deadline: request time + grace period).
 */
export function podAtTime(
  pod: Pod,
  history: readonly { time: string; status: Pod["status"] | null }[],
  t: number,
  deletedAt?: string,
): Pod | undefined {
  const created = Date.parse(pod.metadata.creationTimestamp ?? "");
  if (!Number.isNaN(created) && created > t) return undefined;
  if (deletedAt !== undefined && Date.parse(deletedAt) <= t) return undefined;
  let status: Pod["status"] | undefined;
  for (const h of history) {
    if (Date.parse(h.time) > t) break;
    if (h.status) status = h.status;
  }
  if (status === undefined) return undefined; // nothing recorded by then: its state at t is unknown
  const metadata = { ...pod.metadata };
  const deadline = Date.parse(metadata.deletionTimestamp ?? "");
  if (!Number.isNaN(deadline) && deadline - (metadata.deletionGracePeriodSeconds ?? 0) * 1000 > t) {
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
  }
  return { ...pod, metadata, status };
}

/** "-15m", "-2h", "-90s" or an RFC 3339 time, as an instant (ms) relative to `now`; NaN when unreadable. */
export function parseAtTime(at: string, now: number): number {
  const rel = /^-(\d+)(s|m|h|d)$/.exec(at.trim());
  if (rel) return now - Number(rel[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as "s" | "m" | "h" | "d"];
  return /^\d{4}-\d{2}-\d{2}T/.test(at) ? Date.parse(at) : NaN;
}
