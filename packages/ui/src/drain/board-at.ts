// The whole board at one instant of the virtual clock: the result badge, each plan row (attempts, outcome, state,
// last answer), the budgets, kubectl's output, warnings, errors and findings. Every part of the DrainBoard is drawn
// from boardAt(data, t), so scrubbing back to 0 s never shows the end state's badge, answers or notes.
import { humanDuration } from "@podscope/core";
import type { DrainBoardData, PdbGauge } from "./model";
import { endTime, kubectlUntil, pdbGaugesAt } from "./model";

const EPS = 1e-9;

/**
 * An instant or a span on the virtual clock in core's humanDuration words ("13s", "3m1s"); a fractional second
 * under two minutes keeps its tenth ("5.5s"), because the simulator's budget re-reads land on half seconds.
 */
export function boardTime(seconds: number): string {
  const r = Math.round(seconds * 10) / 10;
  if (r < 120 && !Number.isInteger(r)) return `${r}s`;
  return humanDuration(r * 1000);
}

/** The entries that end a node's drain, with the badge each one sets. */
const TERMINAL = new Set(["drained", "stalled", "timeout", "failed", "refused"]);
/** The API server's (or kubectl's) answers to an eviction or DELETE. */
const ANSWERS = new Set(["evict-429", "evict-accepted", "evict-error", "evict-conflict", "delete"]);
const REQUESTS = new Set(["evict", "delete"]);

export interface PlanRowAt {
  pod: string;
  action: string;
  pdb: string | null;
  /** Requests sent by t. */
  attempts: number;
  /** The pod's outcome once it is decided at or before t, else null (still open). */
  outcome: string | null;
  /** "evicted at 5.5s": the outcome with its time. */
  outcomeText: string;
  /** What the pod is doing at t. */
  now: string;
  /** The last answer kubectl had by t ("—" before the first request). */
  lastAnswer: string;
}

export interface PdbGaugeAt extends PdbGauge {
  /** Fewer healthy pods than the budget requires: no eviction under it can pass until replacements are Ready. */
  belowDesired: boolean;
}

export interface BoardAt {
  t: number;
  end: number;
  /** When the drain's outcome was known (the terminal entry's time; the end when the file has none). */
  decidedAt: number;
  /** "draining" until the outcome is known, then the result. */
  badge: string;
  final: boolean;
  rows: PlanRowAt[];
  gauges: PdbGaugeAt[];
  kubectl: { stream: "out" | "err"; line: string }[];
  warnings: string[];
  errors: string[];
  /** The findings describe the end state: null before it. */
  findings: string[] | null;
}

/** When the drain's outcome is known: its terminal timeline entry, or the end of the picture. */
export function decidedAt(d: DrainBoardData): number {
  const e = d.timeline.find((x) => TERMINAL.has(x.kind) && x.object === `node/${d.node}`) ?? d.timeline.find((x) => TERMINAL.has(x.kind));
  return e ? e.t : endTime(d);
}

/** The pod as it was before the drain touched it: the API's start status (e.g. "Failed (OOMKilled)"), else running. */
function startState(d: DrainBoardData, pod: string): string {
  const s = d.startStatus?.[pod];
  if (!s) return "running";
  const phase = s.phase.toLowerCase();
  return s.reason && s.reason.toLowerCase() !== phase ? `${phase} (${s.reason})` : phase;
}

type Entry = DrainBoardData["timeline"][number];

function stateAfter(last: Entry | undefined, before: string): string {
  if (!last) return before;
  switch (last.kind) {
    case "evict":
      return "evicting";
    case "evict-conflict":
      return "evicting (budget read again)";
    case "evict-429":
      return "blocked (429)";
    case "evict-error":
      return "eviction failed";
    case "evict-accepted":
    case "delete":
      return "terminating";
    case "prestop":
      return "terminating (preStop)";
    case "sigterm":
      return "terminating (SIGTERM)";
    case "sigkill":
      return "killed";
    case "exited":
      return "exited";
    case "pod-gone":
      return "gone";
    default:
      return before;
  }
}
const STATE_KINDS = new Set([
  "evict",
  "evict-conflict",
  "evict-429",
  "evict-error",
  "evict-accepted",
  "delete",
  "prestop",
  "sigterm",
  "sigkill",
  "exited",
  "pod-gone",
]);

/** A pod's state at time t, for the plan table's NOW column. */
export function podStateAt(d: DrainBoardData, pod: string, t: number): string {
  const object = `pod/${pod}`;
  let last: Entry | undefined;
  for (const e of d.timeline) if (e.object === object && e.t <= t + EPS && STATE_KINDS.has(e.kind)) last = e;
  return stateAfter(last, startState(d, pod));
}

function rowAt(d: DrainBoardData, p: DrainBoardData["pods"][number], t: number, final: boolean): PlanRowAt {
  const object = `pod/${p.pod}`;
  let attempts = 0,
    requested = false,
    answer: Entry | undefined;
  for (const e of d.timeline) {
    if (e.object !== object) continue;
    if (REQUESTS.has(e.kind)) {
      requested = true;
      if (e.t <= t + EPS) attempts++;
    }
    if (ANSWERS.has(e.kind) && e.t <= t + EPS) answer = e;
  }
  if (!requested) attempts = p.attempts > 0 && final ? p.attempts : 0;
  // Ignored and skipped pods are decided by kubectl's filters before any request; evicted/deleted ones when the
  // request was granted; the rest (blocked, failed, not attempted) when the drain ends.
  const decided = p.outcome === "ignored" || p.outcome === "skipped" || (p.evictedAt !== null ? t + EPS >= p.evictedAt : final);
  const outcome = decided ? p.outcome : null;
  const outcomeText = outcome === null ? "—" : `${outcome}${p.evictedAt !== null ? ` at ${boardTime(p.evictedAt)}` : ""}`;
  // A pod kubectl never asks about carries its filter's words from the start (DaemonSet ignored, refusals).
  const lastAnswer = answer
    ? answer.message
    : !requested && (final || p.outcome === "ignored" || p.outcome === "skipped")
      ? p.message
      : "—";
  return { pod: p.pod, action: p.action, pdb: p.pdb, attempts, outcome, outcomeText, now: podStateAt(d, p.pod, t), lastAnswer };
}

/** Everything the board shows at virtual time t. */
export function boardAt(d: DrainBoardData, t: number): BoardAt {
  const end = endTime(d);
  const decided = decidedAt(d);
  const final = t + EPS >= decided;
  const warnEntries = d.timeline.filter((e) => e.kind === "warning");
  // kubectl prints its warnings when it starts; a file without warning entries shows them from 0 s.
  const warnings = warnEntries.length ? warnEntries.filter((e) => e.t <= t + EPS).map((e) => e.message) : d.warnings;
  return {
    t,
    end,
    decidedAt: decided,
    final,
    badge: final ? d.result : "draining",
    rows: d.pods.map((p) => rowAt(d, p, t, final)),
    gauges: pdbGaugesAt(d, t).map((g) => ({ ...g, belowDesired: g.currentHealthy < g.desiredHealthy })),
    kubectl: kubectlUntil(d, t).map(({ stream, line }) => ({ stream, line })),
    warnings,
    // kubectl's errors are its last words (a refusal is at 0 s, where the drain also ends).
    errors: final ? d.errors : [],
    findings: final ? d.findings : null,
  };
}
