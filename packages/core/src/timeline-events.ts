// Events become markers; together with the spec's lifecycle hooks and the deletion timestamps they also
// give the hooks lane (postStart / preStop) and the signals lane (TERM, KILL, the grace window).
// kubelet reports no event when a hook succeeds or a signal is sent, so most of these are inferred from
// "Killing" events, deletion timestamps and exit codes — and marked as such.
import { humanDuration } from "./duration";
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from "./pod-defaults";
import type { ContainerHistory, ContainerRun } from "./timeline-containers";
import { parseTime } from "./timeline-observations";
import type { TimelineLane, TimelineMarker, TimelineSpan, TimelineTick } from "./timeline-types";
import type { KubeEvent, Pod } from "./types";

const FIELD_PATH = /^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/;

export function eventMarkers(events: KubeEvent[], warnings: string[]): TimelineMarker[] {
  const out: TimelineMarker[] = [];
  const ids = new Set<string>();
  events.forEach((e, i) => {
    const last =
      parseTime(e.lastTimestamp) ??
      parseTime(e.eventTime) ??
      parseTime((e.series as { lastObservedTime?: string } | undefined)?.lastObservedTime) ??
      parseTime(e.firstTimestamp) ??
      parseTime(e.metadata?.creationTimestamp);
    if (last === undefined) {
      warnings.push(`event ${e.metadata?.name ?? `#${i}`} (${e.reason ?? "no reason"}) has no usable timestamp: left off the timeline`);
      return;
    }
    const first = Math.min(parseTime(e.firstTimestamp) ?? parseTime(e.eventTime) ?? last, last);
    let id = e.metadata?.uid || e.metadata?.name || `event-${i}`;
    if (ids.has(id)) id = `${id}#${i}`;
    ids.add(id);
    const m = FIELD_PATH.exec(e.involvedObject?.fieldPath ?? "");
    const count = e.count ?? (e.series as { count?: number } | undefined)?.count ?? 1;
    out.push({
      id,
      time: last,
      firstTime: first,
      lastTime: last,
      reason: e.reason ?? "",
      message: e.message ?? "",
      count,
      type: e.type === "Warning" ? "Warning" : "Normal",
      ...(m ? { container: m[1] } : {}),
      ...(e.source?.component || e.reportingComponent ? { component: e.source?.component || e.reportingComponent } : {}),
      event: e,
    });
  });
  out.sort((a, b) => a.time - b.time || a.firstTime - b.firstTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** The run that was alive at time t (binary search over runs sorted by start). */
function runAt(runs: ContainerRun[], t: number): ContainerRun | undefined {
  let lo = 0;
  let hi = runs.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].start <= t) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return undefined;
  const r = runs[best];
  return r.end === undefined || r.end >= t ? r : undefined;
}

/** Times at which an aggregated event happened that we can name: the first and, if repeated, the last. */
function occurrences(m: TimelineMarker): number[] {
  return m.count > 1 && m.lastTime !== m.firstTime ? [m.firstTime, m.lastTime] : [m.time];
}

export function hookAndSignalLanes(pod: Pod, containers: ContainerHistory[], markers: TimelineMarker[], end: number): TimelineLane[] {
  const specs = new Map([...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => [c.name, c]));
  const hooks: TimelineSpan[] = [];
  const hookTicks: TimelineTick[] = [];
  const signalSpans: TimelineSpan[] = [];
  const signalTicks: TimelineTick[] = [];
  // One pass over the markers: lookups below are by (reason, container).
  const index = new Map<string, TimelineMarker[]>();
  for (const m of markers) {
    if (m.container === undefined) continue;
    const k = `${m.reason}\u0000${m.container}`;
    const list = index.get(k);
    if (list) list.push(m);
    else index.set(k, [m]);
  }
  const byReason = (reason: string, container: string) => index.get(`${reason}\u0000${container}`) ?? [];

  const deadline = parseTime(pod.metadata.deletionTimestamp);
  const grace =
    pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  const requested = deadline !== undefined ? deadline - grace * 1000 : undefined;
  if (deadline !== undefined && requested !== undefined) {
    signalSpans.push({
      start: requested,
      end: Math.max(requested, deadline),
      open: false,
      state: "grace",
      label: `grace period ${humanDuration(grace * 1000)}`,
      inferred: false,
      message: "From the deletion request to the deadline in metadata.deletionTimestamp; whatever still runs then gets SIGKILL.",
    });
    signalTicks.push({
      time: requested,
      kind: "deletion",
      label: "delete",
      detail: `deletion requested (deletionTimestamp − ${humanDuration(grace * 1000)})`,
      inferred: false,
    });
    signalTicks.push({
      time: deadline,
      kind: "deadline",
      label: "deadline",
      detail: "grace period ends: SIGKILL for anything still running",
      inferred: false,
    });
  }

  let anyHookSpec = false;
  for (const h of containers) {
    const spec = specs.get(h.name);
    const lifecycle = spec?.lifecycle;
    if (lifecycle?.postStart || lifecycle?.preStop) anyHookSpec = true;

    if (lifecycle?.postStart) {
      for (const r of h.runs)
        hookTicks.push({
          time: r.start,
          kind: "postStart",
          label: `postStart ${h.name}`,
          detail: "kubelet runs postStart right after the container starts",
          container: h.name,
          inferred: true,
        });
    }
    for (const m of byReason("FailedPostStartHook", h.name)) {
      for (const t of occurrences(m)) {
        const r = runAt(h.runs, t);
        hooks.push({
          start: r ? r.start : t,
          end: t,
          open: false,
          state: "hook",
          label: `postStart ${h.name} failed`,
          reason: m.reason,
          message: m.message,
          container: h.name,
          inferred: !r,
        });
      }
    }

    // Every time kubelet stopped this container: "Killing" events, or the deletion request if no event says so.
    const stops: { time: number; inferred: boolean; deletion: boolean }[] = [];
    for (const m of byReason("Killing", h.name))
      for (const t of occurrences(m)) stops.push({ time: t, inferred: false, deletion: requested !== undefined && t >= requested - 1000 });
    if (requested !== undefined && !stops.some((x) => x.deletion)) {
      const alive = runAt(h.runs, requested) ?? (h.latest?.state?.running ? h.runs[h.runs.length - 1] : undefined);
      if (alive) stops.push({ time: requested, inferred: true, deletion: true });
    }
    stops.sort((a, b) => a.time - b.time);
    const failedPreStop = byReason("FailedPreStopHook", h.name)
      .flatMap(occurrences)
      .sort((a, b) => a - b);

    for (const stop of stops) {
      const run = runAt(h.runs, stop.time);
      const graceMs = (stop.deletion ? grace : (pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS)) * 1000;
      let termAt = stop.time;
      let termInferred = stop.inferred;
      let termDetail = stop.deletion ? "SIGTERM after the deletion request" : "SIGTERM from kubelet (Killing event)";
      if (lifecycle?.preStop) {
        const failed = failedPreStop.find((t) => t >= stop.time && t <= stop.time + graceMs);
        const sleep = lifecycle.preStop.sleep?.seconds;
        let hookEnd: number;
        let known = true;
        if (failed !== undefined) hookEnd = failed;
        else if (sleep !== undefined) hookEnd = stop.time + Math.min(sleep * 1000, graceMs);
        else {
          known = false;
          hookEnd = run?.end !== undefined && run.end >= stop.time ? run.end : Math.min(stop.time + graceMs, end);
        }
        hooks.push({
          start: stop.time,
          end: hookEnd,
          open: !known && run?.end === undefined && hookEnd >= end,
          state: "hook",
          label: failed !== undefined ? `preStop ${h.name} failed` : known ? `preStop ${h.name}` : `preStop ${h.name} (end not reported)`,
          container: h.name,
          inferred: stop.inferred || !known,
          ...(failed !== undefined ? { reason: "FailedPreStopHook" } : {}),
          ...(!known
            ? { message: "kubelet does not report when preStop ends; drawn until the container stopped (or the grace deadline)" }
            : {}),
        });
        hookTicks.push({ time: stop.time, kind: "preStop", label: `preStop ${h.name}`, container: h.name, inferred: stop.inferred });
        if (known) {
          termAt = hookEnd;
          termDetail = "SIGTERM once preStop finished";
        } else if (run?.end !== undefined && run.exitCode === 143 && run.end >= stop.time) {
          // Exit 143 means SIGTERM ended the process; it exits right away, so the TERM came at the exit.
          termAt = run.end;
          termInferred = true;
          termDetail = "SIGTERM once preStop finished (inferred from exit code 143)";
        } else {
          termInferred = true;
          termDetail = "SIGTERM follows preStop; kubelet does not report when preStop ended, so it is shown at the stop request";
        }
      }
      signalTicks.push({
        time: termAt,
        kind: "TERM",
        label: `TERM ${h.name}`,
        detail: termDetail,
        container: h.name,
        inferred: termInferred,
      });
      if (run?.end !== undefined && run.exitCode === 137 && run.reason !== "OOMKilled" && run.end >= stop.time) {
        signalTicks.push({
          time: run.end,
          kind: "KILL",
          label: `KILL ${h.name}`,
          detail: `SIGKILL at the end of the ${humanDuration(graceMs)} grace period (exit code 137)`,
          container: h.name,
          inferred: false,
        });
      }
    }
  }

  const lanes: TimelineLane[] = [];
  const hookEvents = markers.some((m) => m.reason === "FailedPostStartHook" || m.reason === "FailedPreStopHook");
  if (anyHookSpec || hookEvents || hooks.length) {
    hooks.sort((a, b) => a.start - b.start);
    hookTicks.sort((a, b) => a.time - b.time);
    lanes.push({ id: "hooks", kind: "hooks", label: "Hooks", spans: hooks, ticks: hookTicks });
  }
  if (signalTicks.length || signalSpans.length) {
    signalTicks.sort((a, b) => a.time - b.time);
    lanes.push({ id: "signals", kind: "signals", label: "Signals", spans: signalSpans, ticks: signalTicks });
  }
  return lanes;
}
