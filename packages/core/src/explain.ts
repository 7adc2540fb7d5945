// "What is wrong with this pod?" — the explanation panel on the pod page. Each rule looks at the pod's
// status the way an experienced SRE would and says what is happening, why, and (for a crash loop) when
// kubelet will try again. Pure: `now` is passed in, so the UI can re-run it every second for a countdown.
import { conditionReasonDoc } from "./condition-docs";
import { backoffOf, type BackoffExplanation } from "./explain-backoff";
import { explainExitCode, type ExitCodeExplanation } from "./explain-exit";
import { humanDuration } from "./duration";
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from "./pod-defaults";
import { explainImageNeverPull, explainImagePull } from "./explain-image";
import type { Container, ContainerStatus, KubeEvent, Pod, PodStatus } from "./types";

export { explainExitCode, signalName, type ExitCodeExplanation } from "./explain-exit";
export { crashLoopWaitMs, parseGoDuration, type BackoffExplanation } from "./explain-backoff";
export { effectivePullPolicy, imageTag, type EffectivePullPolicy, type ImagePullPolicy } from "./explain-image";

export type ExplanationKind =
  | "CrashLoopBackOff"
  | "OOMKilled"
  | "ImageUnavailable"
  | "ContainerConfigError"
  | "Unschedulable"
  | "SchedulingGated"
  | "Pending"
  | "Evicted"
  | "DisruptionTarget"
  | "Terminating"
  | "TerminatingTooLong"
  | "NotReady"
  | "ExitCode";

export interface Explanation {
  kind: ExplanationKind;
  severity: "info" | "warning" | "error";
  title: string;
  detail: string;
  container?: string;
  /** Since when this has been the case (RFC 3339), when known. */
  since?: string;
  backoff?: BackoffExplanation;
  exit?: ExitCodeExplanation;
}

const IMAGE_REASONS = new Set([
  "ErrImagePull",
  "ImagePullBackOff",
  "ErrImageNeverPull",
  "InvalidImageName",
  "ImageInspectError",
  "RegistryUnavailable",
  "SignatureValidationFailed",
]);
const CONFIG_REASONS = new Set([
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "PreCreateHookError",
  "PostStartHookError",
]);

