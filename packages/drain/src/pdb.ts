// The disruption controller's arithmetic (pkg/controller/disruption), as a pure function of the selected pods.
import type { OwnerReference, PodDisruptionBudget } from "@podscope/core";
import { matchesSelector } from "./selectors";

/** Entries of status.disruptedPods older than this are no longer subtracted (DeletionTimeout). */
export const DISRUPTED_POD_TIMEOUT_SECONDS = 120;

export interface PdbPodView {
  name: string;
  labels?: Record<string, string>;
  ready: boolean;
  terminating: boolean;
  controller?: OwnerReference;
}

/** The scale of a pod's controller as the disruption controller finds it; undefined when it finds none. */
export type ScaleOf = (controller: OwnerReference, namespace: string) => number | undefined;

export interface PdbComputed {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  /** disruptedPods still counted (seconds of virtual time at which the eviction was granted). */
  disruptedPods: Map<string, number>;
  reason: "SufficientPods" | "InsufficientPods" | "SyncFailed";
  message: string;
}

export function pdbSelects(pdb: PodDisruptionBudget, pod: { namespace: string; labels?: Record<string, string> }): boolean {
  return (pdb.metadata.namespace ?? "default") === pod.namespace && matchesSelector(pdb.spec.selector, pod.labels);
}

/** intstr.GetScaledValueFromIntOrPercent with rounding up, as the controller calls it. */
export function scaledValue(v: number | string, total: number): number {
  if (typeof v === "number") return v;
  const pct = Number(v.slice(0, -1));
  return Math.ceil((pct * total) / 100);
}

function expectedScale(pods: PdbPodView[], namespace: string, scaleOf: ScaleOf): number | string {
  const seen = new Map<string, number>();
  let last: OwnerReference | undefined;
  for (const p of pods) {
    // Pods without a controller are tolerated (the controller only warns about "unmanaged pods").
    if (!p.controller) continue;
    // A PDB's pods mostly come controller by controller: the one just seen needs no key.
    if (last && p.controller.kind === last.kind && p.controller.name === last.name) continue;
    last = p.controller;
    const id = `${p.controller.kind}/${p.controller.name}`;
    if (seen.has(id)) continue;
    const scale = scaleOf(p.controller, namespace);
    if (scale === undefined) return `found no controllers for pod "${p.name}"`;
    seen.set(id, scale);
  }
  let sum = 0;
  for (const v of seen.values()) sum += v;
  return sum;
}

/** Recompute a PDB's status from the pods it selects at virtual time `now`. */
export function computePdbStatus(
  pdb: PodDisruptionBudget,
  pods: PdbPodView[],
  disrupted: Map<string, number>,
  now: number,
  scaleOf: ScaleOf,
): PdbComputed {
  const ns = pdb.metadata.namespace ?? "default";
  const spec = pdb.spec;
  let expected = 0,
    desired = 0;
  let failure: string | undefined;
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const e = expectedScale(pods, ns, scaleOf);
    if (typeof e === "string") failure = e;
    else {
      expected = e;
      desired = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected));
    }
  } else if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === "number") {
      desired = spec.minAvailable;
      expected = pods.length;
    } else {
      const e = expectedScale(pods, ns, scaleOf);
      if (typeof e === "string") failure = e;
      else {
        expected = e;
        desired = scaledValue(spec.minAvailable, expected);
      }
    }
  }
  // Entries for pods already being deleted, gone, or older than the timeout are dropped.
  const kept = new Map<string, number>();
  for (const p of pods) {
    const at = disrupted.get(p.name);
    if (at === undefined || p.terminating) continue;
    if (at + DISRUPTED_POD_TIMEOUT_SECONDS >= now) kept.set(p.name, at);
  }
  if (failure) {
    // Fail safe: no disruption allowed while the controller cannot make sense of the pods.
    return {
      expectedPods: 0,
      desiredHealthy: 0,
      currentHealthy: 0,
      disruptionsAllowed: 0,
      disruptedPods: kept,
      reason: "SyncFailed",
      message: failure,
    };
  }
  let current = 0;
  for (const p of pods) if (!p.terminating && !kept.has(p.name) && p.ready) current++;
  let allowed = current - desired;
  if (expected <= 0 || allowed <= 0) allowed = 0;
  return {
    expectedPods: expected,
    desiredHealthy: desired,
    currentHealthy: current,
    disruptionsAllowed: allowed,
    disruptedPods: kept,
    reason: allowed > 0 ? "SufficientPods" : "InsufficientPods",
    message: "",
  };
}
