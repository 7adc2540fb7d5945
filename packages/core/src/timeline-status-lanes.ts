// The phase lane and one lane per condition. Observed changes are placed at the time the status says
// they happened (lastTransitionTime) when that agrees with what the recorder saw; before the first
// observation, what can be known is rebuilt from the timestamps inside the first status.
import { POD_CONDITION_TYPES } from "./condition-docs";
import { parseTime, type Observation } from "./timeline-observations";
import type { PhaseSpanState, SpanState, TimelineLane, TimelineSpan } from "./timeline-types";
import type { ContainerStatus, PodCondition, PodStatus } from "./types";

// kubelet writes these from the pod's first status sync on, starting False: before a first True we know it was False.
const KUBELET_CONDITIONS = new Set(["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"]);

export interface StatusLaneContext {
  /** Where the pod's life starts on the timeline (creation, else the earliest thing we know). */
  origin: number;
  end: number;
  obs: Observation[];
  current: PodStatus | undefined;
  /** The earliest "Started" event of an app container, if events say; dates Running when statuses cannot. */
  firstStarted?: number;
}

/** Appends a span, merging it into the previous one when the state and words are the same. */
export function pushSpan(spans: TimelineSpan[], s: TimelineSpan): void {
  if (s.end < s.start) s.end = s.start;
  const prev = spans[spans.length - 1];
  if (
    prev &&
    prev.state === s.state &&
    prev.reason === s.reason &&
    prev.message === s.message &&
    prev.end >= s.start - 1 &&
    prev.run === s.run
  ) {
    prev.end = Math.max(prev.end, s.end);
    prev.open = s.open;
    return;
  }
  spans.push(s);
}

function span(
  start: number,
  end: number,
  state: SpanState,
  label: string,
  inferred: boolean,
  extra: Partial<TimelineSpan> = {},
): TimelineSpan {
  return { start, end, open: false, state, label, inferred, ...extra };
}

function runStarts(c: ContainerStatus): number[] {
  return [c.state?.running?.startedAt, c.state?.terminated?.startedAt, c.lastState?.terminated?.startedAt]
    .map(parseTime)
    .filter((t): t is number => t !== undefined);
}

/** Rebuilds the phase history up to `until` from one status (no observations before it). */
function reconstructPhase(s: PodStatus, from: number, until: number, firstStarted?: number): TimelineSpan[] {
  const phase: PhaseSpanState = (s.phase as PhaseSpanState) ?? "Pending";
  const out: TimelineSpan[] = [];
  if (phase === "Pending" || phase === "Unknown") {
    if (until > from) out.push(span(from, until, phase, phase, true));
    return out;
  }
  const containers = s.containerStatuses ?? [];
  let runStart: number | undefined;
  let allRunsSeen = true;
  for (const c of containers) {
    const starts = runStarts(c);
    for (const t of starts) runStart = runStart === undefined ? t : Math.min(runStart, t);
    // One status shows at most two runs (see timeline-containers): with more restarts than that, the first
    // start is earlier than any we can see.
    const visibleBefore = c.state?.waiting ? 0 : c.lastState?.terminated ? 1 : 0;
    if (c.restartCount > visibleBefore) allRunsSeen = false;
  }
  if (!allRunsSeen || runStart === undefined) {
    const init = s.conditions?.find((c) => c.type === "Initialized" && c.status === "True");
    runStart = firstStarted ?? parseTime(init?.lastTransitionTime) ?? parseTime(s.startTime) ?? runStart ?? from;
  }
  runStart = Math.min(Math.max(runStart, from), until);
  let terminalAt: number | undefined;
  if (phase === "Succeeded" || phase === "Failed") {
    for (const c of [...containers, ...(s.initContainerStatuses ?? [])]) {
      const f = parseTime(c.state?.terminated?.finishedAt);
      if (f !== undefined && (terminalAt === undefined || f > terminalAt)) terminalAt = f;
    }
    terminalAt = Math.min(Math.max(terminalAt ?? until, runStart), until);
  }
  if (runStart > from) out.push(span(from, runStart, "Pending", "Pending", true));
  const runEnd = terminalAt ?? until;
  if (runEnd > runStart) out.push(span(runStart, runEnd, "Running", "Running", true));
  if (terminalAt !== undefined && until > terminalAt) out.push(span(terminalAt, until, phase, phase, true));
  return out;
}