function ms(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function specContainer(pod: Pod, name: string): Container | undefined {
  return pod.spec.containers.find((c) => c.name === name) ?? pod.spec.initContainers?.find((c) => c.name === name);
}

function memoryLimit(pod: Pod, container: string): string | undefined {
  const v = specContainer(pod, container)?.resources?.limits?.memory;
  return v === undefined ? undefined : String(v);
}

function explainContainer(pod: Pod, s: ContainerStatus, init: boolean, now: Date): Explanation[] {
  const out: Explanation[] = [];
  const who = `${init ? "Init container" : "Container"} "${s.name}"`;
  const waiting = s.state?.waiting;
  const term = s.state?.terminated;
  const last = s.lastState?.terminated;

  if (waiting?.reason === "CrashLoopBackOff") {
    const b = backoffOf(s, now);
    const exit = last ? explainExitCode(last.exitCode, last.reason, last.signal) : undefined;
    const lastWords = last ? ` It last exited with code ${last.exitCode}${last.reason ? ` (${last.reason})` : ""}: ${exit!.meaning}` : "";
    const when =
      b.secondsUntilRestart === undefined
        ? ""
        : b.secondsUntilRestart > 0
          ? ` Next restart in ${humanDuration(b.secondsUntilRestart * 1000)}.`
          : " The restart is due now.";
    out.push({
      kind: "CrashLoopBackOff",
      severity: "error",
      container: s.name,
      title: `${who} keeps crashing (CrashLoopBackOff)`,
      detail: `It has restarted ${s.restartCount} time${s.restartCount === 1 ? "" : "s"}; kubelet now waits ${humanDuration(b.waitSeconds * 1000)} (back-off step ${b.step}, capped at 5m) before the next attempt.${when}${lastWords}`,
      since: last?.finishedAt,
      backoff: b,
      exit,
    });
  }

  const oom = term?.reason === "OOMKilled" ? term : last?.reason === "OOMKilled" ? last : undefined;
  if (oom) {
    const limit = memoryLimit(pod, s.name);
    out.push({
      kind: "OOMKilled",
      severity: "error",
      container: s.name,
      title: `${who} ran out of memory (OOMKilled)`,
      detail: `The kernel killed it (exit code ${oom.exitCode}) because it exceeded its memory limit${limit ? ` of ${limit}` : " (no limit set: the node itself ran short)"}. Raise the limit or reduce the program's memory use.`,
      since: oom.finishedAt,
      exit: explainExitCode(oom.exitCode, "OOMKilled", oom.signal),
    });
  }

  if (waiting?.reason && IMAGE_REASONS.has(waiting.reason)) {
    const spec = specContainer(pod, s.name);
    const image = spec?.image || s.image || "(unknown)";
    out.push({
      kind: "ImageUnavailable",
      severity: "error",
      container: s.name,
      title: `${who}: image not available (${waiting.reason})`,
      detail:
        waiting.reason === "ErrImageNeverPull"
          ? explainImageNeverPull(image, spec, waiting.message)
          : waiting.reason === "ErrImagePull" || waiting.reason === "ImagePullBackOff"
            ? explainImagePull(image, waiting.reason, waiting.message)
            : waiting.message
              ? `${waiting.message}`
              : `The image ${image} could not be pulled or found on the node.`,
    });
  }
  if (waiting?.reason && CONFIG_REASONS.has(waiting.reason)) {
    out.push({
      kind: "ContainerConfigError",
      severity: "error",
      container: s.name,
      title: `${who} cannot be created (${waiting.reason})`,
      detail: waiting.message ?? "The runtime rejected the container's configuration (missing ConfigMap/Secret, bad mount, bad command).",
    });
  }

  // A terminated container that stays terminated: explain how it ended (OOM already covered above).
  if (term && term.reason !== "OOMKilled" && (term.exitCode !== 0 || (term.signal ?? 0) > 0)) {
    const exit = explainExitCode(term.exitCode, term.reason, term.signal);
    out.push({
      kind: "ExitCode",
      severity: "warning",
      container: s.name,
      title: `${who} exited with code ${term.exitCode} (${exit.summary})`,
      detail: exit.meaning + (term.message ? ` Termination message: ${term.message}` : ""),
      since: term.finishedAt,
      exit,
    });
  }
  return out;
}

/** Status snapshots as a recorder saw them (the pod page's history), any order; `status: null` = the pod was gone. */
export type StatusHistory = readonly { time: string; status: PodStatus | null; uid?: string }[];

/**
 * Whether a running, not-ready container was ready earlier in this run (same startedAt), and how many separate
 * Ready periods it had. The recorded history counts them; without it, the Ready condition still tells: it turned
 * False after the container started, so it was True — every container ready — in between.
 */
function readyBefore(pod: Pod, s: ContainerStatus, history: StatusHistory | undefined): { periods?: number; lostAt?: string } | undefined {
  const startedAt = s.state?.running?.startedAt;
  const started = ms(startedAt);
  if (started === undefined) return undefined;
  let periods = 0;
  let lostAt: string | undefined;
  let wasReady = false;
  const records = [...(history ?? [])]
    .filter((r) => !r.uid || !pod.metadata.uid || r.uid === pod.metadata.uid)
    .sort((a, b) => (ms(a.time) ?? 0) - (ms(b.time) ?? 0));
  for (const r of records) {
    const c = r.status?.containerStatuses?.find((x) => x.name === s.name);
    if (!c || c.state?.running?.startedAt !== startedAt) continue; // another run of the container
    if (c.ready && !wasReady) periods++;
    if (!c.ready && wasReady) lostAt = r.time;
    wasReady = !!c.ready;
  }
  if (periods > 0) return { periods, lostAt };
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  const transition = ms(ready?.lastTransitionTime);
  if (ready?.status === "False" && transition !== undefined && transition > started)
    return { lostAt: ready.lastTransitionTime ?? undefined };
  return undefined;
}

/**
 * The init container the pod is waiting on, found as kubectl finds the i of Init:i/n: the first one that has not
 * completed (a started sidecar counts as done). Undefined once all have completed.
 */
function currentInitContainer(pod: Pod): { status: ContainerStatus; index: number; total: number } | undefined {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const total = pod.spec.initContainers?.length ?? statuses.length;
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i];
    if (c.state?.terminated?.exitCode === 0) continue;
    const sidecar = pod.spec.initContainers?.some((x) => x.name === c.name && x.restartPolicy === "Always");
    if (sidecar && c.started) continue;
    return { status: c, index: i, total };
  }
  return undefined;
}

