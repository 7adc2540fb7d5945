// QoS class of a pod (apis/core/helper/qos ComputePodQOS). Only cpu and memory count, zero
// quantities are ignored, and init containers are included. The comparison of requests and
// limits is on the pod-wide sums, as the real helper does it.
import { parseQuantity } from "./quantity";
import type { Container, Pod, ResourceList } from "./types";

export type QOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"] as const;

/**
 * The requests a container effectively has. The API server defaults a missing request to the
 * limit of the same resource; pods created on the local node never pass through it, so do that here.
 */
export function effectiveRequests(c: Container): ResourceList {
  const req: ResourceList = { ...(c.resources?.requests ?? {}) };
  for (const [k, v] of Object.entries(c.resources?.limits ?? {})) if (!(k in req)) req[k] = v;
  return req;
}

function positive(list: ResourceList | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of QOS_RESOURCES) {
    const q = list?.[r];
    if (q === undefined) continue;
    const v = parseQuantity(q);
    if (v > 0) out.set(r, v);
  }
  return out;
}

export function qosClass(pod: Pick<Pod, "spec">): QOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  for (const c of all) {
    for (const [k, v] of positive(effectiveRequests(c))) requests.set(k, (requests.get(k) ?? 0) + v);
    const lim = positive(c.resources?.limits);
    for (const [k, v] of lim) limits.set(k, (limits.get(k) ?? 0) + v);
    if (!lim.has("cpu") || !lim.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [k, v] of requests) {
      const l = limits.get(k);
      // Sums of decimal quantities: compare with a tolerance far below one millicore / one byte.
      if (l === undefined || Math.abs(l - v) > 1e-9 * Math.max(1, Math.abs(v))) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
