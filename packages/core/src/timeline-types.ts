// The shapes of the lifecycle timeline model. Times are milliseconds since the epoch (numbers, so the UI
// can scale them without parsing); every span says whether its start was seen happening or reconstructed
// from timestamps inside a status (`inferred`), because a postmortem must not present guesses as facts.
import type { KubeEvent, Pod, PodStatus } from "./types";

export interface TimelineInput {
  pod: Pod;
  /**
   * Status snapshots as a recorder saw them, any order (they are sorted). May be empty. A record with
   * `status: null` says the pod object was gone at that time; records whose `uid` is not the pod's belong
   * to an earlier pod of the same name and are left out.
   */
  history: { time: string; status: PodStatus | null; uid?: string }[];
  /** Events about the pod (involvedObject = the pod), any order. */
  events: KubeEvent[];
  /** The clock, passed in: open spans end here and the "now" line is drawn here. */
  now: Date;
}

export type PhaseSpanState = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
export type ConditionSpanState = "True" | "False" | "Unknown";
/**
 * Container lanes: `waiting` (with its reason), `running` (one span per run; how the run ended is on the
 * span), `terminated` (the final state), `backoff` (the wait between an exit and the next start),
 * `unobserved` (runs we know happened from restartCount but never saw).
 * Hooks lane: `hook`. Signals lane: `grace` (from the deletion request to the grace deadline).
 */
export type ContainerSpanState = "waiting" | "running" | "terminated" | "backoff" | "unobserved";
export type SpanState = PhaseSpanState | ConditionSpanState | ContainerSpanState | "hook" | "grace";

export interface TimelineSpan {
  start: number;
  end: number;
  /** Still going on at the end of the model (`now`). */
  open: boolean;
  state: SpanState;
  /** Short text for the bar. */
  label: string;
  reason?: string;
  message?: string;
  exitCode?: number;
  signal?: number;
  /** For container runs: which run this is (0 = first start, n = after the n-th restart). */
  run?: number;
  /** For hook spans: the container the hook belongs to. */
  container?: string;
  /** The start was reconstructed, not observed. */
  inferred: boolean;
}

export type TickKind = "restart" | "postStart" | "preStop" | "TERM" | "KILL" | "deletion" | "deadline" | "removed";

export interface TimelineTick {
  time: number;
  kind: TickKind;
  label: string;
  detail?: string;
  container?: string;
  inferred: boolean;
}

export type LaneKind = "phase" | "condition" | "initContainer" | "container" | "hooks" | "signals";

export interface TimelineLane {
  /** Stable id: "phase", "condition:Ready", "init:setup", "container:app", "hooks", "signals". */
  id: string;
  kind: LaneKind;
  label: string;
  container?: string;
  spans: TimelineSpan[];
  ticks: TimelineTick[];
}

export interface TimelineMarker {
  /** Stable id (event uid, else name, else position). */
  id: string;
  /** Where the marker sits: the last time the event happened. */
  time: number;
  firstTime: number;
  lastTime: number;
  reason: string;
  message: string;
  count: number;
  type: "Normal" | "Warning";
  /** From involvedObject.fieldPath `spec.containers{name}` / `spec.initContainers{name}`. */
  container?: string;
  component?: string;
  /**
   * For an event folded from repeats that the container's runs can date (Pulled, Created, Started at each
   * start): when each occurrence happened, in order — first and last from the event, those between inferred
   * from the run starts. Fewer than `count` when some starts were never observed.
   */
  occurrences?: { time: number; inferred: boolean }[];
  /** The event itself, for the detail view. */
  event: KubeEvent;
}

export interface TimelineModel {
  start: number;
  /** now, or the time the pod object disappeared (then nothing is drawn past it). */
  end: number;
  now: number;
  /** When the recorder saw the pod object deleted from the API, if it did. */
  deletedAt?: number;
  lanes: TimelineLane[];
  markers: TimelineMarker[];
  /** Input that could not be placed (bad timestamps …), in words; nothing is dropped silently. */
  warnings: string[];
}

export class TimelineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimelineInputError";
  }
}
