import { publicProcedure, router } from "../trpc";
import { sourceInput } from "./input";

export const nodesRouter = router({
  list: publicProcedure.input(sourceInput).query(async ({ ctx, input }) => (await ctx.registry.get(input.source)).listNodes()),
});
