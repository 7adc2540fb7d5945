// The lifecycle timeline of a pod: from its status history, its events and `now`, a model of lanes
// (phase, conditions, init containers, containers, hooks, signals) made of spans and ticks, plus the
// events as markers. Pure and deterministic — same input, same model — and O(n log n) in the input size,
// so a pod with thousands of events and status changes still builds in milliseconds.
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from "./pod-defaults";
import { collectContainers, containerLane } from "./timeline-containers";
import { hookAndSignalLanes, eventMarkers } from "./timeline-events";
import { latestTimeInside, orderObservations, parseTime } from "./timeline-observations";
import { placeOccurrences } from "./timeline-occurrences";
import { conditionLanes, phaseLane } from "./timeline-status-lanes";
import { TimelineInputError, type TimelineInput, type TimelineModel } from "./timeline-types";

export * from "./timeline-types";

export function buildTimeline(input: TimelineInput): TimelineModel {
  if (!input || typeof input !== "object") throw new TimelineInputError("timeline: expected { pod, history, events, now }");
  const { pod } = input;
  if (!pod || typeof pod !== "object" || !pod.metadata || !pod.spec || !Array.isArray(pod.spec.containers)) {
    throw new TimelineInputError("timeline: `pod` must be a Pod with metadata and spec.containers");
  }
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime()))
    throw new TimelineInputError("timeline: `now` must be a valid Date");
  if (!Array.isArray(input.history)) throw new TimelineInputError("timeline: `history` must be an array (it may be empty)");
  if (!Array.isArray(input.events)) throw new TimelineInputError("timeline: `events` must be an array (it may be empty)");

  const warnings: string[] = [];
  const now = input.now.getTime();
  const { obs, deletedAt } = orderObservations(input, warnings);
  const markers = eventMarkers(input.events, warnings);
  const current = pod.status ?? obs[obs.length - 1]?.status;

  // The window: from the pod's creation (or the earliest thing known) to now (or the latest thing known).
  let firstEvent: number | undefined;
  for (const m of markers) if (firstEvent === undefined || m.firstTime < firstEvent) firstEvent = m.firstTime;
  const deadline = parseTime(pod.metadata.deletionTimestamp);
  const grace =
    pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  const earliest = [
    parseTime(pod.metadata.creationTimestamp),
    obs[0]?.time,
    firstEvent,
    parseTime(current?.startTime),
    deadline !== undefined ? deadline - grace * 1000 : undefined,
  ];
  let start = Math.min(now, ...earliest.filter((t): t is number => t !== undefined));
  const latest = [
    obs[obs.length - 1]?.time,
    markers.length ? markers[markers.length - 1].time : undefined,
    current ? latestTimeInside(current) : undefined,
  ];
  // A pod that is gone ends where it went: nothing grows past its deletion, whatever the clock says.
  const latestKnown = Math.max(...latest.filter((t): t is number => t !== undefined), start);
  const end = deletedAt !== undefined ? Math.max(deletedAt, latestKnown) : Math.max(now, latestKnown);

  // kubelet's "Started" events date first starts that statuses no longer show (sparse history).
  const firstStarted = new Map<string, number>();
  for (const mk of markers) {
    if (mk.reason !== "Started" || !mk.container) continue;
    const t = firstStarted.get(mk.container);
    if (t === undefined || mk.firstTime < t) firstStarted.set(mk.container, mk.firstTime);
  }
  const appStarts = pod.spec.containers.map((c) => firstStarted.get(c.name)).filter((t): t is number => t !== undefined);

  const origin = parseTime(pod.metadata.creationTimestamp) ?? start;
  const ctx = { origin, end, obs, current, ...(appStarts.length ? { firstStarted: Math.min(...appStarts) } : {}) };
  const lanes = [phaseLane(ctx), ...conditionLanes(ctx)];

  const containers = collectContainers(pod, obs, current);
  placeOccurrences(markers, containers);
  const laneStart = parseTime(obs.find((o) => o.status.startTime)?.status.startTime) ?? parseTime(current?.startTime) ?? origin;
  for (const h of containers) lanes.push(containerLane(h, laneStart, end, firstStarted.get(h.name)));
  lanes.push(...hookAndSignalLanes(pod, containers, markers, end));
  if (deletedAt !== undefined) {
    let signals = lanes.find((l) => l.kind === "signals");
    if (!signals) lanes.push((signals = { id: "signals", kind: "signals", label: "Signals", spans: [], ticks: [] }));
    signals.ticks.push({
      time: deletedAt,
      kind: "removed",
      label: "removed",
      detail: "the pod object was gone from the API at this time",
      inferred: false,
    });
  }

  // Spans may reach back before the window (a lastTransitionTime older than creation after a clock skew).
  for (const l of lanes) for (const s of l.spans) if (s.start < start) start = s.start;
  return deletedAt !== undefined ? { start, end, now, deletedAt, lanes, markers, warnings } : { start, end, now, lanes, markers, warnings };
}
