import { z } from "zod";
import { requireCapability } from "../capabilities";
import { publicProcedure, router } from "../trpc";
import { podRef } from "./input";

const logInput = podRef.extend({
  container: z.string().optional(),
  previous: z.boolean().optional(),
  tailLines: z.number().int().positive().optional(),
});

export const logsRouter = router({
  get: publicProcedure.input(logInput).query(async ({ ctx, input }) => {
    const logs = requireCapability(await ctx.registry.get(input.source), "logs");
    const lines: string[] = [];
    for await (const l of logs(input.namespace, input.name, { container: input.container, previous: input.previous, tailLines: input.tailLines })) lines.push(l);
    return lines.join("\n");
  }),
  follow: publicProcedure.input(logInput).subscription(async function* ({ ctx, input, signal }) {
    const logs = requireCapability(await ctx.registry.get(input.source), "logs");
    for await (const line of logs(input.namespace, input.name, { container: input.container, follow: true, tailLines: input.tailLines, signal })) {
      yield { line };
    }
  }),
});
