// What the fidelity suite compares, and the one place where it forgives: every identifier that must
// differ between two nodes (pod UIDs, container IDs, node names, the kubelet's cgroup root) and every
// measured duration is rewritten here; times are compared as offsets from the pod's start within
// TIME_TOLERANCE_S. Anything else that differs is a disagreement.
import type { ContainerState, ContainerStatus, KubeEvent, Pod } from "@podscope/core";

/**
 * Two timestamps agree when their offsets from the pod's start differ by at most this (they have 1 s resolution). 3 s
 * held on an idle machine; under CI's load the two nodes drifted 4 s apart in condition times that are the same
 * behaviour (sidecar's Ready=False on deletion: real 10 s, podscope 6 s), so 5 s. Behaviour that differs by more —
 * a back-off step, a restart count, a reason or message — still fails: those are compared exactly.
 */
export const TIME_TOLERANCE_S = 5;

/**
 * What each restart after a back-off adds to that tolerance. kubelet looks at a backing-off pod again only
 * when its pod worker's requeue fires (10 s with up to 50 % jitter, after a PLEG relist of up to 1 s), so
 * its restart comes up to ~7 s after the back-off step has expired; the wait itself must still be at least
 * the step (the step is compared exactly, in the CrashLoopBackOff message).
 */
export const BACKOFF_SLACK_S = 7;

/**
 * What a finished pod's sandbox teardown adds to the tolerance of its PodReadyToStartContainers=False time. kubelet
 * stops the sandbox of a pod that has ended in its pod worker's terminating pass, which starts after a PLEG relist
 * and the worker's queue — 1–2 s after the last container's end on an idle machine, and 6 s after the pod's start
 * where podscope's was at 2 s in one CI run under load (the "oom" scenario; every other time agreed within 3 s).
 */
export const TEARDOWN_SLACK_S = 5;

export interface Side {
  /** The pod's UID on this node. */
  uid: string;
  nodeName: string;
  /** The prefix of the node's cgroup paths (the real kubelet's --cgroup-root; "" for podscope). */
  cgroupRoot: string;
}

/** Rewrites the identifiers and durations of a message (status or event) so both nodes' read alike. */
export function normalizeText(s: string, side: Side): string {
  let out = s.split(side.uid).join("<uid>").split(side.nodeName).join("<node>");
  out = out.replace(/\b[0-9a-f]{64}\b/g, "<id>");
  // Pod and node addresses (probe errors name them): each node has its own subnet.
  out = out.replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:(\d+)/g, (m, port: string) => (m.startsWith("127.0.0.1:") ? m : `<ip>:${port}`));
  // Measured durations of pulls ("in 1.2s (1.2s including waiting)"), never back-off steps ("back-off 10s").
  out = out.replace(
    / in [0-9.]+(ms|s|m[0-9.]*s?) \([0-9.]+(ms|s|m[0-9.]*s?) including waiting\)/g,
    " in <duration> (<duration> including waiting)",
  );
  return out;
}

export function normalizeCgroup(path: string, side: Side): string {
  const rel = side.cgroupRoot && path.startsWith(side.cgroupRoot) ? path.slice(side.cgroupRoot.length) : path;
  return rel.split(side.uid).join("<uid>").split(side.uid.replace(/-/g, "_")).join("<uid>");
}

/** Seconds from the pod's start; undefined stays undefined (a field one node sets and the other not is a disagreement). */
export type Offset = number | undefined;

function offset(t: string | null | undefined, base: number): Offset {
  if (!t) return undefined;
  return (Date.parse(t) - base) / 1000;
}

export interface StateView {
  kind: "waiting" | "running" | "terminated" | "none";
  reason?: string;
  message?: string;
  exitCode?: number;
  signal?: number;
  startedAt?: Offset;
  finishedAt?: Offset;
}

export interface ContainerView {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: StateView;
  lastState: StateView;
}

export interface ConditionView {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime: Offset;
}

export interface PodView {
  phase?: string;
  reason?: string;
  message?: string;
  qosClass?: string;
  conditions: ConditionView[];
  initContainerStatuses: ContainerView[];
  containerStatuses: ContainerView[];
}

function stateView(s: ContainerState | undefined, base: number, side: Side): StateView {
  if (s?.waiting)
    return { kind: "waiting", reason: s.waiting.reason, message: s.waiting.message && normalizeText(s.waiting.message, side) };
  if (s?.running) return { kind: "running", startedAt: offset(s.running.startedAt, base) };
  if (s?.terminated) {
    const t = s.terminated;
    return {
      kind: "terminated",
      reason: t.reason,
      exitCode: t.exitCode,
      signal: t.signal,
      message: t.message && normalizeText(t.message, side),
      startedAt: offset(t.startedAt, base),
      finishedAt: offset(t.finishedAt, base),
    };
  }
  return { kind: "none" };
}

function containerView(c: ContainerStatus, base: number, side: Side): ContainerView {
  return {
    name: c.name,
    ready: c.ready,
    started: c.started,
    restartCount: c.restartCount,
    state: stateView(c.state, base, side),
    lastState: stateView(c.lastState, base, side),
  };
}

/** The compared projection of a pod's status. Addresses, IDs, images and startTime itself are left out. */
export function podView(p: Pod, side: Side): PodView {
  const s = p.status ?? {};
  const base = Date.parse(s.startTime ?? p.metadata.creationTimestamp ?? "");
  return {
    phase: s.phase,
    reason: s.reason,
    message: s.message && normalizeText(s.message, side),
    qosClass: s.qosClass,
    conditions: (s.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason ?? undefined,
      message: c.message ? normalizeText(c.message, side) : undefined,
      lastTransitionTime: offset(c.lastTransitionTime, base),
    })),
    initContainerStatuses: (s.initContainerStatuses ?? []).map((c) => containerView(c, base, side)),
    containerStatuses: (s.containerStatuses ?? []).map((c) => containerView(c, base, side)),
  };
}

export interface EventView {
  type?: string;
  reason?: string;
  message: string;
  fieldPath?: string;
  component?: string;
}

/** Events in the order first recorded, each (type, reason, message, object field) once: counts depend on how long one waits. */
export function eventViews(events: KubeEvent[], side: Side): EventView[] {
  const seen = new Set<string>();
  const out: EventView[] = [];
  for (const e of events) {
    const v: EventView = {
      type: e.type,
      reason: e.reason,
      message: normalizeText(e.message ?? "", side),
      fieldPath: e.involvedObject?.fieldPath,
      component: e.reportingComponent || e.source?.component,
    };
    const k = JSON.stringify(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return sortConcurrentKills(out);
}

/**
 * kubelet kills a pod's containers in one goroutine each and records each one's Killing event as its
 * goroutine starts, so a run of Killing events has no order: such a run is compared sorted.
 */
function sortConcurrentKills(events: EventView[]): EventView[] {
  const out = [...events];
  for (let i = 0; i < out.length; i++) {
    if (out[i].reason !== "Killing") continue;
    let j = i;
    while (j + 1 < out.length && out[j + 1].reason === "Killing") j++;
    out.splice(i, j - i + 1, ...out.slice(i, j + 1).sort((a, b) => a.message.localeCompare(b.message)));
    i = j;
  }
  return out;
}
