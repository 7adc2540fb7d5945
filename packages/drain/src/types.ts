// Public types of the drain rehearsal: the request (kubectl drain's flags), the snapshot it runs on,
// and the result (the exact JSON shape of `podscope drain -o json`, plus richer data for the UI).
import type { KubeObject, Node, Pod, PodDisruptionBudget } from "@podscope/core";
import type { DrainFlags, RehearsalFlags } from "./flags";

export interface Workload extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: unknown;
    template?: { metadata?: KubeObject["metadata"]; spec?: Pod["spec"] };
    podManagementPolicy?: "OrderedReady" | "Parallel";
    podReplacementPolicy?: "TerminatingOrFailed" | "Failed";
    parallelism?: number;
    completions?: number;
    [k: string]: unknown;
  };
  status?: Record<string, unknown>;
}

export interface PriorityClass extends KubeObject {
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

/** A cluster as the simulator sees it. Objects absent here are absent from the cluster. */
export interface Snapshot {
  nodes: Node[];
  pods: Pod[];
  pdbs: PodDisruptionBudget[];
  replicaSets: Workload[];
  deployments: Workload[];
  daemonSets: Workload[];
  statefulSets: Workload[];
  jobs: Workload[];
  priorityClasses: PriorityClass[];
}

/**
 * A drain: the nodes in order (kubectl cordons all of them first, then drains one after the other; with --rolling
 * each is uncordoned before the next) and kubectl drain's flags, kubectl's defaults when omitted (see flags.ts).
 */
export interface DrainRequest extends DrainFlags, RehearsalFlags {
  nodes: string[];
}

export interface SimulateOptions {
  /** Wall-clock time of t=0 (RFC 3339). Used for ages of deletionTimestamps and for timestamps written. */
  now: string;
  /** Safety cap on virtual time in seconds (default 24 h): a run still busy then is reported as stalled. */
  horizonSeconds?: number;
}

export type DrainOutcomeResult = "drained" | "refused" | "stalled" | "timeout" | "failed";
export type PodAction = "evict" | "delete" | "ignore" | "skip";
export type PodOutcome = "evicted" | "deleted" | "blocked" | "failed" | "ignored" | "skipped" | "not-attempted";

export interface DrainPodReport {
  pod: string;
  action: PodAction;
  outcome: PodOutcome;
  pdb: string | null;
  attempts: number;
  message: string;
  evictedAt: number | null;
}

export interface TimelineEntry {
  t: number;
  kind: TimelineKind;
  object: string;
  message: string;
}

export type TimelineKind =
  | "cordon"
  | "uncordon"
  | "warning"
  | "error"
  | "evict"
  | "evict-conflict"
  | "evict-429"
  | "evict-error"
  | "evict-accepted"
  | "delete"
  | "endpoints-removed"
  | "prestop"
  | "sigterm"
  | "sigkill"
  | "exited"
  | "pod-gone"
  | "kubectl-done"
  | "skip"
  | "replacement-created"
  | "scheduled"
  | "failed-scheduling"
  | "ready"
  | "pdb-status"
  | "drained"
  | "stalled"
  | "timeout"
  | "failed"
  | "refused";

/** The exact shape printed by `podscope drain -o json`. */
export interface DrainJson {
  node: string;
  result: DrainOutcomeResult;
  errors: string[];
  warnings: string[];
  pods: DrainPodReport[];
  timeline: TimelineEntry[];
  findings: string[];
}

export interface PdbSample {
  t: number;
  pdb: string;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
}

/** The result of draining one node: the JSON shape plus what kubectl printed and what the UI draws. */
export interface DrainResult extends DrainJson {
  /** kubectl's own lines in order, each with its time and stream. */
  kubectl: { t: number; stream: "out" | "err"; line: string }[];
  /** When this node's drain ended (seconds from the start of the whole run). */
  startedAt: number;
  endedAt: number;
  pdbSeries: PdbSample[];
  /** Replacement pods created during this node's drain and where they ended up (null: still Pending). */
  replacements: { pod: string; replaces: string; node: string | null; readyAt: number | null; pendingReason: string | null }[];
}

/** Several nodes in sequence share one clock and one cluster. */
export interface RollingDrainResult {
  nodes: DrainResult[];
  timeline: TimelineEntry[];
  findings: string[];
  endedAt: number;
}
