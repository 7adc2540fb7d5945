// Setting the server's dry-run answer for each pod beside the sequential simulation, and saying in plain words why
// they differ. The classic case: a dry-run eviction returns before the budget's decrement is written, so the
// server checks every pod against the same disruptionsAllowed, while a real drain uses the budget up in turn.
import { EVICTION_RETRY_SECONDS, VIOLATES_BUDGET, type DrainPodReport, type DryRunAnswer } from "@podscope/drain";
import type { PodCheck, ServerAnswer, SimulatedOutcome } from "./types";

export interface CompareInput {
  pod: string;
  server: ServerAnswer;
  /** The pod's row in the simulated drain; undefined when the snapshot did not have the pod. */
  simulated: DrainPodReport | undefined;
  /** What the simulator predicts a dry-run would answer (same budgets, none decremented). */
  predicted: DryRunAnswer | undefined;
  /** disruptionsAllowed of each PDB (ns/name) in the snapshot. */
  allowed: Map<string, number>;
  simulatedResult: string;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

function outcomeOf(s: DrainPodReport | undefined): SimulatedOutcome {
  if (!s) return { outcome: "not-attempted", attempts: 0, evictedAt: null, pdb: null, message: "not in the watch cache yet" };
  return { outcome: s.outcome, attempts: s.attempts, evictedAt: s.evictedAt, pdb: s.pdb, message: s.message };
}

function budgetWords(pdb: string | null, allowed: Map<string, number>): string {
  if (!pdb) return "its budget";
  const n = allowed.get(pdb);
  return n === undefined ? `PDB ${pdb}` : `disruptionsAllowed=${n} of PDB ${pdb}`;
}

function why(i: CompareInput, sim: SimulatedOutcome): string | null {
  const s = i.server;
  if (!i.simulated) return "the watch cache has not seen this pod yet, so the simulation could not place it: check again in a moment";
  if (s.verdict === "other")
    return `the server answered ${s.code || "with an error"}: ${s.message} — the simulation does not model this (RBAC, a vanished pod, admission)`;
  const simOk = sim.outcome === "evicted" || sim.outcome === "deleted";
  if (s.verdict === "allowed") {
    if (simOk && sim.attempts <= 1) return predictedMismatch(i);
    const budget = budgetWords(sim.pdb, i.allowed);
    const base = `the server allows it because a dry-run eviction never writes the budget's decrement, so every pod is checked against the same ${budget}`;
    if (simOk)
      return `${base}; evicted one after another, the pods before it use the budget up, so it gets 429 ("${VIOLATES_BUDGET}") until replacements are Ready and goes on attempt ${sim.attempts}, ${sim.evictedAt} s after the start`;
    if (sim.outcome === "blocked")
      return `${base}; evicted one after another, the pods before it use the budget up and it never refills (drain ${i.simulatedResult}): kubectl would retry this pod every ${EVICTION_RETRY_SECONDS} s${i.simulatedResult === "timeout" ? " until --timeout" : " forever"}`;
    return `${base}; in the simulation it ends ${sim.outcome}: ${sim.message}`;
  }
  if (s.verdict === "blocked") {
    if (sim.outcome === "blocked") return predictedMismatch(i);
    if (simOk)
      return `the server refuses it now (429: ${s.message}${s.cause ? ` — ${s.cause}` : ""}); the simulation expects it to go on attempt ${sim.attempts}, ${sim.evictedAt} s after the start, once the budget refills`;
    return `the server refuses it now (429: ${s.message}); the simulation says ${sim.outcome}: ${sim.message}`;
  }
  // 500: more than one PDB selects the pod — the simulation fails it the same way.
  if (sim.outcome === "failed") return predictedMismatch(i);
  return `the server refuses it (500: ${s.message}); the simulation says ${sim.outcome}: ${sim.message}`;
}

/** Agreement on the outcome can still hide a different view of the cluster: say when the simulator predicted another answer. */
function predictedMismatch(i: CompareInput): string | null {
  const p = i.predicted;
  if (!p) return null;
  const code = i.server.verdict === "allowed" ? 201 : i.server.code;
  if (p.code === code) return null;
  return `the simulator's snapshot predicted a dry-run answer of ${p.code}${p.message ? ` (${p.message})` : ""} but the server answered ${code}: the watch cache or a budget's status is behind the API server`;
}

export function comparePod(i: CompareInput): PodCheck {
  const simulated = outcomeOf(i.simulated);
  const reason = why(i, simulated);
  return { pod: i.pod, server: i.server, simulated, differs: reason !== null, reason };
}

export function summarize(pods: PodCheck[], simulatedResult: string): string[] {
  const out: string[] = [];
  const allowed = pods.filter((p) => p.server.verdict === "allowed").length;
  const differ = pods.filter((p) => p.differs).length;
  out.push(`server dry-run: ${allowed} of ${plural(pods.length, "pod")} allowed; sequential simulation: drain ${simulatedResult}`);
  if (differ === 0) out.push("the server's answers and the sequential simulation agree for every pod");
  else
    out.push(
      `${plural(differ, "pod")} differ${differ === 1 ? "s" : ""}: ${pods
        .filter((p) => p.differs)
        .map((p) => p.pod)
        .join(", ")}`,
    );
  const serialised = pods.filter((p) => p.server.verdict === "allowed" && p.simulated.outcome === "evicted" && p.simulated.attempts > 1);
  const blocked = pods.filter((p) => p.server.verdict === "allowed" && p.simulated.outcome === "blocked");
  if (serialised.length > 0)
    out.push(
      `dry-run cannot show it, but a real drain evicts ${plural(serialised.length, "pod")} only after earlier evictions' replacements are Ready (429 and retry every ${EVICTION_RETRY_SECONDS} s)`,
    );
  if (blocked.length > 0)
    out.push(
      `dry-run allows ${plural(blocked.length, "pod")} that a real drain would never evict: ${blocked.map((p) => p.pod).join(", ")}`,
    );
  return out;
}
