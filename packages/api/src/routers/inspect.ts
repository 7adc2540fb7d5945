import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { requireCapability } from "../capabilities";
import { publicProcedure, router } from "../trpc";
import { podRef, sourceInput } from "./input";

export const inspectRouter = router({
  /**
   * The cgroup tree of one pod, or without a pod the whole kubepods tree of a node: `node` names it on a
   * source with several (a cluster: the agent on that node answers); the local node's is its only one.
   */
  cgroups: publicProcedure
    .input(sourceInput.extend({ namespace: z.string().optional(), name: z.string().optional(), node: z.string().min(1).optional() }))
    .query(async ({ ctx, input }) => {
      const ins = requireCapability(await ctx.registry.get(input.source), "inspector");
      const pod = input.namespace && input.name ? { namespace: input.namespace, name: input.name } : undefined;
      return ins.cgroups(pod, input.node ? { node: input.node } : undefined);
    }),
  namespaces: publicProcedure
    .input(podRef)
    .query(async ({ ctx, input }) => requireCapability(await ctx.registry.get(input.source), "inspector").namespaces(input)),
  processes: publicProcedure
    .input(podRef)
    .query(async ({ ctx, input }) => requireCapability(await ctx.registry.get(input.source), "inspector").processes(input)),
  /** The pod's sandbox and containers as its node's container runtime reports them (CRI). */
  runtime: publicProcedure.input(podRef).query(async ({ ctx, input }) => {
    const source = await ctx.registry.get(input.source);
    const ins = requireCapability(source, "inspector");
    if (!ins.runtime)
      throw new TRPCError({
        code: "METHOD_NOT_SUPPORTED",
        message: `source "${source.id}" has no container runtime details (it keeps cgroups, namespaces and processes only)`,
      });
    return ins.runtime({ namespace: input.namespace, name: input.name });
  }),
});
