// Container restart back-off as kubelet keeps it (kuberuntime doBackOff + client-go flowcontrol.Backoff).
// One entry per container: the first exit restarts at once and arms a 10 s back-off; each further
// exit that comes while the entry is fresh doubles it, up to 300 s. An entry is stale (and starts
// over at 10 s) when two exits are more than 2 × the cap (10 minutes) apart, i.e. the container ran
// long enough. The window is counted from the last exit's finishedAt. No clock here: times are passed in.
import { goDuration } from "./duration";

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

export interface BackoffEntry {
  /** Current back-off duration in ms. */
  backoffMs: number;
  /** finishedAt (ms since epoch) of the exit that last armed the entry. */
  lastUpdateMs: number;
}

export type BackoffState = Record<string, BackoffEntry>;

function expired(eventMs: number, entry: BackoffEntry, maxMs: number): boolean {
  return eventMs - entry.lastUpdateMs > 2 * maxMs;
}

export interface BackoffDecision {
  /** true: still backing off — do not restart before `restartAtMs`. */
  inBackoff: boolean;
  /** When the restart may happen (ms since epoch). */
  restartAtMs: number;
  /** The back-off duration that applies (ms). */
  backoffMs: number;
}

export class RestartBackoff {
  constructor(
    public state: BackoffState = {},
    private readonly initialMs = INITIAL_BACKOFF_MS,
    private readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  /** kubelet's IsInBackOffSince: is a restart of `key`, which last exited at `finishedAtMs`, still held back at `nowMs`? */
  isInBackoffSince(key: string, finishedAtMs: number, nowMs: number): boolean {
    const e = this.state[key];
    if (!e || expired(finishedAtMs, e, this.maxMs)) return false;
    return nowMs - finishedAtMs < e.backoffMs;
  }

  /** kubelet's Next: called when a restart goes ahead; arms or doubles the entry. */
  next(key: string, finishedAtMs: number): BackoffEntry {
    const e = this.state[key];
    const backoffMs = !e || expired(finishedAtMs, e, this.maxMs) ? this.initialMs : Math.min(e.backoffMs * 2, this.maxMs);
    return (this.state[key] = { backoffMs, lastUpdateMs: finishedAtMs });
  }

  get(key: string): number {
    return this.state[key]?.backoffMs ?? 0;
  }

  /**
   * One decision of kubelet's sync loop for an exited container that should be restarted:
   * either it is in back-off (CrashLoopBackOff until restartAtMs), or the restart goes ahead now
   * and the entry is armed for the next exit.
   */
  decide(key: string, finishedAtMs: number, nowMs: number): BackoffDecision {
    if (this.isInBackoffSince(key, finishedAtMs, nowMs)) {
      const b = this.get(key);
      return { inBackoff: true, restartAtMs: finishedAtMs + b, backoffMs: b };
    }
    const e = this.next(key, finishedAtMs);
    return { inBackoff: false, restartAtMs: nowMs, backoffMs: e.backoffMs };
  }

  forget(key: string): void {
    delete this.state[key];
  }
}

/** kubelet's format.Pod: name_namespace(uid). */
export function formatPod(pod: { metadata: { name?: string; namespace?: string; uid?: string } }): string {
  return `${pod.metadata.name}_${pod.metadata.namespace ?? "default"}(${pod.metadata.uid ?? ""})`;
}

/** The waiting message of a container in CrashLoopBackOff. */
export function crashLoopBackOffMessage(
  backoffMs: number,
  container: string,
  pod: { metadata: { name?: string; namespace?: string; uid?: string } },
): string {
  return `back-off ${goDuration(backoffMs)} restarting failed container=${container} pod=${formatPod(pod)}`;
}

/** The message of the BackOff event. */
export function backOffEventMessage(container: string, pod: { metadata: { name?: string; namespace?: string; uid?: string } }): string {
  return `Back-off restarting failed container ${container} in pod ${formatPod(pod)}`;
}
