import { z } from "zod";
import { requireCapability } from "../capabilities";
import { mutatingProcedure, publicProcedure, router } from "../trpc";
import { sourceInput } from "./input";

export const imagesRouter = router({
  list: publicProcedure
    .input(sourceInput)
    .query(async ({ ctx, input }) => requireCapability(await ctx.registry.get(input.source), "images").list()),
  import: mutatingProcedure
    .input(sourceInput.extend({ path: z.string().min(1) }))
    .mutation(async ({ ctx, input }) => requireCapability(await ctx.registry.get(input.source), "images").importFile(input.path)),
});
