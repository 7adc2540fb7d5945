import type { Node } from "@podscope/core";
import { publicProcedure, router } from "../trpc";
import type { Wire } from "../wire";
import { sourceInput } from "./input";

export const nodesRouter = router({
  list: publicProcedure
    .input(sourceInput)
    .query(async ({ ctx, input }): Promise<Wire<Node[]>> => (await ctx.registry.get(input.source)).listNodes()),
});
