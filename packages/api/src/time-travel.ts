// Time travel's "when": an `at` the user gave (RFC 3339, or -15m back from the source's own clock) as an
// instant, read once for every procedure that takes one. A source opened from a file has its clock
// stopped at the moment it was taken (core's sourceNow): "-15m" is fifteen minutes before that, and its
// history ends then, not at the wall clock.
import { badRequest, parseAtTime, sourceNow } from "@podscope/core";
import type { Source } from "./source";

/** The instant `at` names for this source; unreadable or after the source's now is refused with the forms accepted. */
export function atTime(at: string, src: Pick<Source, "traits" | "info">, wall = Date.now()): number {
  const now = sourceNow({ capabilities: { isLive: src.traits.isLive }, takenAt: src.info().takenAt }, wall);
  const t = parseAtTime(at, now);
  if (Number.isNaN(t))
    throw badRequest(`invalid time "${at}": use RFC 3339 (2026-01-01T10:00:00Z) or a duration back from now (-15m, -2h)`);
  if (t > now) throw badRequest(`time ${new Date(t).toISOString()} is in the future: history ends now (${new Date(now).toISOString()})`);
  return t;
}
