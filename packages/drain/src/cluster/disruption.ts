// The disruption controller: keeps each PDB's status (expectedPods, currentHealthy, desiredHealthy,
// disruptionsAllowed, disruptedPods) in step with its pods. A pod event marks the PDBs selecting the pod dirty;
// one queued sync recomputes them all, as the controller's work queue collapses repeated keys.
import type { OwnerReference } from "@podscope/core";
import { computePdbStatus, DISRUPTED_POD_TIMEOUT_SECONDS } from "../pdb";
import { controllerOf } from "../pod-facts";
import type { ClusterState, SimPdb, SimPod } from "./state";

export class DisruptionController {
  private readonly dirty = new Set<SimPdb>();
  private syncQueued = false;

  constructor(private readonly c: ClusterState) {
    c.addHandler({ updated: (p) => this.podChanged(p) });
  }

  /** The status each PDB starts from: the snapshot's, else one computed now. */
  start(): void {
    for (const d of this.c.pdbs) this.initStatus(d);
  }

  /** The scale the disruption controller finds for a controller: Deployment via its ReplicaSet, ReplicaSet, StatefulSet. */
  readonly scaleOf = (ref: OwnerReference, ns: string): number | undefined => {
    const c = this.c;
    if (ref.kind === "ReplicaSet") {
      const rs = c.workload("ReplicaSet", ns, ref.name);
      if (!rs) return undefined;
      const owner = controllerOf(rs);
      if (owner && owner.kind === "Deployment") {
        const dep = c.workload("Deployment", ns, owner.name);
        return dep ? (dep.spec?.replicas ?? 1) : undefined;
      }
      return rs.spec?.replicas ?? 1;
    }
    if (ref.kind === "StatefulSet") {
      const s = c.workload("StatefulSet", ns, ref.name);
      return s ? (s.spec?.replicas ?? 1) : undefined;
    }
    return undefined;
  };

  private podChanged(p: SimPod): void {
    for (const d of this.c.pdbsFor(p)) this.dirty.add(d);
    if (this.dirty.size > 0) this.queueSync();
  }

  private initStatus(d: SimPdb): void {
    const c = this.c;
    const obj = d.obj;
    if (obj.status) {
      // What the API server has is what evictions see, until the disruption controller next syncs.
      const s = obj.status;
      d.observedGeneration = s.observedGeneration ?? 0;
      d.disruptionsAllowed = s.disruptionsAllowed ?? 0;
      d.currentHealthy = s.currentHealthy ?? 0;
      d.desiredHealthy = s.desiredHealthy ?? 0;
      d.expectedPods = s.expectedPods ?? 0;
      for (const [name, at] of Object.entries(s.disruptedPods ?? {})) {
        const t = (Date.parse(at) - c.nowMs) / 1000;
        d.disruptedPods.set(name, t);
        // An entry stops counting after DISRUPTED_POD_TIMEOUT_SECONDS: the controller re-syncs then.
        c.at(Math.max(0, t + DISRUPTED_POD_TIMEOUT_SECONDS) + 0.001, true, () => {
          this.dirty.add(d);
          this.queueSync();
        });
      }
      d.reason = s.conditions?.find((x) => x.type === "DisruptionAllowed")?.reason ?? "";
      if (d.observedGeneration < d.generation) {
        this.dirty.add(d);
        this.queueSync(1);
      }
    } else {
      this.sync(d, false);
    }
    c.sample(d);
  }

  private sync(d: SimPdb, record = true): void {
    const c = this.c;
    const s = computePdbStatus(d.obj, c.pdbPodViews(d), d.disruptedPods, c.t, this.scaleOf);
    const before = `${d.desiredHealthy}/${d.currentHealthy}/${d.disruptionsAllowed}/${d.expectedPods}/${d.observedGeneration}`;
    d.expectedPods = s.expectedPods;
    d.desiredHealthy = s.desiredHealthy;
    d.currentHealthy = s.currentHealthy;
    d.disruptionsAllowed = s.disruptionsAllowed;
    d.disruptedPods = s.disruptedPods;
    d.reason = s.reason;
    d.message = s.message;
    d.observedGeneration = d.generation;
    const after = `${d.desiredHealthy}/${d.currentHealthy}/${d.disruptionsAllowed}/${d.expectedPods}/${d.observedGeneration}`;
    if (record && before !== after) {
      c.changed();
      c.record("pdb-status", `pdb/${d.key}`, pdbStatusText(d));
      c.sample(d);
    }
  }

  private queueSync(delay = 0): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    this.c.at(delay, true, () => {
      this.syncQueued = false;
      const dirty = [...this.dirty];
      this.dirty.clear();
      for (const d of dirty) this.sync(d);
    });
  }
}

export function pdbStatusText(d: {
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
  reason?: string;
  message?: string;
}): string {
  const base = `desiredHealthy=${d.desiredHealthy} currentHealthy=${d.currentHealthy} disruptionsAllowed=${d.disruptionsAllowed} expectedPods=${d.expectedPods}`;
  return d.reason === "SyncFailed" ? `${base} (SyncFailed: ${d.message})` : base;
}
