// A pod deletion: the API server sets the deletionTimestamp, then the kubelet runs the termination sequence —
// endpoints removed, preStop hook, SIGTERM, SIGKILL when the grace period runs out — and the object goes.
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from "@podscope/core";
import { ENDPOINTS_DELAY, exitAfterSigtermSeconds, preStopSeconds, terminationPlan } from "../timing";
import { round, type ClusterState, type SimPod } from "./state";

export class KubeletTermination {
  constructor(private readonly c: ClusterState) {}

  /** `graceOverride`: kubectl's --grace-period as gracePeriodOverride reads it (undefined: the pod's own terminationGracePeriodSeconds). */
  deletePod(p: SimPod, graceOverride: number | undefined): void {
    const c = this.c;
    if (p.terminating || p.gone) return;
    p.terminating = true;
    p.deletedAt = c.t;
    c.changed();
    const sources = c.annotationSources(p);
    const grace = graceOverride ?? p.obj.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
    const obj = `pod/${p.key}`;
    if (p.ready)
      c.at(ENDPOINTS_DELAY, true, () => {
        if (!p.gone) c.record("endpoints-removed", obj, "removed from Service endpoints (endpoints controller, then kube-proxy)");
      });
    if (p.phase === "Succeeded" || p.phase === "Failed" || !p.node || grace === 0) {
      // Nothing runs (or grace 0): the object goes at once.
      c.at(0, true, () => c.podGone(p, grace === 0 ? "deleted with grace period 0" : `pod was ${p.node ? p.phase : "not scheduled"}`));
    } else if (p.phase === "Pending") {
      c.at(1, true, () => c.podGone(p, "containers had not started"));
    } else {
      const plan = terminationPlan(grace, preStopSeconds(p.obj, sources), exitAfterSigtermSeconds(sources));
      if (plan.preStopEnd > 0) c.record("prestop", obj, `preStop hook runs for ${round(plan.preStopEnd)}s (grace period ${grace}s)`);
      c.at(plan.sigterm, true, () => {
        if (!p.gone) c.record("sigterm", obj, "SIGTERM sent to the containers");
      });
      if (plan.sigkill)
        c.at(plan.exit, true, () => {
          if (!p.gone) c.record("sigkill", obj, `grace period of ${grace}s over: SIGKILL, exit code 137`);
        });
      c.at(plan.exit, true, () => {
        if (p.gone) return;
        if (!plan.sigkill) c.record("exited", obj, "containers exited after SIGTERM, exit code 143");
        c.podGone(p, "containers stopped");
      });
    }
    c.podChanged(p, "terminating");
  }
}
