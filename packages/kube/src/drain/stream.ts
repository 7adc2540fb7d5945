// A real drain as an async stream (for a tRPC subscription or a terminal): every progress step as it happens,
// then the result. Leaving the loop early, or aborting the signal, stops the drain; the node stays cordoned.
import type { KubeSource } from "../source";
import { executeDrain } from "./execute";
import type { DrainProgress, LiveDrainRequest, LiveDrainResult } from "./types";

export type DrainStreamMessage = { type: "progress"; progress: DrainProgress } | { type: "result"; result: LiveDrainResult };

export async function* streamDrain(kube: KubeSource, req: LiveDrainRequest, signal?: AbortSignal): AsyncGenerator<DrainStreamMessage> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) stop.abort();
  const queue: DrainStreamMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: { error: unknown } | null = null;
  let finished = false;
  const push = (m: DrainStreamMessage) => {
    queue.push(m);
    wake?.();
  };
  const running = executeDrain(kube, req, { signal: stop.signal, onProgress: (progress) => push({ type: "progress", progress }) })
    .then(
      (result) => push({ type: "result", result }),
      (error) => {
        failure = { error };
      },
    )
    .finally(() => {
      finished = true;
      wake?.();
    });
  try {
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      if (failure) throw (failure as { error: unknown }).error;
      if (finished) return;
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = null;
    }
  } finally {
    // The consumer left (or the stream ended): make sure the drain is not left running unseen.
    stop.abort();
    signal?.removeEventListener("abort", onAbort);
    await running;
  }
}
