// Stepping through time travel's `?at=`: to the previous or next recorded change (a pod's status changes),
// or by a fixed step (the pod list: a minute), always inside the range history covers [start, end].
// Pure, so the control's rules are tested without a browser.

export interface TimeRange {
  start: number;
  end: number;
}

/**
 * The range the slider covers: from when history reaches back (else an hour before T, or before the end)
 * to the source's now (a file's: when it was taken); T itself always inside.
 */
export function timeRange(at: number, end: number, since?: string): TimeRange {
  const from = since ? Date.parse(since) : NaN;
  const start = Math.min(Number.isNaN(from) ? Math.min(at, end) - 3600_000 : from, at);
  return { start, end: Math.max(end, at) };
}

/** The instant one step before (-1) or after (+1) `at`: the nearest recorded change in the range, else `stepMs` away; null when there is none. */
export function stepTime(at: number, dir: -1 | 1, range: TimeRange, opts: { changes?: readonly number[]; stepMs?: number }): number | null {
  if (opts.changes) {
    const inside = opts.changes.filter((c) => c >= range.start && c <= range.end);
    const next = dir > 0 ? Math.min(...inside.filter((c) => c > at)) : Math.max(...inside.filter((c) => c < at));
    return Number.isFinite(next) ? next : null;
  }
  // A fixed step stops at the end (the source's now: history has no future) but may go back past the
  // start: the list then says from when history reaches back, as for any T typed in.
  if (dir > 0 && at >= range.end) return null;
  return Math.min(at + dir * (opts.stepMs ?? 60_000), range.end);
}
