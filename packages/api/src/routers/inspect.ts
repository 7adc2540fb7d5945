import { z } from "zod";
import { requireCapability } from "../capabilities";
import { publicProcedure, router } from "../trpc";
import { podRef, sourceInput } from "./input";

export const inspectRouter = router({
  /** The cgroup tree of one pod, or of all kubepods when no pod is named. */
  cgroups: publicProcedure
    .input(sourceInput.extend({ namespace: z.string().optional(), name: z.string().optional() }))
    .query(async ({ ctx, input }) => {
      const ins = requireCapability(await ctx.registry.get(input.source), "inspector");
      return ins.cgroups(input.namespace && input.name ? { namespace: input.namespace, name: input.name } : undefined);
    }),
  namespaces: publicProcedure
    .input(podRef)
    .query(async ({ ctx, input }) => requireCapability(await ctx.registry.get(input.source), "inspector").namespaces(input)),
  processes: publicProcedure
    .input(podRef)
    .query(async ({ ctx, input }) => requireCapability(await ctx.registry.get(input.source), "inspector").processes(input)),
});
