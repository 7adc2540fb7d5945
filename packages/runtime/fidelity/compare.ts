// Field-by-field comparison of what the two nodes showed. Offsets from the pod's start (fields named in
// TIMED) agree within the tolerance given (see normalize.ts); every other leaf must be equal. Arrays compare in order (the
// order of conditions and of events is part of the behaviour).

const TIMED = new Set(["startedAt", "finishedAt", "lastTransitionTime", "restartWaits", "deletionTook"]);

export interface Disagreement {
  path: string;
  real: unknown;
  podscope: unknown;
}

export function compare(real: unknown, podscope: unknown, toleranceS: number, path = ""): Disagreement[] {
  // A time is any number at or below a TIMED field (restartWaits.c[1] is one).
  if (path.split(/[.[\]]/).some((seg) => TIMED.has(seg)) && typeof real === "number" && typeof podscope === "number") {
    return Math.abs(real - podscope) <= toleranceS ? [] : [{ path, real, podscope }];
  }
  if (Array.isArray(real) && Array.isArray(podscope)) {
    const out: Disagreement[] = [];
    for (let i = 0; i < Math.max(real.length, podscope.length); i++)
      out.push(...compare(real[i], podscope[i], toleranceS, `${path}[${i}]`));
    return out;
  }
  if (isObject(real) && isObject(podscope)) {
    const out: Disagreement[] = [];
    const keys = new Set([...Object.keys(real), ...Object.keys(podscope)]);
    for (const k of keys) {
      // An absent field and an undefined one are the same thing in JSON.
      if (real[k] === undefined && podscope[k] === undefined) continue;
      out.push(...compare(real[k], podscope[k], toleranceS, path ? `${path}.${k}` : k));
    }
    return out;
  }
  return Object.is(real, podscope) ? [] : [{ path, real, podscope }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function describe(d: Disagreement[]): string {
  return d.map((x) => `  ${x.path}: real ${JSON.stringify(x.real)} ≠ podscope ${JSON.stringify(x.podscope)}`).join("\n");
}
