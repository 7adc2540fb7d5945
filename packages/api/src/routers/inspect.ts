import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Source } from "../source";
import { publicProcedure, router } from "../trpc";
import { podRef, sourceInput } from "./input";

function inspectorOf(src: Source) {
  if (!src.inspector) {
    throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `source "${src.id}" cannot see its nodes' cgroups and namespaces (only the local node can)` });
  }
  return src.inspector;
}

export const inspectRouter = router({
  /** The cgroup tree of one pod, or of all kubepods when no pod is named. */
  cgroups: publicProcedure
    .input(sourceInput.extend({ namespace: z.string().optional(), name: z.string().optional() }))
    .query(async ({ ctx, input }) => {
      const ins = inspectorOf(await ctx.registry.get(input.source));
      return ins.cgroups(input.namespace && input.name ? { namespace: input.namespace, name: input.name } : undefined);
    }),
  namespaces: publicProcedure.input(podRef).query(async ({ ctx, input }) =>
    inspectorOf(await ctx.registry.get(input.source)).namespaces(input)),
  processes: publicProcedure.input(podRef).query(async ({ ctx, input }) =>
    inspectorOf(await ctx.registry.get(input.source)).processes(input)),
});
