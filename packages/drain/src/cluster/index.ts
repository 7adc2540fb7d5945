// The simulated cluster: one state (state.ts) and the controllers that react to it — disruption controller,
// ReplicaSet, Job and StatefulSet controllers, scheduler, kubelet start-up and termination — each in its file.
// The order the controllers are created in is the order they hear a pod event in, and so the order their work
// lands on the event queue: changing it changes the run.
import { DisruptionController } from "./disruption";
import { JobController } from "./job";
import { ReplicaSetController } from "./replicaset";
import { Scheduler } from "./scheduling";
import { StatefulSetController } from "./statefulset";
import { KubeletStartup } from "./startup";
import { ClusterState, type SimPod } from "./state";
import { KubeletTermination } from "./termination";
import type { Snapshot } from "../types";

export { round, type SimNode, type SimPdb, type SimPod } from "./state";
export { pdbStatusText } from "./disruption";

export class Cluster extends ClusterState {
  private readonly disruption: DisruptionController;
  private readonly scheduler: Scheduler;
  private readonly termination: KubeletTermination;

  constructor(snapshot: Snapshot, nowMs: number) {
    super(snapshot, nowMs);
    this.disruption = new DisruptionController(this);
    new ReplicaSetController(this);
    new JobController(this);
    new StatefulSetController(this);
    this.scheduler = new Scheduler(this, new KubeletStartup(this));
    this.termination = new KubeletTermination(this);
    this.disruption.start();
  }

  /** The scale the disruption controller finds for a pod's controller. */
  get scaleOf() {
    return this.disruption.scaleOf;
  }

  /** The API server marks the pod for deletion; kubelet then runs the termination sequence. */
  deletePod(p: SimPod, graceOverride: number | undefined): void {
    this.termination.deletePod(p, graceOverride);
  }

  uncordon(node: string): void {
    this.markSchedulable(node);
    this.scheduler.queueReschedule();
  }
}
