// kubectl's text, real or simulated, reduced to what can be compared across the two: result, eviction requests
// per pod, pods gone, filter errors, the warning, and the distinct 429/500 answers. Both sides go through this
// same parser, so the comparison is of like with like.
export interface Observed {
  result: "drained" | "refused" | "timeout" | "failed";
  /** Pods kubectl sent eviction requests for. */
  attempted: string[];
  /**
   * Requests per pod, as a sorted multiset: which of several pods wins the budget is decided by the order of
   * kubectl's goroutines, which Go does not fix, so only the counts can be compared.
   */
  attempts: number[];
  gone: number;
  errors: string[];
  warning: string | null;
  answers: string[];
}

export function observe(lines: string[], exitCode: number): Observed {
  const attempts: Record<string, number> = {};
  const gone = new Set<string>();
  const errors = new Set<string>();
  const answers = new Set<string>();
  let warning: string | null = null;
  for (const raw of lines) {
    const l = raw.trimEnd();
    let m: RegExpExecArray | null;
    if ((m = /^evicting pod (\S+)$/.exec(l))) attempts[m[1]] = (attempts[m[1]] ?? 0) + 1;
    else if ((m = /^deleting pod (\S+)$/.exec(l))) attempts[m[1]] = (attempts[m[1]] ?? 0) + 1;
    else if ((m = /^pod\/(\S+) (evicted|deleted)$/.exec(l))) gone.add(m[1]);
    else if ((m = /^(?:error: )?(cannot delete .*)$/.exec(l))) errors.add(m[1]);
    else if (l.startsWith("Warning: ")) warning = l;
    else if ((m = /^error when evicting pods\/"[^"]+" -n "[^"]+" \(will retry after 5s\): (.*)$/.exec(l))) answers.add(m[1]);
    else if ((m = /^error when evicting pods\/"[^"]+" -n "[^"]+": (.*)$/.exec(l)) && !/global timeout reached/.test(m[1]))
      answers.add(m[1]);
  }
  const text = lines.join("\n");
  const result =
    exitCode === 0
      ? "drained"
      : errors.size > 0
        ? "refused"
        : /global timeout reached|timed out waiting for the condition/.test(text)
          ? "timeout"
          : "failed";
  return {
    result,
    attempted: Object.keys(attempts).sort(),
    attempts: Object.values(attempts).sort((a, b) => a - b),
    gone: gone.size,
    errors: [...errors].sort(),
    warning,
    answers: [...answers].sort(),
  };
}
