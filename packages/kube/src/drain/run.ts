// The shared state of one real drain: the clock (seconds from the start), kubectl's lines and structured events
// as they happen, the global --timeout, and stopping through an AbortSignal.
import { globalTimeoutMessage } from "@podscope/drain";
import type { DrainEventKind, DrainProgress, LiveDrainRequest } from "./types";

export class DrainRun {
  readonly lines: { t: number; stream: "out" | "err"; line: string }[] = [];
  private readonly start = Date.now();
  private deadline = Infinity;

  constructor(
    readonly req: LiveDrainRequest,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress?: (p: DrainProgress) => void,
  ) {}

  t(): number {
    return Math.round((Date.now() - this.start) / 100) / 10;
  }

  get stopped(): boolean {
    return this.signal?.aborted === true;
  }

  out(line: string): void {
    this.line("out", line);
  }
  err(line: string): void {
    this.line("err", line);
  }

  private line(stream: "out" | "err", line: string): void {
    const e = { t: this.t(), stream, line };
    this.lines.push(e);
    this.onProgress?.({ type: "line", ...e });
  }

  event(kind: DrainEventKind, pod: string | null, message: string): void {
    this.onProgress?.({ type: "event", t: this.t(), pod, kind, message });
  }

  /** kubectl's global timeout runs from the moment the evictions start. */
  startClock(): void {
    const s = this.req.timeoutSeconds ?? 0;
    if (s > 0) this.deadline = Date.now() + s * 1000;
  }

  get timedOut(): boolean {
    return Date.now() >= this.deadline;
  }

  /** kubectl's words for the expired timeout: "global timeout reached: 30s". */
  get timeoutMessage(): string {
    return globalTimeoutMessage(this.req.timeoutSeconds ?? 0);
  }

  /** Milliseconds left before the timeout (Infinity without one). */
  get remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** Sleeps, but wakes at once when the drain is stopped. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        this.signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal?.addEventListener("abort", done, { once: true });
    });
  }
}
