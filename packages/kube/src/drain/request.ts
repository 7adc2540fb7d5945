// Checks a live drain request before anything is sent: a bad flag is refused with words, never half-applied.
import { parseSelector, SelectorError } from "@podscope/drain";
import type { LiveDrainRequest } from "./types";

export class DrainRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DrainRequestError";
  }
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function validateRequest(req: LiveDrainRequest): void {
  if (!req || typeof req.node !== "string" || req.node.length === 0) throw new DrainRequestError("a node name is required");
  if (!NAME.test(req.node)) throw new DrainRequestError(`invalid node name "${req.node}": a lowercase RFC 1123 subdomain is expected`);
  const g = req.gracePeriodSeconds;
  if (g !== undefined && (!Number.isInteger(g) || g < -1)) throw new DrainRequestError(`invalid --grace-period ${g}: an integer of -1 (each pod's own) or more is expected`);
  // Grace 0 removes the pod object at once while its containers may still run: podscope never does that.
  if (g === 0) throw new DrainRequestError("--grace-period 0 would remove the pods' objects immediately, before their containers stop; use 1 or more, or -1 for each pod's own terminationGracePeriodSeconds");
  const t = req.timeoutSeconds;
  if (t !== undefined && (!Number.isFinite(t) || t < 0)) throw new DrainRequestError(`invalid --timeout ${t}: seconds ≥ 0 are expected (0 waits forever)`);
  const s = req.skipWaitForDeleteTimeoutSeconds;
  if (s !== undefined && (!Number.isInteger(s) || s < 0)) throw new DrainRequestError(`invalid --skip-wait-for-delete-timeout ${s}: whole seconds ≥ 0 are expected`);
  if (req.podSelector) {
    try { parseSelector(req.podSelector); } catch (e) {
      if (e instanceof SelectorError) throw new DrainRequestError(`invalid --pod-selector "${req.podSelector}": ${e.message}`);
      throw e;
    }
  }
}
