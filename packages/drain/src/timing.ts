// How long things take on the virtual clock. Kubernetes does not say how long a preStop hook or an
// application's shutdown lasts, so the simulator uses the pod's own numbers where it has them and
// documented defaults otherwise; each can be overridden per pod or per workload by an annotation
// (on the pod, its controller's pod template, or the controller itself).
import type { LifecycleHandler, Pod } from "@podscope/core";

export const ANNOTATION_PREFIX = "drain.podscope.dev/";
/** Seconds from scheduling to Ready. Default: 2 s start-up + the readiness probe's initialDelaySeconds. */
export const READY_AFTER = `${ANNOTATION_PREFIX}ready-after-seconds`;
/** Seconds the preStop hook runs. Default: `sleep.seconds`, or N of an exec `sleep N`, else 0. */
export const PRESTOP = `${ANNOTATION_PREFIX}prestop-seconds`;
/** Seconds from SIGTERM to exit; "never" for a process that ignores SIGTERM. Default 1 s. */
export const EXIT_AFTER_SIGTERM = `${ANNOTATION_PREFIX}exit-after-sigterm-seconds`;

export const STARTUP_SECONDS = 2;
export const DEFAULT_EXIT_AFTER_SIGTERM = 1;
/** Endpoints controller + kube-proxy propagation after the deletionTimestamp is set. */
export const ENDPOINTS_DELAY = 1;
/** kubelet always leaves at least this much between SIGTERM and SIGKILL when preStop used up the grace period. */
export const MIN_GRACE_AFTER_PRESTOP = 2;

export type Annotations = (Record<string, string> | undefined)[];

function annotation(sources: Annotations, key: string): string | undefined {
  for (const a of sources) if (a && a[key] !== undefined) return a[key];
  return undefined;
}

function numberAnnotation(sources: Annotations, key: string): number | undefined {
  const v = annotation(sources, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function hookSeconds(h: LifecycleHandler | undefined): number {
  if (!h) return 0;
  if (h.sleep) return h.sleep.seconds;
  const cmd = (h.exec?.command ?? []).join(" ");
  const m = /\bsleep\s+(\d+(?:\.\d+)?)/.exec(cmd);
  return m ? Number(m[1]) : 0;
}

export function readyAfterSeconds(p: Pod, sources: Annotations): number {
  const a = numberAnnotation(sources, READY_AFTER);
  if (a !== undefined) return a;
  const delay = Math.max(0, ...p.spec.containers.map((c) => c.readinessProbe?.initialDelaySeconds ?? 0));
  return STARTUP_SECONDS + delay;
}

export function preStopSeconds(p: Pod, sources: Annotations): number {
  const a = numberAnnotation(sources, PRESTOP);
  if (a !== undefined) return a;
  return Math.max(0, ...p.spec.containers.map((c) => hookSeconds(c.lifecycle?.preStop)));
}

/** Infinity when the process ignores SIGTERM. */
export function exitAfterSigtermSeconds(sources: Annotations): number {
  const v = annotation(sources, EXIT_AFTER_SIGTERM);
  if (v === "never") return Infinity;
  return numberAnnotation(sources, EXIT_AFTER_SIGTERM) ?? DEFAULT_EXIT_AFTER_SIGTERM;
}

export interface TerminationPlan {
  preStopEnd: number;
  sigterm: number;
  exit: number;
  sigkill: boolean;
  exitCode: number;
}

/**
 * kubelet's killContainer timing from the moment the deletion is seen: preStop runs inside the grace period;
 * SIGTERM follows it; SIGKILL at the end of the grace period (never less than 2 s after a preStop that overran).
 */
export function terminationPlan(grace: number, preStop: number, exitAfterTerm: number): TerminationPlan {
  const sigterm = Math.min(preStop, grace);
  const killAt = preStop >= grace ? grace + MIN_GRACE_AFTER_PRESTOP : grace;
  const exitAt = sigterm + exitAfterTerm;
  if (exitAt <= killAt) return { preStopEnd: sigterm, sigterm, exit: exitAt, sigkill: false, exitCode: 143 };
  return { preStopEnd: sigterm, sigterm, exit: killAt, sigkill: true, exitCode: 137 };
}
