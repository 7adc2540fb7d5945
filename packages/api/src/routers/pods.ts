import { parseManifest, type Pod } from "@podscope/core";
import type { Wire } from "../wire";
import { z } from "zod";
import { requireCapability } from "../capabilities";
import type { PodDetail, WatchEvent } from "../source";
import { mutatingProcedure, publicProcedure, router } from "../trpc";
import { podRef, sourceInput } from "./input";

export type PodWatchMessage = Wire<WatchEvent<Pod> | { type: "SYNC"; objects: Pod[] }>;

export const podsRouter = router({
  list: publicProcedure.input(sourceInput).query(async ({ ctx, input }): Promise<Wire<Pod[]>> => (await ctx.registry.get(input.source)).listPods()),

  get: publicProcedure.input(podRef).query(async ({ ctx, input }): Promise<Wire<Pod>> =>
    (await ctx.registry.get(input.source)).getPod(input.namespace, input.name)),

  detail: publicProcedure.input(podRef).query(async ({ ctx, input }): Promise<Wire<PodDetail>> =>
    (await ctx.registry.get(input.source)).podDetail(input.namespace, input.name)),

  /** The full list once, then every change: what the pod list and the overview keep themselves current with. */
  watch: publicProcedure.input(sourceInput).subscription(async function* ({ ctx, input, signal }) {
    const src = await ctx.registry.get(input.source);
    const queue: PodWatchMessage[] = [];
    let wake: (() => void) | undefined;
    // One abort listener for the whole subscription (not one per wait: they would pile up).
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort, { once: true });
    // Subscribe before listing so no change falls between the list and the watch.
    const stop = src.watchPods((e) => { queue.push(e); wake?.(); });
    try {
      const sync: PodWatchMessage = { type: "SYNC", objects: await src.listPods() };
      yield sync;
      while (!signal?.aborted) {
        while (queue.length) yield queue.shift()!;
        if (signal?.aborted) break;
        await new Promise<void>((r) => { wake = r; });
        wake = undefined;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      stop();
    }
  }),

  // "apply" is a reserved word in tRPC routers (Function.prototype.apply): kubectl's apply is `create` here.
  create: mutatingProcedure
    .input(sourceInput.extend({ yaml: z.string().max(8 * 1024 * 1024), fileName: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const src = await ctx.registry.get(input.source);
      const apply = requireCapability(src, "apply");
      const objects = parseManifest(input.yaml, input.fileName ?? "<input>").map((o) => o.object);
      return apply(objects);
    }),

  delete: mutatingProcedure
    .input(podRef.extend({ gracePeriodSeconds: z.number().int().min(0).optional() }))
    .mutation(async ({ ctx, input }) => {
      const src = await ctx.registry.get(input.source);
      await requireCapability(src, "deletePod")(input.namespace, input.name, input.gracePeriodSeconds);
      return { deleted: { namespace: input.namespace, name: input.name } };
    }),
});
