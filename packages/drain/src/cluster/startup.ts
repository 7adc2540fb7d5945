// The kubelet starting a pod bound to its node: containers running after STARTUP_SECONDS (or sooner, if the pod
// is Ready sooner), Ready once its readiness delay (timing.ts) has passed — unless it was deleted meanwhile.
import { readyAfterSeconds, STARTUP_SECONDS } from "../timing";
import type { ClusterState, SimPod } from "./state";

export class KubeletStartup {
  constructor(private readonly c: ClusterState) {}

  podBound(p: SimPod): void {
    const c = this.c;
    const readyAfter = readyAfterSeconds(p.obj, c.annotationSources(p));
    c.at(Math.min(STARTUP_SECONDS, readyAfter), true, () => {
      if (!p.gone && !p.terminating) {
        p.phase = "Running";
        c.changed();
        c.podChanged(p);
      }
    });
    c.at(readyAfter, true, () => {
      if (!p.gone && !p.terminating) {
        p.phase = "Running";
        this.setReady(p);
      }
    });
  }

  private setReady(p: SimPod): void {
    const c = this.c;
    if (p.ready || p.gone) return;
    p.ready = true;
    p.readyAt = c.t;
    c.record("ready", `pod/${p.key}`, `Ready on node ${p.node}`);
    c.changed();
    c.podChanged(p);
  }
}
