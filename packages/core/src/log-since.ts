// kubectl logs --since / --since-time: which lines of a container's log are shown. kubelet reads the tail
// first, then skips every line written before the cutoff (a line at the cutoff itself is kept); the
// API server accepts sinceSeconds (> 0) or sinceTime (RFC 3339), never both.

export interface LogSince {
  /** Lines written in the last N seconds (kubectl rounds its --since duration up to whole seconds). */
  sinceSeconds?: number;
  /** Lines written at or after this RFC 3339 time, to the second. */
  sinceTime?: string;
}

/** kubectl's refusal when both are given (LogsOptions.Validate). */
export const SINCE_BOTH_MESSAGE = "at most one of `sinceTime` or `sinceSeconds` may be specified";

/** The earliest time (ms since the epoch) a shown line may carry; undefined: every line. `now` is the node's clock. */
export function logSinceCutoff(o: LogSince, now: number): number | undefined {
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined) throw new Error(SINCE_BOTH_MESSAGE);
  if (o.sinceSeconds !== undefined) return now - o.sinceSeconds * 1000;
  if (o.sinceTime !== undefined) {
    const t = Date.parse(o.sinceTime);
    if (Number.isNaN(t)) throw new Error(`sinceTime: not an RFC 3339 time: "${o.sinceTime}"`);
    // The API's sinceTime is a metav1.Time, which travels in whole seconds: the real kubelet (v1.34, compared
    // here) keeps every line of the cutoff's second.
    return Math.floor(t / 1000) * 1000;
  }
  return undefined;
}

/**
 * Whether a line written at `time` (the CRI record's RFC 3339 time, nanoseconds and all) is before the cutoff.
 * Compared to the millisecond, as Date keeps it: a line in the same millisecond as the cutoff is kept.
 */
export function writtenBefore(time: string, cutoff: number | undefined): boolean {
  if (cutoff === undefined) return false;
  const t = Date.parse(time);
  return !Number.isNaN(t) && t < cutoff;
}

/**
 * kubectl's --since value (a Go duration: "10s", "1h30m", "1.5s", "250ms") as whole seconds, rounded up as kubectl
 * does; an error in kubectl's words for anything else.
 */
export function sinceSecondsOf(text: string): number {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const fail = (why: string) => new Error(`invalid argument "${text}" for "--since" flag: time: ${why} in duration "${text}"`);
  const invalid = () => new Error(`invalid argument "${text}" for "--since" flag: time: invalid duration "${text}"`);
  // Go's time.ParseDuration, step by step: [sign] then (number unit)+, where "0" alone needs no unit.
  let rest = text;
  const sign = rest.startsWith("-") ? -1 : 1;
  if (rest.startsWith("-") || rest.startsWith("+")) rest = rest.slice(1);
  if (rest === "0") return 0;
  if (rest === "") throw invalid();
  let seconds = 0;
  while (rest !== "") {
    const num = /^(\d*)(\.\d*)?/.exec(rest)!;
    if (num[0] === "" || num[0] === ".") throw invalid();
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === "") throw fail("missing unit");
    if (!(unit in units)) throw fail(`unknown unit "${unit}"`);
    rest = rest.slice(unit.length);
    seconds += Number(num[0]) * units[unit];
  }
  // Go's time.Duration is in ns; kubectl takes ceil(duration / 1s). Rounded to the ns first, so 1.1s stays 2 s.
  return Math.ceil(Math.round(sign * seconds * 1e9) / 1e9);
}
