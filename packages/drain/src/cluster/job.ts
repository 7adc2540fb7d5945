// The Job controller: keeps `parallelism` pods active. With podReplacementPolicy Failed a terminating pod still
// counts until it is gone; otherwise (TerminatingOrFailed) it is replaced as soon as it starts terminating.
import type { Workload } from "../types";
import { createReplacement, nameSuffix } from "./replacement";
import type { ClusterState, SimPod } from "./state";

export class JobController {
  constructor(private readonly c: ClusterState) {
    c.addHandler({
      terminating: (p) => this.react(p, false),
      gone: (p) => this.react(p, true),
    });
  }

  private react(p: SimPod, gone: boolean): void {
    if (p.controller?.kind !== "Job") return;
    const job = this.c.workload("Job", p.namespace, p.controller.name);
    if (job && (job.spec?.podReplacementPolicy === "Failed") === gone) this.c.at(0, true, () => this.sync(p, job));
  }

  private sync(old: SimPod, job: Workload): void {
    const c = this.c;
    const want = job.spec?.parallelism ?? 1;
    const countTerminating = job.spec?.podReplacementPolicy === "Failed";
    let have = c.ownedActive("Job", old.namespace, job.metadata.name!, countTerminating);
    while (have < want) {
      createReplacement(c, job, old, `${job.metadata.name}-${nameSuffix(c)}`);
      have++;
    }
  }
}
