// The live drain's public shapes: one node, kubectl drain's flags, and what the server check and the real
// drain report. Plain JSON throughout, so the API can send them and the UI can draw them.
import type { DrainFlags, DrainPodReport } from "@podscope/drain";

/** kubectl drain's flags (the table in @podscope/drain) for one node. */
export interface LiveDrainRequest extends DrainFlags {
  node: string;
}

/** What the API server answered to one dry-run eviction (or, under --disable-eviction, dry-run DELETE). */
export interface ServerAnswer {
  /** "allowed": 201/200; "blocked": 429 (a PDB); "multiple-pdbs": 500 for a pod under several PDBs; "other": anything else. */
  verdict: "allowed" | "blocked" | "multiple-pdbs" | "other";
  /** HTTP status code. */
  code: number;
  /** The server's message, verbatim ("" when allowed). */
  message: string;
  /** The 429's cause, verbatim: "The disruption budget web needs 2 healthy pods and has 2 currently". */
  cause: string | null;
}

/** What the sequential simulation says happens to the pod when the drain runs for real. */
export interface SimulatedOutcome {
  outcome: DrainPodReport["outcome"];
  /** Eviction requests sent before the answer that counted (1 = allowed on the first try). */
  attempts: number;
  /** Seconds from the start when the eviction was accepted; null when it never is. */
  evictedAt: number | null;
  pdb: string | null;
  message: string;
}

export interface PodCheck {
  pod: string;
  server: ServerAnswer;
  simulated: SimulatedOutcome;
  differs: boolean;
  /** Why the two answers differ, in plain words; null when they agree. */
  reason: string | null;
}

export interface ServerCheck {
  node: string;
  /** "refused": kubectl's filters left errors, so no eviction would be sent (and none was). */
  result: "checked" | "refused";
  errors: string[];
  warnings: string[];
  /** Pods the drain would evict (after kubectl's filters), in namespace/name order. */
  pods: PodCheck[];
  /** The simulated drain's result for the whole node (drained, stalled, …). */
  simulatedResult: string;
  /** Plain-words summary: how many pods differ and the main reason. */
  summary: string[];
  checkedAt: string;
}

export type DrainEventKind = "cordon" | "evict" | "retry" | "evicted" | "deleted" | "error" | "done";

/** One step of a real drain: a kubectl line, or a structured event about a pod (null pod: the node). */
export type DrainProgress =
  | { type: "line"; t: number; stream: "out" | "err"; line: string }
  | { type: "event"; t: number; pod: string | null; kind: DrainEventKind; message: string };

export type LiveDrainOutcome = "drained" | "refused" | "failed" | "timeout" | "stopped";

export interface LiveDrainResult {
  node: string;
  result: LiveDrainOutcome;
  errors: string[];
  warnings: string[];
  pods: DrainPodReport[];
  /** kubectl's lines, in order. */
  lines: { t: number; stream: "out" | "err"; line: string }[];
  /** The node is cordoned now (a drain always leaves it so): the UI offers uncordon. */
  cordoned: boolean;
  /** Seconds from the start. */
  endedAt: number;
}
