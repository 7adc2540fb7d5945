// The crash-loop back-off as the explanation panel shows it: which step of the 10 s → 5 min ladder the
// container is on, how long kubelet waits, and when the next restart is due (for the countdown).
import { INITIAL_BACKOFF_MS, MAX_BACKOFF_MS } from "./backoff";
import type { ContainerStatus } from "./types";

export interface BackoffExplanation {
  /** Restarts so far (restartCount). */
  restartCount: number;
  /** Position in the 10s → 20s → … → 5m ladder, 1-based. */
  step: number;
  /** The wait kubelet applies before the next restart, in seconds. */
  waitSeconds: number;
  /** When the next restart is due: last exit's finishedAt + wait (RFC 3339), if finishedAt is known. */
  nextRestartAt?: string;
  /** Seconds from `now` until then, never negative. */
  secondsUntilRestart?: number;
}

function ms(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Go duration text as kubelet prints it in the back-off message ("10s", "1m20s", "5m0s") → ms. */
export function parseGoDuration(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!m || text === "") return undefined;
  return (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
}

/**
 * The wait before the next restart of a crash-looping container. kubelet says it in the waiting message
 * ("back-off 40s restarting failed container=…"); without the message we derive it from restartCount: the
 * first exit restarts at once, every later one doubles the wait from 10 s up to 5 min.
 */
export function crashLoopWaitMs(status: ContainerStatus): number {
  const said = /back-off (\S+) restarting/.exec(status.state?.waiting?.message ?? "");
  const parsed = said ? parseGoDuration(said[1]) : undefined;
  if (parsed !== undefined) return parsed;
  const n = Math.max(1, status.restartCount);
  return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (n - 1));
}

export function backoffOf(status: ContainerStatus, now: Date): BackoffExplanation {
  const wait = crashLoopWaitMs(status);
  const step = Math.max(1, Math.round(Math.log2(wait / INITIAL_BACKOFF_MS)) + 1);
  const finished = ms(status.lastState?.terminated?.finishedAt);
  const out: BackoffExplanation = { restartCount: status.restartCount, step, waitSeconds: Math.round(wait / 1000) };
  if (finished !== undefined) {
    out.nextRestartAt = new Date(finished + wait).toISOString();
    out.secondsUntilRestart = Math.max(0, Math.ceil((finished + wait - now.getTime()) / 1000));
  }
  return out;
}
