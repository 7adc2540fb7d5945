// The podscope agent on each node of a cluster source (`podscope agent status`): read-only, so no token,
// like every other read. The rows and their words are the kube agent client's.
import { requireCapability } from "../capabilities";
import { publicProcedure, router } from "../trpc";
import { sourceInput } from "./input";

export const agentsRouter = router({
  list: publicProcedure.input(sourceInput).query(async ({ ctx, input }) => {
    const agents = requireCapability(await ctx.registry.get(input.source), "agents");
    return { namespace: agents.namespace, ...(await agents.status()) };
  }),
});
