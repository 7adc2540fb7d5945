import { parseWindowFile } from "@podscope/core";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { WindowSource, windowSourceId } from "../sources/window";
import { mutatingProcedure, publicProcedure, router } from "../trpc";
import { sourceInput } from "./input";

export const sourcesRouter = router({
  list: publicProcedure.query(({ ctx }) => ctx.registry.list()),
  /**
   * Opens a window file (or an older snapshot file) as a read-only source and returns its id. The id
   * comes from the file's bytes: opening the same file again returns the source already open, and a
   * file can never replace a source the server holds (its id is always window-…).
   */
  openSnapshot: mutatingProcedure
    .input(z.object({ json: z.string().max(256 * 1024 * 1024), fileName: z.string().max(1000).optional() }))
    .mutation(({ ctx, input }) => {
      const id = windowSourceId(input.json);
      if (!ctx.registry.has(id)) ctx.registry.add(new WindowSource(id, parseWindowFile(input.json, input.fileName)));
      return { source: id };
    }),
  /** Closes a source opened from a file; the local node and cluster contexts stay. */
  close: mutatingProcedure.input(sourceInput).mutation(async ({ ctx, input }) => {
    const src = await ctx.registry.get(input.source);
    if (!(src instanceof WindowSource)) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: `source "${input.source}" was not opened from a file: only those can be closed`,
      });
    }
    ctx.registry.remove(src.id);
    return { closed: src.id };
  }),
});
