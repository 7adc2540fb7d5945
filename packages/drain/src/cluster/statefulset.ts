// The StatefulSet controller: pods come back under their own name once the old object is gone; OrderedReady
// (the default) goes by ordinal and waits for each to be Running and Ready, Parallel does not wait.
import { createReplacement } from "./replacement";
import type { ClusterState, SimPod } from "./state";

export class StatefulSetController {
  constructor(private readonly c: ClusterState) {
    const react = (p: SimPod) => {
      if (p.controller?.kind === "StatefulSet") c.at(0, true, () => this.sync(p.namespace, p.controller!.name));
    };
    // Any change of one of its pods resyncs the set; so does a pod's removal (again, as a separate event).
    c.addHandler({ updated: react, gone: react });
  }

  private sync(ns: string, name: string): void {
    const c = this.c;
    const sts = c.workload("StatefulSet", ns, name);
    if (!sts) return;
    const replicas = sts.spec?.replicas ?? 1;
    const ordered = sts.spec?.podManagementPolicy !== "Parallel";
    for (let i = 0; i < replicas; i++) {
      const key = `${ns}/${name}-${i}`;
      const cur = c.podByKey(key);
      if (!cur) {
        const old = c.lastPodNamed(key);
        if (!old) continue; // an ordinal the snapshot never had: not the drain's business
        createReplacement(c, sts, old, `${name}-${i}`);
        if (ordered) return;
        continue;
      }
      if (ordered && (cur.terminating || !(cur.phase === "Running" && cur.ready))) return;
    }
  }
}
