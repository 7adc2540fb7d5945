// The shapes the live drain panel draws — the JSON that @podscope/kube's checkWithServer and executeDrain produce
// (drainLive.check and drainLive.execute over tRPC). The envelope is declared here, as the panel's props, because
// ui may not import the Kubernetes client; what a pod report is comes from @podscope/drain. The web page passes
// the API's values straight in, so a change on the kube side that the panel cannot draw is a type error there.
import type { DrainPodReport } from "@podscope/drain";

export interface ServerAnswerView {
  verdict: "allowed" | "blocked" | "multiple-pdbs" | "other";
  code: number;
  message: string;
  cause: string | null;
}
export interface SimulatedOutcomeView {
  outcome: DrainPodReport["outcome"];
  attempts: number;
  evictedAt: number | null;
  pdb: string | null;
  message: string;
}
export interface PodCheckView {
  pod: string;
  server: ServerAnswerView;
  simulated: SimulatedOutcomeView;
  differs: boolean;
  reason: string | null;
}
export interface ServerCheckView {
  node: string;
  result: "checked" | "refused";
  errors: string[];
  warnings: string[];
  pods: PodCheckView[];
  simulatedResult: string;
  summary: string[];
  checkedAt: string;
}

export type DrainProgressView =
  | { type: "line"; t: number; stream: "out" | "err"; line: string }
  | {
      type: "event";
      t: number;
      pod: string | null;
      kind: "cordon" | "evict" | "retry" | "evicted" | "deleted" | "error" | "done";
      message: string;
    };

export interface LiveDrainResultView {
  node: string;
  result: "drained" | "refused" | "failed" | "timeout" | "stopped";
  errors: string[];
  warnings: string[];
  pods: DrainPodReport[];
  cordoned: boolean;
  endedAt: number;
}

/** One message of the drainLive.execute subscription. */
export type DrainStreamView = { type: "progress"; progress: DrainProgressView } | { type: "result"; result: LiveDrainResultView };

/** The confirmation must be the node's name exactly — no trimming, no case folding: typing it is the point. */
export const confirmed = (typed: string, node: string) => node.length > 0 && typed === node;

export function serverSays(a: ServerAnswerView): string {
  if (a.verdict === "allowed") return `allowed (${a.code})`;
  if (a.verdict === "blocked") return `429: ${a.message}${a.cause ? ` — ${a.cause}` : ""}`;
  return `${a.code || "error"}: ${a.message}`;
}

export function simulationSays(s: SimulatedOutcomeView): string {
  const tries = `${s.attempts} attempt${s.attempts === 1 ? "" : "s"}`;
  if (s.outcome === "evicted" || s.outcome === "deleted")
    return s.attempts <= 1
      ? `${s.outcome} at once (t=${s.evictedAt ?? 0}s)`
      : `${s.outcome} at t=${s.evictedAt}s, after ${tries} (429 until the budget refills)`;
  if (s.outcome === "blocked") return `blocked: 429 on every retry (${tries} simulated) — ${s.message}`;
  return `${s.outcome}${s.message ? `: ${s.message}` : ""}`;
}

/** The latest state of each pod from the structured events, for the per-pod status list. */
export function podStates(progress: DrainProgressView[]): { pod: string; kind: string; message: string; t: number }[] {
  const last = new Map<string, { pod: string; kind: string; message: string; t: number }>();
  for (const p of progress) if (p.type === "event" && p.pod) last.set(p.pod, { pod: p.pod, kind: p.kind, message: p.message, t: p.t });
  return [...last.values()].sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}

/** Collects a subscription's messages into what the panel takes (progress so far and the result). */
export function appendStream(state: { progress: DrainProgressView[]; result: LiveDrainResultView | null }, m: DrainStreamView) {
  return m.type === "progress" ? { ...state, progress: [...state.progress, m.progress] } : { ...state, result: m.result };
}
