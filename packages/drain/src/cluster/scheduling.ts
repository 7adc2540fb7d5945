// The scheduler's loop over the pending pods: a created pod is tried at once; a removed pod (room freed) or an
// uncordoned node retries everything waiting, higher priority first. The placement itself is ../scheduler.ts.
import { schedule } from "../scheduler";
import type { KubeletStartup } from "./startup";
import type { ClusterState, SimPod } from "./state";

export class Scheduler {
  private rescheduleQueued = false;
  /** Where the next search over the nodes starts (kube-scheduler's round-robin over a sample of nodes). */
  private startIndex = 0;

  constructor(
    private readonly c: ClusterState,
    private readonly kubelet: KubeletStartup,
  ) {
    c.addHandler({
      created: (p) => c.at(0, true, () => this.trySchedule(p)),
      gone: () => this.queueReschedule(),
    });
  }

  queueReschedule(): void {
    const c = this.c;
    if (this.rescheduleQueued || c.pending.size === 0) return;
    this.rescheduleQueued = true;
    c.at(0, true, () => {
      this.rescheduleQueued = false;
      // The scheduling queue: higher priority first, then older first.
      const order = [...c.pending].sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
      for (const p of order) this.trySchedule(p);
    });
  }

  private trySchedule(p: SimPod): void {
    const c = this.c;
    if (p.gone || p.node || !c.pending.has(p)) return;
    const out = schedule(
      { namespace: p.namespace, labels: p.obj.metadata.labels, spec: p.obj.spec, requests: p.requests, priority: p.priority },
      c.schedNodes(),
      { startIndex: this.startIndex, antiAffinity: [...c.antiPods.values()] },
    );
    this.startIndex = out.nextStartIndex;
    if (out.node === null) {
      if (p.pendingReason !== out.message) {
        p.pendingReason = out.message;
        c.record("failed-scheduling", `pod/${p.key}`, out.message);
      }
      return;
    }
    c.pending.delete(p);
    p.pendingReason = null;
    c.bind(p, out.node);
    c.changed();
    c.record("scheduled", `pod/${p.key}`, `Successfully assigned ${p.key} to ${out.node}`);
    this.kubelet.podBound(p);
  }
}
