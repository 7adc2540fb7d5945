import { z } from "zod";
import type { Node } from "@podscope/core";
import { requireCapability } from "../capabilities";
import type { NodesAt } from "../source";
import { atTime } from "../time-travel";
import { publicProcedure, router } from "../trpc";
import type { Wire } from "../wire";
import { sourceInput } from "./input";

export const nodesRouter = router({
  list: publicProcedure
    .input(sourceInput)
    .query(async ({ ctx, input }): Promise<Wire<Node[]>> => (await ctx.registry.get(input.source)).listNodes()),

  /**
   * Time travel: the source's nodes as they were at `at` (RFC 3339 or -15m from the source's clock) — conditions,
   * capacity, allocatable, taints and cordon recorded then — and since when node history reaches back.
   */
  at: publicProcedure
    .input(sourceInput.extend({ at: z.string().min(1) }))
    .query(async ({ ctx, input }): Promise<Wire<NodesAt & { at: string }>> => {
      const src = await ctx.registry.get(input.source);
      const t = atTime(input.at, src);
      const r = await requireCapability(src, "history").nodesAt(new Date(t));
      return { ...r, at: new Date(t).toISOString() };
    }),
});
