import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { sourceInput } from "./input";

export const eventsRouter = router({
  list: publicProcedure
    .input(sourceInput.extend({ namespace: z.string().optional(), name: z.string().optional() }))
    .query(async ({ ctx, input }) => (await ctx.registry.get(input.source)).listEvents({ namespace: input.namespace, name: input.name })),
});
