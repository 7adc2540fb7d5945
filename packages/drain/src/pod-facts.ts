// Small facts about pods that several rules need: identity, controller, readiness, requests.
import type { OwnerReference, Pod } from "@podscope/core";

export function podKey(p: { metadata: { namespace?: string; name?: string } }): string {
  return `${p.metadata.namespace ?? "default"}/${p.metadata.name}`;
}

/** namespace/name order, as the API server lists pods (etcd key order). */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function controllerOf(o: { metadata: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function isFinished(p: Pod): boolean {
  return p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
}

export function isReadyInSnapshot(p: Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

export function hasEmptyDir(p: Pod): boolean {
  return (p.spec.volumes ?? []).some((v) => v.emptyDir !== undefined && v.emptyDir !== null);
}

// A pod's requests and the default grace period are core's (the web's node page counts requests the same way).
export { podRequests, type PodAmounts as Requests } from "@podscope/core";
/** Default terminationGracePeriodSeconds (the name cluster.ts reads). */
export { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS as DEFAULT_GRACE_SECONDS } from "@podscope/core";
