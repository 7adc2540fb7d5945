// Time travel beyond pods: an event and a node as they were at an instant T, rebuilt from the
// versions a recorder kept. An event that kept repeating after T has a larger count and a later
// last time now than it had then; a node's conditions, allocatable, taints and cordon change over
// its life. Both are defined here once for every recorder and every source (pure, T passed in).
import type { KubeEvent, Node } from "./types";

/** What changes when an event repeats (client-go's aggregation or events.k8s.io's series), as recorded once. */
export interface EventVersion {
  count?: number;
  lastTimestamp?: string | null;
  series?: KubeEvent["series"];
}

/** When the event first happened (firstTimestamp, else eventTime, else its creation); NaN when it says nothing. */
export function eventFirstAt(ev: KubeEvent): number {
  return Date.parse(ev.firstTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp ?? "");
}

/** When this version of the event last happened: the series' last observation, else lastTimestamp, else its first time. */
export function eventLastAt(ev: KubeEvent | EventVersion): number {
  const last = ev.series?.lastObservedTime ?? ev.lastTimestamp;
  return last ? Date.parse(last) : "metadata" in ev ? eventFirstAt(ev) : NaN;
}

/** The parts of an event that repeating changes: a new version is recorded when one of them does. */
export function eventVersionOf(ev: KubeEvent): EventVersion {
  return {
    ...(ev.count !== undefined ? { count: ev.count } : {}),
    ...(ev.lastTimestamp ? { lastTimestamp: ev.lastTimestamp } : {}),
    ...(ev.series ? { series: ev.series } : {}),
  };
}

/** True when `next` is another version of the event than `prev` (count, last time or series moved). */
export function isEventUpdate(prev: EventVersion | undefined, next: EventVersion): boolean {
  return prev === undefined || JSON.stringify(prev) !== JSON.stringify(next);
}

/**
 * The event as it was at `t` (ms): undefined when it had not happened yet; otherwise its count and
 * last time (and series) from the last recorded version that had happened by t. `versions` are the
 * recorded versions in any order; the event itself is its latest. When no recorded version reaches
 * back to t (recorded only later), what is known is that it had happened at its first time: it is
 * shown as that first occurrence (count 1), never with counts it reached later.
 */
export function eventAtTime(ev: KubeEvent, versions: readonly EventVersion[], t: number): KubeEvent | undefined {
  const first = eventFirstAt(ev);
  if (!Number.isNaN(first) && first > t) return undefined;
  const lastNow = eventLastAt(ev);
  if (Number.isNaN(lastNow) || lastNow <= t) return ev;
  let best: EventVersion | undefined;
  for (const v of versions) {
    const at = eventLastAt(v);
    if (!Number.isNaN(at) && at <= t && (best === undefined || at >= eventLastAt(best))) best = v;
  }
  const out: KubeEvent = { ...ev };
  delete out.series;
  if (best) {
    if (best.count !== undefined) out.count = best.count;
    else delete out.count;
    out.lastTimestamp = best.lastTimestamp ?? null;
    if (best.series) out.series = best.series;
    return out;
  }
  // Happened by t, but its repetitions up to t were never recorded: the first occurrence only.
  const firstIso = ev.firstTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp ?? null;
  if (ev.count !== undefined) out.count = 1;
  if (ev.lastTimestamp) out.lastTimestamp = firstIso;
  return out;
}

/**
 * The part of a node whose change is recorded: its conditions (without lastHeartbeatTime, which the
 * kubelet moves on every status update and which says nothing new), capacity and allocatable, taints
 * and the cordon. Keys are written in one order so equal states compare equal.
 */
export interface NodeState {
  conditions: NonNullable<NonNullable<Node["status"]>["conditions"]>;
  capacity?: NonNullable<Node["status"]>["capacity"];
  allocatable?: NonNullable<Node["status"]>["allocatable"];
  taints: NonNullable<NonNullable<Node["spec"]>["taints"]>;
  unschedulable: boolean;
}

export function nodeStateOf(node: Node): NodeState {
  return {
    conditions: (node.status?.conditions ?? []).map(({ lastHeartbeatTime: _beat, ...c }) => c),
    ...(node.status?.capacity ? { capacity: node.status.capacity } : {}),
    ...(node.status?.allocatable ? { allocatable: node.status.allocatable } : {}),
    taints: node.spec?.taints ?? [],
    unschedulable: node.spec?.unschedulable ?? false,
  };
}

/** One string per node state: equal strings, no change to record. */
export function nodeStateSignature(node: Node): string {
  return JSON.stringify(nodeStateOf(node));
}

/**
 * The node as it was at `t` (ms) from its last known object and its recorded states (oldest first):
 * undefined when it did not exist yet, was already deleted, or nothing of it was recorded by t (its
 * state then is unknown). The state recorded last at or before t replaces the object's conditions,
 * capacity, allocatable, taints and cordon.
 */
export function nodeAtTime(
  node: Node,
  history: readonly { time: string; state: NodeState }[],
  t: number,
  deletedAt?: string,
): Node | undefined {
  const created = Date.parse(node.metadata.creationTimestamp ?? "");
  if (!Number.isNaN(created) && created > t) return undefined;
  if (deletedAt !== undefined && Date.parse(deletedAt) <= t) return undefined;
  let state: NodeState | undefined;
  for (const h of history) {
    if (Date.parse(h.time) > t) break;
    state = h.state;
  }
  if (!state) return undefined;
  const spec: NonNullable<Node["spec"]> = { ...node.spec };
  delete spec.taints;
  delete spec.unschedulable;
  if (state.taints.length > 0) spec.taints = state.taints;
  if (state.unschedulable) spec.unschedulable = true;
  // Heartbeats are not recorded (they move on every update): the conditions at t carry none.
  const status: NonNullable<Node["status"]> = { ...node.status, conditions: state.conditions };
  if (state.capacity) status.capacity = state.capacity;
  else delete status.capacity;
  if (state.allocatable) status.allocatable = state.allocatable;
  else delete status.allocatable;
  return { ...node, spec, status };
}

/**
 * The instant a source's "now" is: the wall clock for a live source; for a source opened from a file,
 * the moment the file was taken — so "-15m" and ages read against the window's own clock.
 */
export function sourceNow(info: { capabilities: { isLive: boolean }; takenAt?: string } | undefined, wall: number): number {
  if (!info || info.capabilities.isLive) return wall;
  const taken = Date.parse(info.takenAt ?? "");
  return Number.isNaN(taken) ? wall : taken;
}
