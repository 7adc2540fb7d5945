// Go's time.ParseDuration, for kubectl's --timeout flag ("90s", "1m30s", "1.5h", "0").
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

export class DurationError extends Error {}

/** Seconds in a Go duration string. Throws DurationError with Go's wording when malformed. */
export function parseGoDuration(text: string): number {
  const orig = text;
  let s = text.trim();
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw new DurationError(`time: invalid duration "${orig}"`);
  let total = 0;
  const part = /^(\d+\.?\d*|\.\d+)([^\d.]*)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m) throw new DurationError(`time: invalid duration "${orig}"`);
    if (!m[2]) throw new DurationError(`time: missing unit in duration "${orig}"`);
    if (!(m[2] in UNIT_SECONDS)) throw new DurationError(`time: unknown unit "${m[2]}" in duration "${orig}"`);
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}
