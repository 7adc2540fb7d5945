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

export function orderObservations(input: TimelineInput, warnings: string[]): Observation[] {
  const obs: Observation[] = [];
  input.history.forEach((h, i) => {
    const t = parseTime(h?.time);
    if (t === undefined || !h.status) {
      warnings.push(`history entry ${i} has ${h?.status ? `an unusable time ${JSON.stringify(h?.time)}` : "no status"}: left off the timeline`);
      return;
    }
    obs.push({ time: t, status: h.status });
  });
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
  return obs;
}
