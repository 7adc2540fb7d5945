// Everything compared for one scenario, from the two nodes' observations: the status at each checkpoint,
// the last status before a deleted pod was gone and how long deletion took, the event sequence, the
// cgroup parent, and two series read from the timeline — the back-off steps a crash-looping container
// showed (its CrashLoopBackOff messages) and the wait before each restart.
import type { Pod } from "@podscope/core";
import { compare, type Disagreement } from "./compare";
import {
  BACKOFF_SLACK_S,
  eventViews,
  normalizeCgroup,
  normalizeText,
  podView,
  TEARDOWN_SLACK_S,
  TIME_TOLERANCE_S,
  type Side,
} from "./normalize";
import type { Observation, Scenario } from "./runner";

function statuses(p: Pod) {
  return [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
}

/** Per container: each distinct CrashLoopBackOff message, in the order shown. */
export function backOffSteps(timeline: Pod[], side: Side): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of timeline) {
    for (const c of statuses(p)) {
      const w = c.state?.waiting;
      if (w?.reason !== "CrashLoopBackOff") continue;
      const list = (out[c.name] ??= []);
      const m = normalizeText(w.message ?? "", side);
      if (list.at(-1) !== m) list.push(m);
    }
  }
  return out;
}

/** Per container: seconds between the end of attempt n-1 and the start of attempt n, for each restart seen running. */
export function restartWaits(timeline: Pod[]): Record<string, number[]> {
  const out: Record<string, Map<number, number>> = {};
  for (const p of timeline) {
    for (const c of statuses(p)) {
      const started = c.state?.running?.startedAt ?? c.state?.terminated?.startedAt;
      const prevEnd = c.lastState?.terminated?.finishedAt;
      if (!started || !prevEnd || c.restartCount < 1) continue;
      (out[c.name] ??= new Map()).set(c.restartCount, (Date.parse(started) - Date.parse(prevEnd)) / 1000);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, m]) => [k, [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v)]));
}

function maxRestarts(p: Pod | undefined): number {
  return p ? Math.max(0, ...statuses(p).map((c) => c.restartCount)) : 0;
}

/**
 * The disagreements left once a finished pod's sandbox teardown time is given its slack (TEARDOWN_SLACK_S): its
 * PodReadyToStartContainers=False times may differ by up to `tolS` + that slack. Only that condition of a pod in
 * Succeeded or Failed, on both sides; any other time keeps the plain tolerance.
 */
export function allowTeardownSlack(d: Disagreement[], real: Pod | undefined, podscope: Pod | undefined, tolS: number): Disagreement[] {
  const ended = (p: Pod | undefined) => p?.status?.phase === "Succeeded" || p?.status?.phase === "Failed";
  if (!ended(real) || !ended(podscope)) return d;
  return d.filter((x) => {
    const m = /^conditions\[(\d+)\]\.lastTransitionTime$/.exec(x.path);
    if (!m || typeof x.real !== "number" || typeof x.podscope !== "number") return true;
    const [r, p] = [real, podscope].map((pod) => pod?.status?.conditions?.[Number(m[1])]);
    const teardown = [r, p].every((c) => c?.type === "PodReadyToStartContainers" && c.status === "False");
    return !(teardown && Math.abs(x.real - x.podscope) <= tolS + TEARDOWN_SLACK_S);
  });
}

/** Every disagreement between the two observations; times within the tolerance of normalize.ts. */
export function verdict(s: Scenario, real: Observation, podscope: Observation): Disagreement[] {
  // Times after n restarts carry n back-offs' worth of kubelet's requeue jitter.
  const tol = (p: Pod | undefined) => TIME_TOLERANCE_S + maxRestarts(p) * BACKOFF_SLACK_S;
  const at = (path: string, d: Disagreement[]) => d.map((x) => ({ ...x, path: `${path}${x.path ? `.${x.path}` : ""}` }));
  const out: Disagreement[] = [];
  s.checkpoints.forEach((c, i) => {
    out.push(
      ...at(
        `checkpoint "${c.name}"`,
        allowTeardownSlack(
          compare(podView(real.checkpoints[i], real.side), podView(podscope.checkpoints[i], podscope.side), tol(real.checkpoints[i])),
          real.checkpoints[i],
          podscope.checkpoints[i],
          tol(real.checkpoints[i]),
        ),
      ),
    );
  });
  if (real.lastBeforeGone || podscope.lastBeforeGone) {
    const [r, p] = [real.lastBeforeGone, podscope.lastBeforeGone];
    out.push(
      ...at(
        "lastBeforeGone",
        allowTeardownSlack(compare(r && podView(r, real.side), p && podView(p, podscope.side), tol(r)), r, p, tol(r)),
      ),
    );
  }
  out.push(
    ...compare(
      {
        deletionTook: real.deletionTook,
        events: eventViews(real.events, real.side),
        cgroupParent: normalizeCgroup(real.cgroupParent, real.side),
        backOffSteps: backOffSteps(real.timeline, real.side),
      },
      {
        deletionTook: podscope.deletionTook,
        events: eventViews(podscope.events, podscope.side),
        cgroupParent: normalizeCgroup(podscope.cgroupParent, podscope.side),
        backOffSteps: backOffSteps(podscope.timeline, podscope.side),
      },
      TIME_TOLERANCE_S,
    ),
  );
  out.push(
    ...compare(
      { restartWaits: restartWaits(real.timeline) },
      { restartWaits: restartWaits(podscope.timeline) },
      TIME_TOLERANCE_S + BACKOFF_SLACK_S,
    ),
  );
  return out;
}

/** A disagreement the scenario declares (podscope behaves differently and the fix is not made yet), with why. */
export interface Known {
  path: RegExp;
  why: string;
}

/** Splits disagreements into declared and unexplained ones, and lists declared ones that no longer occur. */
export function triage(d: Disagreement[], known: Known[] = []): { unexplained: Disagreement[]; declared: Disagreement[]; stale: Known[] } {
  const isKnown = (x: Disagreement) => known.some((k) => k.path.test(x.path));
  return {
    unexplained: d.filter((x) => !isKnown(x)),
    declared: d.filter(isKnown),
    stale: known.filter((k) => !d.some((x) => k.path.test(x.path))),
  };
}
