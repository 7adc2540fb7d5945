// Checks a live drain request before anything is sent: a bad flag is refused with words, never half-applied. The
// bounds are kubectl drain's, from the flag table in @podscope/drain; the one refusal beyond kubectl's is
// --grace-period=0 on a real cluster (LIVE_GRACE_PERIOD_ZERO says why).
import { checkDrainFlags, DrainFlagError, LIVE_GRACE_PERIOD_ZERO } from "@podscope/drain";
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
  try {
    checkDrainFlags(req);
  } catch (e) {
    if (e instanceof DrainFlagError) throw new DrainRequestError(e.message);
    throw e;
  }
  if (req.gracePeriodSeconds === 0) throw new DrainRequestError(LIVE_GRACE_PERIOD_ZERO);
}
