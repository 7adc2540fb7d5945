// kubelet's node-pressure eviction order (pkg/kubelet/eviction/helpers.go): which pod goes first when the
// node runs low on memory, process ids or ephemeral storage. Usage comes from the caller (stats, or a guess).
export type PressureSignal = "memory" | "pids" | "ephemeral-storage";

export interface PodUsage {
  pod: string;
  priority: number;
  /** Working-set bytes and the pod's memory request (0 when none). */
  memory?: number;
  memoryRequest?: number;
  processes?: number;
  /** Ephemeral storage bytes used (logs, writable layer, emptyDir on disk) and the request. */
  disk?: number;
  diskRequest?: number;
}

type Cmp = (a: PodUsage, b: PodUsage) => number;

const byPriority: Cmp = (a, b) => a.priority - b.priority; // lower priority goes first
const exceeds =
  (use: keyof PodUsage, req: keyof PodUsage): Cmp =>
  (a, b) => {
    const ea = ((a[use] as number) ?? 0) > ((a[req] as number) ?? 0) ? 0 : 1;
    const eb = ((b[use] as number) ?? 0) > ((b[req] as number) ?? 0) ? 0 : 1;
    return ea - eb; // pods using more than they asked for go first
  };
const overRequest =
  (use: keyof PodUsage, req: keyof PodUsage): Cmp =>
  (a, b) =>
    ((b[use] as number) ?? 0) - ((b[req] as number) ?? 0) - (((a[use] as number) ?? 0) - ((a[req] as number) ?? 0));
const byProcesses: Cmp = (a, b) => (b.processes ?? 0) - (a.processes ?? 0);

const ORDER: Record<PressureSignal, Cmp[]> = {
  memory: [exceeds("memory", "memoryRequest"), byPriority, overRequest("memory", "memoryRequest")],
  pids: [byPriority, byProcesses],
  "ephemeral-storage": [exceeds("disk", "diskRequest"), byPriority, overRequest("disk", "diskRequest")],
};

/** Pods in the order kubelet would evict them under the given pressure (first = evicted first). */
export function rankForNodePressure(signal: PressureSignal, pods: PodUsage[]): PodUsage[] {
  const cmps = ORDER[signal];
  return [...pods].sort((a, b) => {
    for (const c of cmps) {
      const v = c(a, b);
      if (v !== 0) return v;
    }
    return a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0;
  });
}

/** The evicted pod's status.message (reason `Evicted`), as kubelet writes it — trailing space included. */
export function nodePressureMessage(resource: string, threshold: string, available: string): string {
  return `The node was low on resource: ${resource}. Threshold quantity: ${threshold}, available: ${available}. `;
}
