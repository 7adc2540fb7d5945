import { TRPCError } from "@trpc/server";
import {
  DrainInputError,
  loadSnapshot,
  simulateRollingDrain,
  SnapshotError,
  snapshotFromObjects,
  type LoadedSnapshot,
} from "@podscope/drain";
import { z } from "zod";
import { drainFlags, rehearsalFlags } from "../drain-flags";
import { drainScenarios } from "../drain-scenarios";
import { drainStartStatus } from "../drain-start-status";
import { publicProcedure, router } from "../trpc";

const request = drainFlags.extend(rehearsalFlags.shape).extend({ nodes: z.array(z.string().min(1)).min(1) });

/** Bad snapshot or request → 400 with the simulator's own words (line and column for YAML). */
function badInput(e: unknown): never {
  if (e instanceof SnapshotError || e instanceof DrainInputError)
    throw new TRPCError({ code: "BAD_REQUEST", message: e.message, cause: e });
  throw e;
}

export const drainRouter = router({
  /** The teaching scenarios: name, what it shows, how to drain it, and the cluster as YAML. */
  scenarios: publicProcedure.query(() => drainScenarios()),

  /**
   * A rehearsal: the cluster comes from a live source (its objects now) or from a snapshot text
   * (YAML or JSON, as `kubectl get -o yaml` writes it). Nothing is changed anywhere.
   */
  simulate: publicProcedure
    .input(
      z
        .object({
          source: z.string().optional(),
          snapshot: z
            .string()
            .max(256 * 1024 * 1024)
            .optional(),
          request,
        })
        .refine((v) => !!v.source !== !!v.snapshot, { message: "give either source or snapshot" }),
    )
    .mutation(async ({ ctx, input }) => {
      let loaded: LoadedSnapshot;
      // A source opened from a file is replayed at the moment it was taken, not at the wall clock.
      let now = new Date().toISOString();
      try {
        if (input.snapshot !== undefined) loaded = loadSnapshot(input.snapshot, "snapshot");
        else {
          const src = await ctx.registry.get(input.source!);
          now = src.info().takenAt ?? now;
          loaded = snapshotFromObjects(await src.clusterObjects(), input.source);
        }
      } catch (e) {
        badInput(e);
      }
      try {
        const result = simulateRollingDrain(loaded.snapshot, input.request, { now });
        // Each board's NOW column starts from the pods as the cluster had them (a Failed pod is not "running").
        return {
          ignored: loaded.ignored,
          result: { ...result, nodes: result.nodes.map((n) => ({ ...n, startStatus: drainStartStatus(loaded.snapshot, n) })) },
        };
      } catch (e) {
        badInput(e);
      }
    }),
});
