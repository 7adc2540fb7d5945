// Turns the raw history into an ordered list of observations (time + status) and parses timestamps
// once. The current pod.status counts as the newest observation when the recorder has not stored it yet.
import type { TimelineInput } from "./timeline-types";
import type { ContainerStatus, PodStatus } from "./types";

export interface Observation {
  time: number;
  status: PodStatus;
}

/** RFC 3339 → ms, or undefined for missing/unparsable values. */
export function parseTime(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function allContainerStatuses(s: PodStatus): ContainerStatus[] {
  return [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])];
}

/** The latest timestamp written inside a status (conditions, container starts and exits, startTime). */
export function latestTimeInside(s: PodStatus): number | undefined {
  let best: number | undefined;
  const see = (v: string | null | undefined) => {
    const t = parseTime(v);
    if (t !== undefined && (best === undefined || t > best)) best = t;
  };
  see(s.startTime);
  for (const c of s.conditions ?? []) see(c.lastTransitionTime);
  for (const c of allContainerStatuses(s)) {
    see(c.state?.running?.startedAt);
    see(c.state?.terminated?.startedAt);
    see(c.state?.terminated?.finishedAt);
    see(c.lastState?.terminated?.finishedAt);
  }
  return best;
}

export interface OrderedHistory {
  obs: Observation[];
  /** The first time the recorder saw the pod gone (a null status after the last real one). */
  deletedAt?: number;
}

export function orderObservations(input: TimelineInput, warnings: string[]): OrderedHistory {
  const obs: Observation[] = [];
  const gone: number[] = [];
  const uid = input.pod.metadata.uid;
  const otherUids = new Set<string>();
  input.history.forEach((h, i) => {
    if (h && typeof h === "object" && h.uid && uid && h.uid !== uid) {
      otherUids.add(h.uid);
      return;
    }
    const t = parseTime(h?.time);
    if (t === undefined) {
      warnings.push(`history entry ${i} has an unusable time ${JSON.stringify(h?.time)}: left off the timeline`);
      return;
    }
    if (h.status === null) gone.push(t);
    else if (!h.status || typeof h.status !== "object") warnings.push(`history entry ${i} has no status: left off the timeline`);
    else obs.push({ time: t, status: h.status });
  });
  if (otherUids.size)
    warnings.push(
      `${otherUids.size === 1 ? "status records of an earlier pod" : `status records of ${otherUids.size} earlier pods`} with the same name (uid ${[...otherUids].sort().join(", ")}) are not shown`,
    );
  // Stable: equal times keep the recorder's order.
  obs.sort((a, b) => a.time - b.time);
  const current = input.pod.status;
  if (current && obs.length > 0) {
    const last = obs[obs.length - 1];
    if (JSON.stringify(last.status) !== JSON.stringify(current)) {
      // Not recorded yet: place it no earlier than the last observation and no later than now.
      const inside = latestTimeInside(current) ?? last.time;
      obs.push({ time: Math.min(Math.max(last.time, inside), Math.max(last.time, input.now.getTime())), status: current });
    }
  }
  const lastSeen = obs.length ? obs[obs.length - 1].time : -Infinity;
  const deletedAt = gone.filter((t) => t >= lastSeen).sort((a, b) => a - b)[0];
  return deletedAt === undefined ? { obs } : { obs, deletedAt };
}
