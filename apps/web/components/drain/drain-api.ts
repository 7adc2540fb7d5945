"use client";
// The drain procedures of the podscope API, typed with the shapes the ui components draw. tRPC's inferred
// JSON loses nothing the board reads, but the board declares its shapes structurally (ui may not import
// @podscope/drain or @podscope/kube), so each call casts once, here.
import type { DrainBoardData, DrainStreamView, ServerCheckView } from "@podscope/ui";
import type { Unsubscribable } from "@trpc/server/observable";
import { trpc } from "@/lib/client";
import { connection } from "@/lib/connection";
import type { DrainRequestInput } from "./flags";

export interface DrainScenario { name: string; description: string[]; drain: string; yaml: string }

export interface SimulateOutput {
  /** Objects of kinds the simulator does not use, by kind (Services, ConfigMaps, …). */
  ignored: Record<string, number>;
  result: { nodes: DrainBoardData[]; timeline: DrainBoardData["timeline"]; findings: string[]; endedAt: number };
}

/** The live endpoints take kubectl's flags without the rolling extension (their schema is strict). */
export type LiveFlags = Omit<DrainRequestInput, "nodes" | "uncordonAfterDrain">;

export const drainApi = {
  scenarios: async () => (await trpc().drain.scenarios.query()) as DrainScenario[],
  simulate: async (input: { source: string; request: DrainRequestInput } | { snapshot: string; request: DrainRequestInput }) =>
    (await trpc().drain.simulate.mutate(input)) as unknown as SimulateOutput,
  check: async (source: string, node: string, flags: LiveFlags) =>
    (await trpc().drainLive.check.mutate({ source, node, flags })) as unknown as ServerCheckView,
  execute: (
    input: { source: string; node: string; flags: LiveFlags; confirm: string },
    h: { onData: (m: DrainStreamView) => void; onError: (e: unknown) => void; onComplete: () => void },
  ): Unsubscribable => {
    // Counted like every subscription, so the header's live indicator covers a running drain too.
    connection.subscribed();
    const sub = trpc().drainLive.execute.subscribe(input, {
      onData: (m) => h.onData(m as unknown as DrainStreamView),
      onError: h.onError,
      onComplete: h.onComplete,
    });
    let done = false;
    return { unsubscribe: () => { if (!done) { done = true; connection.unsubscribed(); } sub.unsubscribe(); } };
  },
  stop: (source: string, node: string) => trpc().drainLive.stop.mutate({ source, node }),
  uncordon: (source: string, node: string) => trpc().drainLive.uncordon.mutate({ source, node }),
};
