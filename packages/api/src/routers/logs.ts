import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Source } from "../source";
import { publicProcedure, router } from "../trpc";
import { podRef } from "./input";

const logInput = podRef.extend({
  container: z.string().optional(),
  previous: z.boolean().optional(),
  tailLines: z.number().int().positive().optional(),
});

function logsOf(src: Source) {
  if (!src.logs) throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `source "${src.id}" has no container logs` });
  return src.logs.bind(src);
}

export const logsRouter = router({
  get: publicProcedure.input(logInput).query(async ({ ctx, input }) => {
    const logs = logsOf(await ctx.registry.get(input.source));
    const lines: string[] = [];
    for await (const l of logs(input.namespace, input.name, { container: input.container, previous: input.previous, tailLines: input.tailLines })) lines.push(l);
    return lines.join("\n");
  }),
  follow: publicProcedure.input(logInput).subscription(async function* ({ ctx, input, signal }) {
    const logs = logsOf(await ctx.registry.get(input.source));
    for await (const line of logs(input.namespace, input.name, { container: input.container, follow: true, tailLines: input.tailLines, signal })) {
      yield { line };
    }
  }),
});
