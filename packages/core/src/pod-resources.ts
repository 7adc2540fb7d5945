// What a pod asks of a node, as the scheduler and `kubectl describe node` count it (k8s.io/component-helpers
// resource PodRequests/PodLimits): app containers and native sidecars (restartable init containers) run together,
// while each ordinary init container runs alone beside the sidecars started before it, so the pod needs the larger
// of the two; pod overhead (RuntimeClass) comes on top. One definition for the drain simulator's scheduler and
// the web's node page.
import { bytes, cpuMillis } from "./quantity";
import type { Container, Pod, ResourceList } from "./types";

export type PodResourceName = "cpu" | "memory";
/** cpu in millicores, memory in bytes. */
export type PodAmounts = Record<PodResourceName, number>;

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

// Hot: the drain simulator sums every pod of a 30,000-pod snapshot on each run. Plain loops, no closures and no
// per-container copies (effectiveRequests' rule is applied in place by `requestOf`).
type QuantityOf = (c: Container, r: PodResourceName) => string | number | undefined;

function podAmount(spec: Pod["spec"] & { overhead?: ResourceList }, r: PodResourceName, of: QuantityOf): number {
  let running = 0;
  for (const c of spec.containers) running += amount(r, of(c, r));
  let sidecars = 0;
  let initPeak = 0;
  const inits = spec.initContainers;
  if (inits) for (const c of inits) {
    const v = amount(r, of(c, r));
    if (c.restartPolicy === "Always") { sidecars += v; running += v; }
    else initPeak = Math.max(initPeak, sidecars + v);
  }
  return Math.max(running, initPeak) + amount(r, spec.overhead?.[r]);
}

function podAmounts(pod: Pick<Pod, "spec">, of: QuantityOf): PodAmounts {
  const spec = pod.spec as Pod["spec"] & { overhead?: ResourceList };
  return { cpu: podAmount(spec, "cpu", of), memory: podAmount(spec, "memory", of) };
}

/** effectiveRequests (qos.ts) for one resource: the request if the container declares one, else its limit. */
function requestOf(c: Container, r: PodResourceName): string | number | undefined {
  const res = c.resources;
  if (!res) return undefined;
  const req = res.requests;
  return req && r in req ? req[r] : res.limits?.[r];
}

function limitOf(c: Container, r: PodResourceName): string | number | undefined {
  return c.resources?.limits?.[r];
}

/** The pod's requests; a limit without a request counts as the request (the API server defaults it so). */
export function podRequests(pod: Pick<Pod, "spec">): PodAmounts {
  return podAmounts(pod, requestOf);
}

/** The pod's limits, by the same rule (0 where no container declares one). */
export function podLimits(pod: Pick<Pod, "spec">): PodAmounts {
  return podAmounts(pod, limitOf);
}