export function phaseLane(ctx: StatusLaneContext): TimelineLane {
  const spans: TimelineSpan[] = [];
  const { obs, end } = ctx;
  if (obs.length === 0) {
    if (ctx.current) for (const s of reconstructPhase(ctx.current, ctx.origin, end, ctx.firstStarted)) pushSpan(spans, s);
  } else {
    for (const s of reconstructPhase(obs[0].status, ctx.origin, obs[0].time, ctx.firstStarted)) pushSpan(spans, s);
    let current: PhaseSpanState | undefined;
    let since = obs[0].time;
    for (const o of obs) {
      const p = (o.status.phase as PhaseSpanState) ?? current ?? "Pending";
      if (p !== current) {
        if (current) pushSpan(spans, span(since, o.time, current, current, false));
        current = p;
        since = o.time;
      }
    }
    if (current) pushSpan(spans, span(since, end, current, current, false));
  }
  if (spans.length) spans[spans.length - 1].open = true;
  return { id: "phase", kind: "phase", label: "Phase", spans, ticks: [] };
}

function conditionSpan(c: PodCondition, start: number, end: number, inferred: boolean): TimelineSpan {
  return span(start, end, c.status, c.reason ? `${c.status} · ${c.reason}` : c.status, inferred, {
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  });
}

function conditionTypes(ctx: StatusLaneContext): string[] {
  const seen = new Set<string>();
  for (const o of ctx.obs) for (const c of o.status.conditions ?? []) seen.add(c.type);
  for (const c of ctx.current?.conditions ?? []) seen.add(c.type);
  const builtIn = POD_CONDITION_TYPES.filter((t) => seen.has(t));
  return [...builtIn, ...[...seen].filter((t) => !(POD_CONDITION_TYPES as readonly string[]).includes(t))];
}

function conditionLane(type: string, ctx: StatusLaneContext): TimelineLane {
  const spans: TimelineSpan[] = [];
  const startTime = (s: PodStatus) => parseTime(s.startTime) ?? ctx.origin;
  // The first sighting: its lastTransitionTime (if not after the sighting) says since when it has held.
  const first = (c: PodCondition, seenAt: number, s: PodStatus) => {
    const t = parseTime(c.lastTransitionTime);
    const start = t !== undefined && t <= seenAt ? t : seenAt;
    const from = startTime(s);
    if (KUBELET_CONDITIONS.has(type) && c.status === "True" && t !== undefined && from < start) {
      pushSpan(
        spans,
        span(from, start, "False", "False", true, {
          message: "kubelet reports this condition False until it first turns True; not observed",
        }),
      );
    }
    return { cond: c, start, inferred: t === undefined || t > seenAt };
  };

  if (ctx.obs.length === 0) {
    const c = ctx.current?.conditions?.find((x) => x.type === type);
    if (c) {
      const f = first(c, ctx.end, ctx.current!);
      const s = conditionSpan(c, f.start, ctx.end, f.inferred);
      s.open = true;
      pushSpan(spans, s);
    }
  } else {
    let cur: { cond: PodCondition; start: number; inferred: boolean } | undefined;
    let prevTime = -Infinity;
    for (const o of ctx.obs) {
      const c = o.status.conditions?.find((x) => x.type === type);
      if (!c) {
        if (cur) {
          pushSpan(spans, conditionSpan(cur.cond, cur.start, o.time, cur.inferred));
          cur = undefined;
        }
      } else if (!cur) {
        cur = first(c, o.time, o.status);
        // A condition that appears later than the first observation was seen appearing.
        if (prevTime > -Infinity) cur.start = Math.max(cur.start, prevTime);
      } else if (c.status !== cur.cond.status || c.reason !== cur.cond.reason || c.message !== cur.cond.message) {
        let at = o.time;
        const t = parseTime(c.lastTransitionTime);
        if (c.status !== cur.cond.status && t !== undefined && t > prevTime && t <= o.time) at = t;
        at = Math.max(at, cur.start);
        pushSpan(spans, conditionSpan(cur.cond, cur.start, at, cur.inferred));
        cur = { cond: c, start: at, inferred: false };
      }
      prevTime = o.time;
    }
    if (cur) {
      const s = conditionSpan(cur.cond, cur.start, ctx.end, cur.inferred);
      s.open = true;
      pushSpan(spans, s);
    }
  }
  return { id: `condition:${type}`, kind: "condition", label: type, spans, ticks: [] };
}

export function conditionLanes(ctx: StatusLaneContext): TimelineLane[] {
  return conditionTypes(ctx).map((t) => conditionLane(t, ctx));
}
