// The probes of one container instance (kubelet prober/worker.go): one timer loop per probe,
// first run after initialDelaySeconds, then every periodSeconds, each run bounded by
// timeoutSeconds — exec through CRI ExecSync, httpGet and tcpSocket from the node to the pod IP
// (http-get.ts). Liveness and readiness wait until the startup probe (if any) succeeded.
// Thresholds live in core's ProbeState; this file only schedules and executes.
import { ProbeState, probeTiming, type Container, type Probe, type ProbeKind, type ProbeResult } from "@podscope/core";
import type { CRI } from "../cri";
import {
  doHttpGet,
  doTcpConnect,
  httpGetRequest,
  httpProbeVerdict,
  resolveContainerPort,
  type HttpGetAction,
  type TcpSocketAction,
} from "./http-get";

export interface ProberHooks {
  /** A single run failed (kubelet records an Unhealthy event for each). */
  onFailure(kind: ProbeKind, output: string): void;
  /** The published result flipped. */
  onChange(kind: ProbeKind, result: ProbeResult): void;
  /** A run succeeded with a warning (an httpGet redirect to another host): kubelet's ProbeWarning event. */
  onWarning?(kind: ProbeKind, output: string): void;
  /** A run could not be made (e.g. a port name the container does not have): the result stays as it was. */
  onError?(kind: ProbeKind, error: string): void;
}

/** What one run of a probe gives: a result, or an error that leaves the result as it is. */
type RunOutcome = { result: ProbeResult; output: string; warning?: boolean } | { error: string };

const KINDS: [ProbeKind, "startupProbe" | "readinessProbe" | "livenessProbe"][] = [
  ["startup", "startupProbe"],
  ["readiness", "readinessProbe"],
  ["liveness", "livenessProbe"],
];

export class ContainerProber {
  readonly states = new Map<ProbeKind, ProbeState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly cri: Pick<CRI.RuntimeService, "execSync">,
    private readonly containerId: string,
    private readonly container: Container,
    private readonly hooks: ProberHooks,
    /** The pod's IP, where httpGet and tcpSocket probes connect unless they name a host. */
    private readonly podIP: () => string | undefined = () => undefined,
  ) {
    for (const [kind, field] of KINDS) {
      const p = container[field];
      // gRPC probes do not run; they were reported as unsupported when the pod was created.
      if (p?.exec?.command?.length || p?.httpGet || p?.tcpSocket) this.states.set(kind, new ProbeState(kind, probeTiming(p)));
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
    const t = setTimeout(() => {
      this.timers.delete(t);
      // A run that throws is a probe that errored (kubelet: "unknown state"): say so and keep probing.
      void this.runOnce(kind, state)
        .catch((err: unknown) => this.hooks.onError?.(kind, err instanceof Error ? err.message : String(err)))
        .then(() => this.schedule(kind, state, state.timing.periodSeconds * 1000));
    }, delayMs);
    this.timers.add(t);
  }

  private async runOnce(kind: ProbeKind, state: ProbeState): Promise<void> {
    if (this.stopped) return;
    if (kind !== "startup" && !this.started) return;
    // A succeeded startup probe is never run again for this instance.
    if (kind === "startup" && state.result === "Success") return;
    const probe = this.container[`${kind}Probe`]!;
    const out = await this.execute(probe, state.timing.timeoutSeconds);
    if (this.stopped || out === undefined) return;
    if ("error" in out) {
      this.hooks.onError?.(kind, out.error);
      return;
    }
    const raw = out.result;
    if (out.warning) this.hooks.onWarning?.(kind, out.output);
    const output = out.output;
    if (this.stopped) return;
    if (raw === "Failure") this.hooks.onFailure(kind, output);
    // A flip always lands on a real result (observe only publishes what it was fed).
    if (state.observe(raw)) this.hooks.onChange(kind, raw);
  }

  /** One run of the probe's action; undefined when it says nothing (a runtime error other than a timeout). */
  private async execute(probe: Probe, timeoutSeconds: number): Promise<RunOutcome | undefined> {
    const timeoutMs = timeoutSeconds * 1000;
    const action = probe as Probe & { httpGet?: HttpGetAction; tcpSocket?: TcpSocketAction };
    if (action.httpGet) {
      const ip = this.podIP() ?? "";
      const req = httpGetRequest(action.httpGet, this.container, ip, "probe");
      if ("error" in req) return req;
      const res = await doHttpGet(req, timeoutMs, true);
      if ("error" in res) return { result: "Failure", output: res.error };
      const v = httpProbeVerdict(res.status, res.body);
      // A redirect kubelet did not follow succeeds, with a warning.
      return { result: v.result === "Failure" ? "Failure" : "Success", output: v.output, warning: v.result === "Warning" };
    }
    if (action.tcpSocket) {
      const port = resolveContainerPort(action.tcpSocket.port, this.container);
      if ("error" in port) return port;
      const res = await doTcpConnect(action.tcpSocket.host || (this.podIP() ?? ""), port.port, timeoutMs);
      return res.ok ? { result: "Success", output: "" } : { result: "Failure", output: res.error };
    }
    const command = probe.exec!.command!;
    try {
      const res = await this.cri.execSync(this.containerId, command, timeoutSeconds);
      const output = (res.stdout.toString("utf8") + res.stderr.toString("utf8")).trim();
      return { result: res.exit_code === 0 ? "Success" : "Failure", output };
    } catch (err) {
      if (this.stopped) return undefined;
      // A timed-out exec fails the probe; any other runtime error is "unknown" and changes nothing.
      if (/DEADLINE_EXCEEDED|timeout|timed out/i.test(err instanceof Error ? err.message : String(err)))
        return { result: "Failure", output: `command ${JSON.stringify(command.join(" "))} timed out` };
      return undefined;
    }
  }
}
