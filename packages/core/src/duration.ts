// Durations as text, defined once. Everything a user reads — ages, countdowns, back-off waits, grace periods,
// timeline spans — goes through humanDuration, the form kubectl prints (`3m1s`, `2d3h`), so the same wait never
// reads "181s" in one place and "3m1s" beside it. goDuration is the other, narrower form: Go's
// time.Duration.String(), kept only for messages that repeat kubelet's or kubectl's own words ("back-off 5m0s").

/**
 * kubectl's short duration (apimachinery HumanDuration): seconds up to 2 minutes, then m+s up to 10 minutes,
 * minutes up to 3 hours, h+m up to 8 hours, hours up to 2 days, d+h up to 8 days, days up to 2 years,
 * y+d up to 8 years, years beyond. A clock skew of up to a second reads as "0s"; more is "<invalid>".
 */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "<invalid>";
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 2) return `${days}d`;
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${d}d`;
  }
  return `${Math.floor(days / 365)}y`;
}

/**
 * humanDuration, except that a positive duration under a second keeps its milliseconds ("850ms", as Go writes
 * them) instead of reading "0s": a timeline zoomed onto a hook or a signal needs them. From one second up the
 * words are humanDuration's, unchanged.
 */
export function humanDurationFine(ms: number): string {
  if (Number.isFinite(ms) && ms > 0 && ms < 1000) return `${Math.round(ms)}ms`;
  return humanDuration(ms);
}

/** Go's time.Duration.String() for whole-ish durations: 10s, 1m20s, 5m0s, 1.5s, 0s — only to repeat kubelet's/kubectl's messages. */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? "-" : ""}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const sec = `${Number.isInteger(s) ? s : String(Number(s.toFixed(3)))}s`;
  let out = sec;
  if (h > 0) out = `${h}h${m}m${sec}`;
  else if (m > 0) out = `${m}m${sec}`;
  return (neg ? "-" : "") + out;
}
