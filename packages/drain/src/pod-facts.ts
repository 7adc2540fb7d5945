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
  const refs = o.metadata.ownerReferences;
  if (refs) for (const r of refs) if (r.controller === true) return r;
  return undefined;
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
