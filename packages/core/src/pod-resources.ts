// What a pod asks of a node, as the scheduler and `kubectl describe node` count it (k8s.io/component-helpers
// resource PodRequests/PodLimits): app containers and native sidecars (restartable init containers) run together,
// while each ordinary init container runs alone beside the sidecars started before it, so the pod needs the larger
// of the two; pod overhead (RuntimeClass) comes on top. One definition for the drain simulator's scheduler and
// the web's node page.
import { bytes, cpuMillis } from "./quantity";
import { effectiveRequests } from "./qos";
import type { Container, Pod, ResourceList } from "./types";

export type PodResourceName = "cpu" | "memory";
/** cpu in millicores, memory in bytes. */
export type PodAmounts = Record<PodResourceName, number>;

const RESOURCES: PodResourceName[] = ["cpu", "memory"];

// Cluster snapshots repeat the same few quantities ("250m", "512Mi") thousands of times: parse each once.
const parsed: Record<PodResourceName, Map<string | number, number>> = { cpu: new Map(), memory: new Map() };

function amount(r: PodResourceName, q: string | number | undefined): number {
  if (q === undefined) return 0;
  const cache = parsed[r];
  let v = cache.get(q);
  if (v === undefined) {
    v = r === "cpu" ? cpuMillis(q) : bytes(q);
    if (cache.size < 10_000) cache.set(q, v);
  }
  return v;
}

function podAmounts(pod: Pick<Pod, "spec">, of: (c: Container) => ResourceList | undefined): PodAmounts {
  const spec = pod.spec as Pod["spec"] & { overhead?: ResourceList };
  const out: PodAmounts = { cpu: 0, memory: 0 };
  for (const r of RESOURCES) {
    const get = (c: Container) => amount(r, of(c)?.[r]);
    let running = 0;
    for (const c of spec.containers) running += get(c);
    let sidecars = 0;
    let initPeak = 0;
    for (const c of spec.initContainers ?? []) {
      if (c.restartPolicy === "Always") { sidecars += get(c); running += get(c); }
      else initPeak = Math.max(initPeak, sidecars + get(c));
    }
    out[r] = Math.max(running, initPeak) + amount(r, spec.overhead?.[r]);
  }
  return out;
}

/** The pod's requests; a limit without a request counts as the request (the API server defaults it so). */
export function podRequests(pod: Pick<Pod, "spec">): PodAmounts {
  return podAmounts(pod, effectiveRequests);
}

/** The pod's limits, by the same rule (0 where no container declares one). */
export function podLimits(pod: Pick<Pod, "spec">): PodAmounts {
  return podAmounts(pod, (c) => c.resources?.limits);
}
