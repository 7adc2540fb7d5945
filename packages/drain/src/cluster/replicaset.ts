// The ReplicaSet controller: a pod of a ReplicaSet that starts terminating no longer counts towards its replicas,
// so a replacement is created at once (Deployments drain through their ReplicaSet).
import { createReplacement, nameSuffix } from "./replacement";
import type { ClusterState, SimPod } from "./state";

export class ReplicaSetController {
  constructor(private readonly c: ClusterState) {
    c.addHandler({
      terminating: (p) => {
        if (p.controller?.kind === "ReplicaSet") c.at(0, true, () => this.sync(p));
      },
    });
  }

  private sync(old: SimPod): void {
    const c = this.c;
    const ref = old.controller!;
    const rs = c.workload("ReplicaSet", old.namespace, ref.name);
    if (!rs) return;
    const want = rs.spec?.replicas ?? 1;
    let have = c.ownedActive("ReplicaSet", old.namespace, ref.name, false);
    while (have < want) {
      createReplacement(c, rs, old, `${ref.name}-${nameSuffix(c)}`);
      have++;
    }
  }
}
