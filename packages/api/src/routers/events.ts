import { z } from "zod";
import type { KubeEvent } from "@podscope/core";
import { publicProcedure, router } from "../trpc";
import type { Wire } from "../wire";
import { sourceInput } from "./input";

export const eventsRouter = router({
  list: publicProcedure
    .input(sourceInput.extend({ namespace: z.string().optional(), name: z.string().optional() }))
    .query(async ({ ctx, input }): Promise<Wire<KubeEvent[]>> => (await ctx.registry.get(input.source)).listEvents({ namespace: input.namespace, name: input.name })),
});
