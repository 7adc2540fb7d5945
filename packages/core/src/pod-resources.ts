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
const cpuParsed = new Map<string | number, number>();
const memoryParsed = new Map<string | number, number>();

function cpuAmount(q: string | number | undefined): number {
  if (q === undefined) return 0;
  let v = cpuParsed.get(q);
  if (v === undefined) {
    v = cpuMillis(q);
    if (cpuParsed.size < 10_000) cpuParsed.set(q, v);
  }
  return v;
}

function memoryAmount(q: string | number | undefined): number {
  if (q === undefined) return 0;
  let v = memoryParsed.get(q);
  if (v === undefined) {
    v = bytes(q);
    if (memoryParsed.size < 10_000) memoryParsed.set(q, v);
  }
  return v;
}

/**
 * A container's cpu or memory: its limit, or (`limits` false) its request — where a limit without a request
 * counts as the request, effectiveRequests' rule (qos.ts) applied in place. One function per resource: the
 * property names stay constants, which keeps these lookups fast.
 */
function cpuOf(c: Container, limits: boolean): string | number | undefined {
  const res = c.resources;
  if (!res) return undefined;
  if (!limits) {
    const req = res.requests;
    if (req && "cpu" in req) return req.cpu;
  }
  return res.limits?.cpu;
}

function memoryOf(c: Container, limits: boolean): string | number | undefined {
  const res = c.resources;
  if (!res) return undefined;
  if (!limits) {
    const req = res.requests;
    if (req && "memory" in req) return req.memory;
  }
  return res.limits?.memory;
}

// Hot: the drain simulator sums every pod of a 30,000-pod snapshot on each run. One pass over the containers
// for both resources, plain loops, no closures or per-container copies.
function podAmounts(pod: Pick<Pod, "spec">, limits: boolean): PodAmounts {
  const spec = pod.spec as Pod["spec"] & { overhead?: ResourceList };
  let cpu = 0,
    memory = 0;
  for (const c of spec.containers) {
    cpu += cpuAmount(cpuOf(c, limits));
    memory += memoryAmount(memoryOf(c, limits));
  }
  let sidecarCpu = 0,
    sidecarMemory = 0,
    initCpu = 0,
    initMemory = 0;
  const inits = spec.initContainers;
  if (inits)
    for (const c of inits) {
      const vc = cpuAmount(cpuOf(c, limits));
      const vm = memoryAmount(memoryOf(c, limits));
      if (c.restartPolicy === "Always") {
        sidecarCpu += vc;
        cpu += vc;
        sidecarMemory += vm;
        memory += vm;
      } else {
        initCpu = Math.max(initCpu, sidecarCpu + vc);
        initMemory = Math.max(initMemory, sidecarMemory + vm);
      }
    }
  const overhead = spec.overhead;
  return { cpu: Math.max(cpu, initCpu) + cpuAmount(overhead?.cpu), memory: Math.max(memory, initMemory) + memoryAmount(overhead?.memory) };
}

/** The pod's requests; a limit without a request counts as the request (the API server defaults it so). */
export function podRequests(pod: Pick<Pod, "spec">): PodAmounts {
  return podAmounts(pod, false);
}

/** The pod's limits, by the same rule (0 where no container declares one). */
export function podLimits(pod: Pick<Pod, "spec">): PodAmounts {
  return podAmounts(pod, true);
}
