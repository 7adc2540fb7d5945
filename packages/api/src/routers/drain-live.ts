// The live half of the drain rehearsal on a cluster context: "check with the server" (dry-run evictions beside
// the sequential simulation; changes nothing), "drain for real" (a subscription streaming kubectl's lines and
// per-pod events; confirmed by typing the node name) and uncordon, offered after a drain or a stop.
import { DrainRequestError } from "@podscope/kube";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { toTRPCError } from "../errors";
import { requireCapability } from "../capabilities";
import { mutatingProcedure, publicProcedure, router } from "../trpc";
import { drainFlags } from "../drain-flags";

const flags = drainFlags.strict();

const target = z.object({ source: z.string().min(1), node: z.string().min(1), flags: flags.default({}) });

// Drains running in this server, by source and node: Stop aborts one (the subscription then yields the "stopped"
// result), and a second drain of the same node is refused while one runs.
const running = new Map<string, AbortController>();
const key = (source: string, node: string) => `${source}\u0000${node}`;

/** Bad flags → 400 in the executor's words; anything else as the API server said it (403 stays 403). */
function mapped(e: unknown): TRPCError {
  if (e instanceof DrainRequestError) return new TRPCError({ code: "BAD_REQUEST", message: e.message, cause: e });
  return toTRPCError(e);
}

export const drainLiveRouter = router({
  /** Server-side dry-run evictions for every pod the drain would evict, beside the sequential simulation. Nothing changes. */
  check: publicProcedure.input(target).mutation(async ({ ctx, input }) => {
    const drainer = requireCapability(await ctx.registry.get(input.source), "drainer");
    try {
      return await drainer.check({ node: input.node, ...input.flags });
    } catch (e) {
      throw mapped(e);
    }
  }),

  /** Drains for real, as kubectl does. Closing the subscription stops it; the node stays cordoned. */
  execute: mutatingProcedure.input(target.extend({ confirm: z.string() })).subscription(async function* ({ ctx, input, signal }) {
    if (input.confirm !== input.node) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: `to drain node "${input.node}" for real, type its name to confirm (got "${input.confirm}")`,
      });
    }
    const drainer = requireCapability(await ctx.registry.get(input.source), "drainer");
    const k = key(input.source, input.node);
    if (running.has(k))
      throw new TRPCError({ code: "CONFLICT", message: `a drain of node "${input.node}" is already running on this server` });
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    running.set(k, stop);
    try {
      yield* drainer.drain({ node: input.node, ...input.flags }, stop.signal);
    } catch (e) {
      throw mapped(e);
    } finally {
      running.delete(k);
      signal?.removeEventListener("abort", onAbort);
    }
  }),

  /** Stops a running drain: no more evictions; the subscription ends with the "stopped" result; the node stays cordoned. */
  stop: mutatingProcedure.input(z.object({ source: z.string().min(1), node: z.string().min(1) })).mutation(({ input }) => {
    const stop = running.get(key(input.source, input.node));
    if (!stop) throw new TRPCError({ code: "NOT_FOUND", message: `no drain of node "${input.node}" is running on this server` });
    stop.abort();
    return { node: input.node, stopping: true };
  }),

  /** Makes the node schedulable again, as `kubectl uncordon` does. */
  uncordon: mutatingProcedure.input(z.object({ source: z.string().min(1), node: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const drainer = requireCapability(await ctx.registry.get(input.source), "drainer");
    try {
      const n = await drainer.uncordon(input.node);
      return { node: input.node, unschedulable: n.spec?.unschedulable === true, line: `node/${input.node} uncordoned` };
    } catch (e) {
      throw mapped(e);
    }
  }),
});
