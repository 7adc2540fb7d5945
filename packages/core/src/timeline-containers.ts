// Container lanes. A container's life is a series of runs (start → exit); kubelet reports at most two
// of them in one status (state and lastState), so runs are gathered from every observation and keyed by
// their startedAt. Between an exit and the next start the container waits — that is the restart back-off.
// Runs that restartCount proves happened but no status showed us are drawn as "not observed".
import { humanDuration } from "./duration";
import { parseTime, type Observation } from "./timeline-observations";
import { pushSpan } from "./timeline-status-lanes";
import type { TimelineLane, TimelineSpan, TimelineTick } from "./timeline-types";
import type { ContainerStatus, Pod, PodStatus } from "./types";

export interface ContainerRun {
  key: string;
  /** 0 for the first start, n after the n-th restart. */
  run: number;
  start: number;
  end?: number;
  exitCode?: number;
  reason?: string;
  signal?: number;
  message?: string;
}

export interface ContainerHistory {
  name: string;
  init: boolean;
  runs: ContainerRun[];
  waits: { time: number; reason?: string; message?: string }[];
  latest?: ContainerStatus;
}

type Terminated = NonNullable<NonNullable<ContainerStatus["state"]>["terminated"]>;

function addRun(
  runs: Map<string, ContainerRun>,
  run: number,
  startedAt: string | undefined,
  t: Terminated | undefined,
  containerID: string | undefined,
): void {
  const start = parseTime(startedAt);
  const end = parseTime(t?.finishedAt);
  const anchor = start ?? end;
  if (anchor === undefined) return; // nothing to place it by
  // Each run is its own container instance: its ID names it best. Without one, kubelet's second-precision
  // startedAt can be shared by two quick runs, so the run number (from restartCount) is part of the key.
  const key = containerID ? `id:${containerID}` : `${Math.max(0, run)}|${start !== undefined ? `s:${startedAt}` : `f:${t?.finishedAt}`}`;
  let r = runs.get(key);
  if (!r) {
    r = { key, run: Math.max(0, run), start: anchor };
    runs.set(key, r);
  }
  if (t && r.end === undefined) {
    if (end !== undefined) r.end = Math.max(end, r.start);
    r.exitCode = t.exitCode;
    if (t.reason) r.reason = t.reason;
    if (t.signal) r.signal = t.signal;
    if (t.message) r.message = t.message;
  }
}

/** Gathers every container's runs and waiting sightings from all observations (or the current status alone). */
export function collectContainers(pod: Pod, obs: Observation[], current: PodStatus | undefined): ContainerHistory[] {
  const initNames = new Set((pod.spec.initContainers ?? []).map((c) => c.name));
  const order = [...(pod.spec.initContainers ?? []).map((c) => c.name), ...pod.spec.containers.map((c) => c.name)];
  const byName = new Map<string, { h: ContainerHistory; runs: Map<string, ContainerRun> }>();
  const get = (name: string, init: boolean) => {
    let e = byName.get(name);
    if (!e) {
      e = { h: { name, init, runs: [], waits: [] }, runs: new Map() };
      byName.set(name, e);
    }
    return e;
  };
  const see = (s: PodStatus, time: number | undefined) => {
    const visit = (c: ContainerStatus, init: boolean) => {
      const e = get(c.name, init || initNames.has(c.name));
      e.h.latest = c;
      if (c.state?.running) addRun(e.runs, c.restartCount, c.state.running.startedAt, undefined, c.containerID);
      if (c.state?.terminated)
        addRun(e.runs, c.restartCount, c.state.terminated.startedAt, c.state.terminated, c.state.terminated.containerID || c.containerID);
      // restartCount numbers the latest instance. While the container waits to restart, lastState *is* that
      // instance; once a new one runs (or ended and stays), lastState is the one before it.
      if (c.lastState?.terminated)
        addRun(
          e.runs,
          c.state?.waiting ? c.restartCount : c.restartCount - 1,
          c.lastState.terminated.startedAt,
          c.lastState.terminated,
          c.lastState.terminated.containerID,
        );
      if (c.state?.waiting && time !== undefined)
        e.h.waits.push({ time, reason: c.state.waiting.reason, message: c.state.waiting.message });
    };
    for (const c of s.initContainerStatuses ?? []) visit(c, true);
    for (const c of s.containerStatuses ?? []) visit(c, false);
  };
  for (const o of obs) see(o.status, o.time);
  if (obs.length === 0 && current) see(current, undefined);

  const out: ContainerHistory[] = [];
  const names = [...order, ...[...byName.keys()].filter((n) => !order.includes(n))];
  for (const name of names) {
    const e = byName.get(name);
    if (!e) continue;
    e.h.runs = [...e.runs.values()].sort((a, b) => a.start - b.start || a.run - b.run);
    out.push(e.h);
  }
  return out;
}

function runLabel(r: ContainerRun): string {
  if (r.end === undefined) return r.run === 0 ? "running" : `running (restart ${r.run})`;
  return `exit ${r.exitCode ?? "?"}${r.reason ? ` · ${r.reason}` : ""}`;
}

function s(
  start: number,
  end: number,
  state: TimelineSpan["state"],
  label: string,
  inferred: boolean,
  extra: Partial<TimelineSpan> = {},
): TimelineSpan {
  return { start, end: Math.max(start, end), open: false, state, label, inferred, ...extra };
}

