import { z } from "zod";
import { parseSnapshot, SnapshotSource } from "../sources/snapshot";
import { mutatingProcedure, publicProcedure, router } from "../trpc";

let snapshotCounter = 0;

export const sourcesRouter = router({
  list: publicProcedure.query(({ ctx }) => ctx.registry.list()),
  /** Opens an exported snapshot as a read-only source; returns its id. */
  openSnapshot: mutatingProcedure
    .input(z.object({ json: z.string().max(64 * 1024 * 1024) }))
    .mutation(({ ctx, input }) => {
      const snap = parseSnapshot(input.json);
      const id = `snapshot-${++snapshotCounter}`;
      ctx.registry.add(new SnapshotSource(id, snap));
      return { source: id };
    }),
});
