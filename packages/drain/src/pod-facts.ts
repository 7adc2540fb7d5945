// Small facts about pods that several rules need: identity, controller, readiness, requests.
import { cpuMillis, bytes, type Container, type OwnerReference, type Pod } from "@podscope/core";

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

export interface Requests { cpu: number; memory: number }

// Snapshots repeat the same few quantities ("250m", "512Mi") thousands of times: parse each once.
const cpuCache = new Map<string | number, number>();
const memCache = new Map<string | number, number>();

function containerRequest(c: Container, name: "cpu" | "memory"): number {
  const q = c.resources?.requests?.[name] ?? c.resources?.limits?.[name];
  if (q === undefined) return 0;
  const cache = name === "cpu" ? cpuCache : memCache;
  let v = cache.get(q);
  if (v === undefined) { v = name === "cpu" ? cpuMillis(q) : bytes(q); if (cache.size < 10_000) cache.set(q, v); }
  return v;
}

/**
 * The scheduler's view of what a pod asks for: the sum over regular containers (and sidecar init containers),
 * or the largest init container if that is bigger, plus overhead. A limit without a request counts as the request
 * (the API server defaults it that way).
 */
export function podRequests(p: Pod): Requests {
  const r = { cpu: 0, memory: 0 };
  for (const k of ["cpu", "memory"] as const) {
    let sum = 0;
    for (const c of p.spec.containers) sum += containerRequest(c, k);
    let sidecars = 0, initMax = 0;
    for (const c of p.spec.initContainers ?? []) {
      const v = containerRequest(c, k);
      if (c.restartPolicy === "Always") { sidecars += v; initMax = Math.max(initMax, sidecars); }
      else initMax = Math.max(initMax, sidecars + v);
    }
    const overhead = (p.spec.overhead as Record<string, string> | undefined)?.[k];
    r[k] = Math.max(sum + sidecars, initMax) + (overhead ? (k === "cpu" ? cpuMillis(overhead) : bytes(overhead)) : 0);
  }
  return r;
}

/** Default terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_SECONDS = 30;
