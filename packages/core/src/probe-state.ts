// The result bookkeeping of one probe worker (kubelet prober/worker.go), without the timer:
// consecutive results must reach successThreshold / failureThreshold before the published
// result flips. Timing fields are read here too, with the API defaults, so the runtime and the
// tests agree on them.
import type { Probe } from "./types";

export type ProbeKind = "liveness" | "readiness" | "startup";
export type ProbeResult = "Success" | "Failure";
/** A startup probe has no result until it succeeded once or failed failureThreshold times in a row. */
export type PublishedProbeResult = ProbeResult | "Unknown";

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** API defaults: period 10 s, timeout 1 s, success 1, failure 3, no initial delay. */
export function probeTiming(p: Probe): ProbeTiming {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 1,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

/** What a probe reports before its first run: readiness starts as failing, liveness and startup as succeeding (startup gates liveness separately). */
export function initialProbeResult(kind: ProbeKind): ProbeResult {
  return kind === "readiness" ? "Failure" : "Success";
}

export class ProbeState {
  result: PublishedProbeResult;
  private lastRaw: ProbeResult | undefined;
  private run = 0;
  constructor(
    readonly kind: ProbeKind,
    readonly timing: ProbeTiming,
  ) {
    // Until a startup probe has a verdict the container counts as not started, but nothing is killed.
    this.result = kind === "startup" ? "Unknown" : initialProbeResult(kind);
  }

  /** Feed one raw result; returns true when the published result flipped. */
  observe(raw: ProbeResult): boolean {
    if (raw === this.lastRaw) this.run++;
    else {
      this.lastRaw = raw;
      this.run = 1;
    }
    const threshold = raw === "Success" ? this.timing.successThreshold : this.timing.failureThreshold;
    if (this.result !== raw && this.run >= threshold) {
      this.result = raw;
      return true;
    }
    return false;
  }

  /** kubelet resets the counters when the container restarts. */
  reset(): void {
    this.result = this.kind === "startup" ? "Unknown" : initialProbeResult(this.kind);
    this.lastRaw = undefined;
    this.run = 0;
  }
}

/** The message of an Unhealthy event: `Readiness probe failed: <output>`. */
export function unhealthyMessage(kind: ProbeKind, output: string): string {
  const k = kind[0].toUpperCase() + kind.slice(1);
  return `${k} probe failed: ${output}`;
}
