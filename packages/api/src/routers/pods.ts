import { isNotFound, notFound, parseManifest, type Pod } from "@podscope/core";
import type { Wire } from "../wire";
import { z } from "zod";
import { requireCapability } from "../capabilities";
import type { DeletedPod, Incarnation, PodDetail, Source, WatchEvent } from "../source";
import { mutatingProcedure, publicProcedure, router } from "../trpc";
import { podRef, sourceInput } from "./input";

export type PodWatchMessage = Wire<WatchEvent<Pod> | { type: "SYNC"; objects: Pod[] }>;

export const podsRouter = router({
  list: publicProcedure.input(sourceInput).query(async ({ ctx, input }): Promise<Wire<Pod[]>> => (await ctx.registry.get(input.source)).listPods()),

  get: publicProcedure.input(podRef).query(async ({ ctx, input }): Promise<Wire<Pod>> =>
    (await ctx.registry.get(input.source)).getPod(input.namespace, input.name)),

  /**
   * One incarnation's detail: the one `uid` names, else the live pod of that name, else (a recording
   * source) the name's most recent incarnation — a deleted pod's page shows its life, not "not found".
   */
  detail: publicProcedure.input(podRef.extend({ uid: z.string().min(1).optional() })).query(async ({ ctx, input }): Promise<Wire<PodDetail>> =>
    podDetail(await ctx.registry.get(input.source), input.namespace, input.name, input.uid)),

  /** Every recorded incarnation of a name (none for a source that records no history), oldest first. */
  incarnations: publicProcedure.input(podRef).query(async ({ ctx, input }): Promise<Wire<Incarnation[]>> => {
    const src = await ctx.registry.get(input.source);
    return src.history ? src.history.incarnations(input.namespace, input.name) : [];
  }),

  /** Pods seen deleted within the source's retention, most recently deleted first. */
  deleted: publicProcedure.input(sourceInput).query(async ({ ctx, input }): Promise<Wire<DeletedPod[]>> =>
    requireCapability(await ctx.registry.get(input.source), "history").deletedPods()),

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

async function podDetail(src: Source, namespace: string, name: string, uid?: string): Promise<PodDetail> {
  if (uid) {
    const d = await requireCapability(src, "history").podDetailByUid(uid);
    // A uid of another pod is not this pod's incarnation.
    if (d.pod.metadata.namespace !== namespace || d.pod.metadata.name !== name) throw notFound("pods", name);
    return d;
  }
  try {
    return await src.podDetail(namespace, name);
  } catch (e) {
    if (!isNotFound(e) || !src.history) throw e;
    const last = (await src.history.incarnations(namespace, name)).at(-1);
    if (!last) throw e;
    return src.history.podDetailByUid(last.uid);
  }
}
