// The eviction subresource's decision (pkg/registry/core/pod/storage/eviction.go) for one request,
// against a PDB status that the caller owns: a granted eviction decrements it in place unless dry-run.

export const MULTIPLE_PDBS = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
export const VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
export const stillProcessing = (pdb: string) => `The disruption budget ${pdb} is still being processed by the server.`;
export const budgetCause = (pdb: string, desired: number, current: number) =>
  `The disruption budget ${pdb} needs ${desired} healthy pods and has ${current} currently`;

export interface EvictablePod {
  name: string;
  phase: string;
  ready: boolean;
  terminating: boolean;
}

export interface PdbStatusView {
  name: string;
  generation: number;
  observedGeneration: number;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  unhealthyPodEvictionPolicy?: string;
  disruptedPods: Map<string, number>;
}

export type EvictionAnswer =
  { code: 201; usedBudget: boolean; reason: string } | { code: 429; message: string; cause?: string } | { code: 500; message: string };

export function evaluateEviction(pod: EvictablePod, pdbs: PdbStatusView[], now: number, dryRun = false): EvictionAnswer {
  if (pod.phase === "Succeeded" || pod.phase === "Failed" || pod.phase === "Pending" || pod.terminating)
    return { code: 201, usedBudget: false, reason: pod.terminating ? "already terminating" : `pod is ${pod.phase}` };
  if (pdbs.length > 1) return { code: 500, message: MULTIPLE_PDBS };
  if (pdbs.length === 0) return { code: 201, usedBudget: false, reason: "no PodDisruptionBudget selects the pod" };
  const pdb = pdbs[0];
  if (!pod.ready) {
    if (pdb.unhealthyPodEvictionPolicy === "AlwaysAllow")
      return { code: 201, usedBudget: false, reason: "pod is not ready and the budget's unhealthyPodEvictionPolicy is AlwaysAllow" };
    if (pdb.currentHealthy >= pdb.desiredHealthy && pdb.desiredHealthy > 0)
      return { code: 201, usedBudget: false, reason: "pod is not ready and the budget is healthy" };
  }
  if (pdb.observedGeneration < pdb.generation) return { code: 429, message: stillProcessing(pdb.name) };
  if (pdb.disruptionsAllowed <= 0)
    return { code: 429, message: VIOLATES_BUDGET, cause: budgetCause(pdb.name, pdb.desiredHealthy, pdb.currentHealthy) };
  // A dry-run request returns here: the decrement is never written, so the next request sees the same budget.
  if (dryRun) return { code: 201, usedBudget: true, reason: "within budget (dry run)" };
  pdb.disruptionsAllowed--;
  pdb.disruptedPods.set(pod.name, now);
  return { code: 201, usedBudget: true, reason: "within budget" };
}
