// A node as the scheduler sees it, with its list of bound pods built only when something reads it. The sums the
// filters and scores need (requested, nonZeroRequested, podCount) are kept from the start; the list itself is read
// only to drain the node (podsOnNode) and for inter-pod anti-affinity, so a 30,000-pod snapshot does not turn
// every pod into a simulated one on every run — only the pods of the nodes looked at.
import type { PodAmounts } from "@podscope/core";
import { nonZero, type SchedNode, type SchedPod } from "../scheduler";

const NONZERO = nonZero({ cpu: 0, memory: 0 });

export class NodePods implements SchedNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  unschedulable: boolean;
  allocatable: { cpu: number; memory: number; pods: number };
  requested: PodAmounts = { cpu: 0, memory: 0 };
  nonZeroRequested: PodAmounts = { cpu: 0, memory: 0 };
  podCount = 0;
  /** Snapshot pods bound here (indexes into snapshot.pods), in snapshot order, until the list is built. */
  private readonly snapshotPods: number[] = [];
  /** Pods bound during the run while the list was not built yet, in binding order. */
  private readonly boundLater: SchedPod[] = [];
  private list: SchedPod[] | null = null;

  /** `podAt` turns a snapshot pod into its simulated pod (the same object every time it is asked). */
  constructor(
    base: Omit<SchedNode, "pods" | "requested" | "nonZeroRequested" | "podCount">,
    private readonly podAt: (index: number) => SchedPod & { gone: boolean },
  ) {
    this.name = base.name;
    this.labels = base.labels;
    this.taints = base.taints;
    this.unschedulable = base.unschedulable;
    this.allocatable = base.allocatable;
  }

  /**
   * The pods bound here and not gone: snapshot pods in snapshot order, then those bound later in binding order —
   * the order an eagerly kept list would have (a pod that went was unbound, so it is left out).
   */
  get pods(): SchedPod[] {
    if (this.list) return this.list;
    const list: SchedPod[] = [];
    for (const i of this.snapshotPods) {
      const p = this.podAt(i);
      if (!p.gone) list.push(p);
    }
    for (const p of this.boundLater) list.push(p);
    this.list = list;
    return list;
  }

  /** A snapshot pod bound here at t=0: counted now, turned into a simulated pod when the list is read. */
  addSnapshotPod(index: number, requests: PodAmounts): void {
    this.count(requests, 1);
    this.snapshotPods.push(index);
  }

  bind(p: SchedPod): void {
    this.count(p.requests, 1);
    (this.list ?? this.boundLater).push(p);
  }

  /** Only for a pod that is gone (a snapshot pod's absence from the list then follows from `gone`). */
  unbind(p: SchedPod): void {
    this.count(p.requests, -1);
    const l = this.list ?? this.boundLater;
    const i = l.indexOf(p);
    if (i >= 0) l.splice(i, 1);
  }

  private count(r: PodAmounts, sign: 1 | -1): void {
    this.requested.cpu += sign * r.cpu;
    this.requested.memory += sign * r.memory;
    this.nonZeroRequested.cpu += sign * (r.cpu || NONZERO.cpu);
    this.nonZeroRequested.memory += sign * (r.memory || NONZERO.memory);
    this.podCount += sign;
  }
}