function waitingSpans(out: TimelineSpan[], h: ContainerHistory, from: number, until: number, wi: { i: number }): void {
  // Waiting sightings inside [from, until) split the wait by reason; the first reason is assumed from `from`.
  let segStart = from;
  let reason: string | undefined;
  let message: string | undefined;
  let started = false;
  let inferred = true;
  while (wi.i < h.waits.length && h.waits[wi.i].time < until) {
    const w = h.waits[wi.i++];
    if (w.time < from) continue;
    if (!started) {
      reason = w.reason;
      message = w.message;
      started = true;
      inferred = w.time > from;
      continue;
    }
    if (w.reason !== reason || w.message !== message) {
      pushSpan(
        out,
        s(segStart, w.time, "waiting", reason ?? "waiting", inferred, { ...(reason ? { reason } : {}), ...(message ? { message } : {}) }),
      );
      segStart = w.time;
      reason = w.reason;
      message = w.message;
      inferred = false;
    }
  }
  if (until > segStart)
    pushSpan(
      out,
      s(segStart, until, "waiting", reason ?? "waiting", inferred, { ...(reason ? { reason } : {}), ...(message ? { message } : {}) }),
    );
}

/** The reason kubelet gave while the container waited in (from, until), the last one seen. */
function waitReasonIn(h: ContainerHistory, from: number, until: number, wi: { i: number }): { reason?: string; message?: string } {
  let found: { reason?: string; message?: string } = {};
  while (wi.i < h.waits.length && h.waits[wi.i].time < until) {
    const w = h.waits[wi.i++];
    if (w.time >= from) found = w;
  }
  return found;
}

/**
 * `firstStarted`: when kubelet's "Started" event for this container was first seen, if known — where the
 * status no longer shows the first runs, it still dates the first start.
 */
export function containerLane(h: ContainerHistory, laneStart: number, end: number, firstStarted?: number): TimelineLane {
  const spans: TimelineSpan[] = [];
  const ticks: TimelineTick[] = [];
  const wi = { i: 0 };
  const runs = h.runs;
  const latest = h.latest;
  if (runs.length === 0) {
    if (h.waits.length > 0) waitingSpans(spans, h, laneStart, end, wi);
    else if (latest?.state?.waiting) {
      const w = latest.state.waiting;
      pushSpan(
        spans,
        s(laneStart, end, "waiting", w.reason ?? "waiting", true, {
          ...(w.reason ? { reason: w.reason } : {}),
          ...(w.message ? { message: w.message } : {}),
        }),
      );
    }
  } else {
    const first = runs[0];
    const firstStart = Math.max(first.start, laneStart);
    if (first.run > 0) {
      let from = laneStart;
      if (firstStarted !== undefined && firstStarted > laneStart && firstStarted < firstStart) {
        pushSpan(spans, s(laneStart, firstStarted, "waiting", "waiting", true));
        from = firstStarted;
      }
      const note = from > laneStart ? { message: "the first start is dated by kubelet's Started event" } : {};
      pushSpan(spans, s(from, firstStart, "unobserved", `${first.run} earlier run${first.run === 1 ? "" : "s"} not observed`, true, note));
      wi.i = h.waits.findIndex((w) => w.time >= firstStart);
      if (wi.i < 0) wi.i = h.waits.length;
    } else {
      waitingSpans(spans, h, Math.min(laneStart, firstStart), firstStart, wi);
    }
    let cursor = firstStart;
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i];
      const next = runs[i + 1];
      const start = Math.max(r.start, cursor);
      const stillRunning = r.end === undefined && !next;
      const runEnd = r.end ?? (next ? next.start : end);
      const run = s(start, runEnd, "running", runLabel(r), false, {
        run: r.run,
        ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.signal ? { signal: r.signal } : {}),
        ...(r.message ? { message: r.message } : {}),
      });
      run.open = stillRunning;
      if (r.end === undefined && next) run.label = "exit not observed";
      spans.push(run);
      if (r.run > 0) ticks.push({ time: start, kind: "restart", label: `restart ${r.run}`, container: h.name, inferred: false });
      cursor = run.end;
      if (next) {
        const nextStart = Math.max(next.start, cursor);
        if (next.run > r.run + 1) {
          const n = next.run - r.run - 1;
          spans.push(s(cursor, nextStart, "unobserved", `${n} run${n === 1 ? "" : "s"} not observed`, true));
          waitReasonIn(h, cursor, nextStart, wi);
        } else if (nextStart > cursor) {
          const w = waitReasonIn(h, cursor, nextStart, wi);
          spans.push(
            s(cursor, nextStart, "backoff", `back-off ${humanDuration(nextStart - cursor)}`, false, {
              ...(w.reason ? { reason: w.reason } : {}),
              ...(w.message ? { message: w.message } : {}),
            }),
          );
        }
        cursor = nextStart;
      } else if (r.end !== undefined) {
        const waiting = latest?.state?.waiting;
        const term = latest?.state?.terminated;
        if (waiting) {
          const crash = waiting.reason === "CrashLoopBackOff" || waiting.reason === undefined;
          const tail = s(cursor, end, crash ? "backoff" : "waiting", crash ? "back-off" : (waiting.reason ?? "waiting"), false, {
            ...(waiting.reason ? { reason: waiting.reason } : {}),
            ...(waiting.message ? { message: waiting.message } : {}),
          });
          tail.open = true;
          spans.push(tail);
        } else if (!latest?.state?.running || term) {
          const tail = s(cursor, end, "terminated", `terminated · exit ${r.exitCode ?? "?"}${r.reason ? ` · ${r.reason}` : ""}`, false, {
            ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
            ...(r.reason ? { reason: r.reason } : {}),
          });
          tail.open = true;
          spans.push(tail);
        }
      }
    }
  }
  return {
    id: `${h.init ? "init" : "container"}:${h.name}`,
    kind: h.init ? "initContainer" : "container",
    label: h.init ? `init: ${h.name}` : h.name,
    container: h.name,
    spans,
    ticks,
  };
}
