import type { WindowFile } from "@podscope/core";
import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { exportWindow } from "../window-export";
import type { Wire } from "../wire";
import { sourceInput } from "./input";

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "expected an RFC 3339 time" });

export const snapshotsRouter = router({
  /**
   * One window file: the whole source, a namespace, or one pod (`pod`, or `name` as the pod page has
   * always sent it), with history, events, log lines and inspection data, for postmortems and lessons.
   */
  export: publicProcedure
    .input(
      sourceInput.extend({
        namespace: z.string().min(1).optional(),
        pod: z.string().min(1).optional(),
        name: z.string().min(1).optional(),
        from: time.optional(),
        to: time.optional(),
      }),
    )
    .query(async ({ ctx, input }): Promise<Wire<WindowFile>> => {
      const src = await ctx.registry.get(input.source);
      return exportWindow(
        src,
        {
          namespace: input.namespace,
          pod: input.pod ?? input.name,
          from: input.from ? Date.parse(input.from) : undefined,
          to: input.to ? Date.parse(input.to) : undefined,
        },
        Date.now(),
      );
    }),
});
