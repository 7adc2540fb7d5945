// Exec probes of one container instance (kubelet prober/worker.go): one timer loop per probe,
// first run after initialDelaySeconds, then every periodSeconds, each run an ExecSync bounded by
// timeoutSeconds. Liveness and readiness wait until the startup probe (if any) succeeded.
// Thresholds live in core's ProbeState; this file only schedules and executes.
import { ProbeState, probeTiming, type Container, type ProbeKind, type ProbeResult } from "@podscope/core";
import type { CRI } from "../cri";

export interface ProberHooks {
  /** A single run failed (kubelet records an Unhealthy event for each). */
  onFailure(kind: ProbeKind, output: string): void;
  /** The published result flipped. */
  onChange(kind: ProbeKind, result: ProbeResult): void;
}

const KINDS: [ProbeKind, "startupProbe" | "readinessProbe" | "livenessProbe"][] = [
  ["startup", "startupProbe"], ["readiness", "readinessProbe"], ["liveness", "livenessProbe"],
];

export class ContainerProber {
  readonly states = new Map<ProbeKind, ProbeState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly cri: Pick<CRI.RuntimeService, "execSync">, private readonly containerId: string, private readonly container: Container, private readonly hooks: ProberHooks) {
    for (const [kind, field] of KINDS) {
      const p = container[field];
      // Only exec probes run; others were reported as unsupported when the pod was created.
      if (p?.exec?.command?.length) this.states.set(kind, new ProbeState(kind, probeTiming(p)));
    }
  }

  /** Started: no startup probe, or it succeeded. */
  get started(): boolean {
    return (this.states.get("startup")?.result ?? "Success") === "Success";
  }

  /** Ready: started, and no readiness probe or it succeeds. */
  get ready(): boolean {
    return this.started && (this.states.get("readiness")?.result ?? "Success") === "Success";
  }

  start(): void {
    for (const [kind, state] of this.states) this.schedule(kind, state, state.timing.initialDelaySeconds * 1000);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(kind: ProbeKind, state: ProbeState, delayMs: number): void {
    if (this.stopped) return;
    const t = setTimeout(async () => {
      this.timers.delete(t);
      await this.runOnce(kind, state);
      this.schedule(kind, state, state.timing.periodSeconds * 1000);
    }, delayMs);
    this.timers.add(t);
  }

  private async runOnce(kind: ProbeKind, state: ProbeState): Promise<void> {
    if (this.stopped) return;
    if (kind !== "startup" && !this.started) return;
    // A succeeded startup probe is never run again for this instance.
    if (kind === "startup" && state.result === "Success") return;
    const probe = this.container[`${kind}Probe`]!;
    let raw: ProbeResult;
    let output = "";
    try {
      const res = await this.cri.execSync(this.containerId, probe.exec!.command!, state.timing.timeoutSeconds);
      output = (res.stdout.toString("utf8") + res.stderr.toString("utf8")).trim();
      raw = res.exit_code === 0 ? "Success" : "Failure";
    } catch (err: any) {
      if (this.stopped) return;
      // A timed-out exec fails the probe; any other runtime error is "unknown" and changes nothing.
      if (/DEADLINE_EXCEEDED|timeout|timed out/i.test(String(err?.message))) {
        raw = "Failure";
        output = `command ${JSON.stringify(probe.exec!.command!.join(" "))} timed out`;
      } else return;
    }
    if (this.stopped) return;
    if (raw === "Failure") this.hooks.onFailure(kind, output);
    // A flip always lands on a real result (observe only publishes what it was fed).
    if (state.observe(raw)) this.hooks.onChange(kind, raw);
  }
}