/** The newest "Unhealthy" event of a container (probe failures), if the caller passed events. */
function lastProbeFailure(events: KubeEvent[] | undefined, container: string): KubeEvent | undefined {
  let best: KubeEvent | undefined;
  let bestT = -Infinity;
  for (const e of events ?? []) {
    if (e.reason !== "Unhealthy" || e.involvedObject?.fieldPath !== `spec.containers{${container}}`) continue;
    const t = ms(e.lastTimestamp) ?? ms(e.eventTime) ?? ms(e.firstTimestamp) ?? -Infinity;
    if (t >= bestT) {
      best = e;
      bestT = t;
    }
  }
  return best;
}

/**
 * Explanations for a pod at `now`, most important first. An empty list means nothing looks wrong.
 * `events` (optional, the pod's events) sharpen some of them, e.g. the probe failure behind NotReady; `history`
 * (optional, the recorded status snapshots) tells a container that lost its readiness from one never ready.
 */
export function explainPod(pod: Pod, now: Date, events?: KubeEvent[], history?: StatusHistory): Explanation[] {
  const out: Explanation[] = [];
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];

  if (status.reason === "Evicted") {
    out.push({
      kind: "Evicted",
      severity: "error",
      title: "The pod was evicted",
      detail: status.message || "kubelet evicted the pod to reclaim node resources.",
      since: conditions.find((c) => c.type === "Ready")?.lastTransitionTime,
    });
  }
  const disruption = conditions.find((c) => c.type === "DisruptionTarget" && c.status === "True");
  if (disruption) {
    const why = conditionReasonDoc(disruption.reason);
    out.push({
      kind: "DisruptionTarget",
      severity: "warning",
      title: `The pod is being disrupted (${disruption.reason ?? "DisruptionTarget"})`,
      detail: [why, disruption.message].filter(Boolean).join(" ") || "A disruption (eviction, preemption or taint) is removing this pod.",
      since: disruption.lastTransitionTime,
    });
  }

  const deletion = ms(pod.metadata.deletionTimestamp);
  if (deletion !== undefined && status.phase !== "Succeeded" && status.phase !== "Failed") {
    // deletionTimestamp is the deadline (request time + grace), not the time of the request.
    const grace =
      pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
    const requested = deletion - grace * 1000;
    const since = new Date(requested).toISOString();
    const elapsed = now.getTime() - requested;
    if (now.getTime() > deletion) {
      out.push({
        kind: "TerminatingTooLong",
        severity: "error",
        title: `Terminating for ${humanDuration(elapsed)}, ${humanDuration(now.getTime() - deletion)} past its ${humanDuration(grace * 1000)} grace period`,
        detail:
          "kubelet should have killed the containers by now. Common causes: the node is unreachable, a finalizer blocks removal, or the runtime cannot stop a process (stuck in D state).",
        since,
      });
    } else {
      out.push({
        kind: "Terminating",
        severity: "info",
        title: "Terminating",
        detail: `Deletion requested ${humanDuration(elapsed)} ago: preStop hooks run, then SIGTERM; whatever still runs gets SIGKILL in ${humanDuration(deletion - now.getTime())} (grace period ${humanDuration(grace * 1000)}).`,
        since,
      });
    }
  }

  const scheduled = conditions.find((c) => c.type === "PodScheduled");
  const initializing = currentInitContainer(pod);
  if (status.phase === "Pending" || (!status.phase && !pod.spec.nodeName)) {
    if (scheduled?.reason === "SchedulingGated") {
      out.push({
        kind: "SchedulingGated",
        severity: "info",
        title: "Waiting for scheduling gates",
        detail: scheduled.message || "spec.schedulingGates is not empty; the scheduler ignores the pod until the gates are removed.",
        since: scheduled.lastTransitionTime,
      });
    } else if (scheduled?.status === "False") {
      out.push({
        kind: "Unschedulable",
        severity: "error",
        title: `Pending: not scheduled (${scheduled.reason ?? "Unschedulable"})`,
        detail: scheduled.message || "The scheduler found no node for this pod.",
        since: scheduled.lastTransitionTime,
      });
    } else if (!pod.spec.nodeName && scheduled?.status !== "True") {
      out.push({
        kind: "Pending",
        severity: "info",
        title: "Pending: waiting for the scheduler",
        detail: "No node has been chosen yet.",
        since: pod.metadata.creationTimestamp,
      });
    } else if (initializing) {
      // kubectl's Init:i/n names no container; say which one holds the pod up and what it is doing.
      const { status: c, index, total } = initializing;
      const run = c.state?.running;
      const why = c.state?.waiting?.reason;
      if (run) {
        const started = ms(run.startedAt);
        out.push({
          kind: "Pending",
          severity: "info",
          container: c.name,
          title: `Init:${index}/${total}: init container "${c.name}" is running${started === undefined ? "" : ` (for ${humanDuration(now.getTime() - started)})`}`,
          detail: `Init containers run one at a time, in order, each to completion; ${total - index === 1 ? "this is the last one" : `this one and ${total - index - 1} more must finish`} before the app containers start.`,
          since: run.startedAt,
        });
      } else if (why && !IMAGE_REASONS.has(why) && !CONFIG_REASONS.has(why) && why !== "CrashLoopBackOff") {
        out.push({
          kind: "Pending",
          severity: "info",
          container: c.name,
          title: `Init:${index}/${total}: init container "${c.name}" is waiting (${why})`,
          detail: c.state!.waiting!.message || `It has to run to completion before the app containers start.`,
          since: status.startTime,
        });
      }
    } else {
      const waiting = (status.containerStatuses ?? []).find((c) => c.state?.waiting?.reason);
      const why = waiting?.state?.waiting?.reason;
      if (why && !IMAGE_REASONS.has(why) && !CONFIG_REASONS.has(why) && why !== "CrashLoopBackOff") {
        const started = ms(status.startTime ?? pod.metadata.creationTimestamp);
        const dur = started === undefined ? "" : ` for ${humanDuration(now.getTime() - started)}`;
        out.push({
          kind: "Pending",
          severity: "info",
          container: waiting!.name,
          title: `Pending: ${why}${dur}`,
          detail: waiting!.state!.waiting!.message || `Container "${waiting!.name}" is waiting (${why}).`,
          since: status.startTime,
        });
      }
    }
  }

  for (const s of status.initContainerStatuses ?? []) out.push(...explainContainer(pod, s, true, now));
  for (const s of status.containerStatuses ?? []) out.push(...explainContainer(pod, s, false, now));

  // Running but not ready: Services send it no traffic. Usually a readiness probe failing.
  if (status.phase === "Running" && deletion === undefined) {
    for (const s of status.containerStatuses ?? []) {
      if (!s.state?.running || s.ready) continue;
      const probe = lastProbeFailure(events, s.name);
      const hasProbe = !!pod.spec.containers.find((c) => c.name === s.name)?.readinessProbe;
      const started = ms(s.state.running.startedAt);
      const before = readyBefore(pod, s, history);
      const failure = probe?.message ? `Latest probe failure${(probe.count ?? 1) > 1 ? ` (${probe.count}×)` : ""}: ${probe.message}.` : "";
      out.push({
        kind: "NotReady",
        severity: "warning",
        container: s.name,
        title: `Container "${s.name}" is ${before ? "no longer ready" : "running but not ready"}${started !== undefined ? ` (running for ${humanDuration(now.getTime() - started)})` : ""}`,
        detail: before
          ? `It was ready ${before.periods === undefined ? "earlier" : before.periods === 1 ? "once" : `${before.periods} times`} since it started and is not now: ${hasProbe ? "its readiness probe passed, then failed again (flapping readiness)" : "kubelet took its readiness back"}.${failure ? ` ${failure}` : ""} The pod gets no Service traffic until it is ready again.`
          : failure
            ? `${failure} The pod gets no Service traffic until it passes.`
            : hasProbe
              ? "Its readiness probe has not succeeded yet; the pod gets no Service traffic until it does."
              : s.started === false
                ? "Its startup probe has not succeeded yet."
                : "kubelet reports it not ready; the pod gets no Service traffic.",
        since: before?.lostAt ?? s.state.running.startedAt,
      });
    }
  }

  const rank = { error: 0, warning: 1, info: 2 } as const;
  // Stable sort: within a severity, the order above (pod-level first, then containers in spec order) stays.
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank[a.e.severity] - rank[b.e.severity] || a.i - b.i)
    .map((x) => x.e);
}
