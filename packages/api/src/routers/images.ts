import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Source } from "../source";
import { mutatingProcedure, publicProcedure, router } from "../trpc";
import { sourceInput } from "./input";

function imagesOf(src: Source) {
  if (!src.images) throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `source "${src.id}" has no local image store (only the local node has)` });
  return src.images;
}

export const imagesRouter = router({
  list: publicProcedure.input(sourceInput).query(async ({ ctx, input }) => imagesOf(await ctx.registry.get(input.source)).list()),
  import: mutatingProcedure
    .input(sourceInput.extend({ path: z.string().min(1) }))
    .mutation(async ({ ctx, input }) => imagesOf(await ctx.registry.get(input.source)).importFile(input.path)),
});
