// The live half of the drain rehearsal on a cluster context: "check with the server" (dry-run evictions beside
// the sequential simulation; changes nothing), "drain for real" (a subscription streaming kubectl's lines and
// per-pod events; confirmed by typing the node name) and uncordon, offered after a drain or a stop.
import { checkWithServer, DrainRequestError, streamDrain, type KubeSource } from "@podscope/kube";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { toTRPCError } from "../errors";
import type { Source } from "../source";
import { ClusterSource } from "../sources/kube";
import { mutatingProcedure, publicProcedure, router } from "../trpc";

/** kubectl drain's flags, as the simulator names them. */
const flags = z.object({
  force: z.boolean().optional(),
  ignoreDaemonSets: z.boolean().optional(),
  deleteEmptyDirData: z.boolean().optional(),
  disableEviction: z.boolean().optional(),
  gracePeriodSeconds: z.number().int().min(-1).optional(),
  timeoutSeconds: z.number().min(0).optional(),
  podSelector: z.string().optional(),
  skipWaitForDeleteTimeoutSeconds: z.number().int().min(0).optional(),
}).strict();

const target = z.object({ source: z.string().min(1), node: z.string().min(1), flags: flags.default({}) });

function clusterOf(src: Source): KubeSource {
  if (!(src instanceof ClusterSource) || !src.info().capabilities.canEvict) {
    throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `source "${src.id}" cannot evict pods: checking or running a real drain needs a Kubernetes cluster context (a kube:<context> source)` });
  }
  return src.kubeSource;
}

/** Bad flags → 400 in the executor's words; anything else as the API server said it (403 stays 403). */
function mapped(e: unknown): TRPCError {
  if (e instanceof DrainRequestError) return new TRPCError({ code: "BAD_REQUEST", message: e.message, cause: e });
  return toTRPCError(e);
}

export const drainLiveRouter = router({
  /** Server-side dry-run evictions for every pod the drain would evict, beside the sequential simulation. Nothing changes. */
  check: publicProcedure.input(target).mutation(async ({ ctx, input }) => {
    const kube = clusterOf(await ctx.registry.get(input.source));
    try { return await checkWithServer(kube, { node: input.node, ...input.flags }); } catch (e) { throw mapped(e); }
  }),

  /** Drains for real, as kubectl does. Closing the subscription stops it; the node stays cordoned. */
  execute: mutatingProcedure.input(target.extend({ confirm: z.string() })).subscription(async function* ({ ctx, input, signal }) {
    if (input.confirm !== input.node) {
      throw new TRPCError({ code: "BAD_REQUEST", message: `to drain node "${input.node}" for real, type its name to confirm (got "${input.confirm}")` });
    }
    const kube = clusterOf(await ctx.registry.get(input.source));
    try {
      yield* streamDrain(kube, { node: input.node, ...input.flags }, signal);
    } catch (e) { throw mapped(e); }
  }),

  /** Makes the node schedulable again, as `kubectl uncordon` does. */
  uncordon: mutatingProcedure.input(z.object({ source: z.string().min(1), node: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const kube = clusterOf(await ctx.registry.get(input.source));
    try {
      const n = await kube.uncordon(input.node);
      return { node: input.node, unschedulable: n.spec?.unschedulable === true, line: `node/${input.node} uncordoned` };
    } catch (e) { throw mapped(e); }
  }),
});
