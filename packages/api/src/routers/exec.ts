// exec and attach (kubectl exec/attach): the server checks the pod and container and asks the
// node for a streaming URL; the client then speaks channel.k8s.io to the node's streaming server
// itself, as kubectl's streams once went to kubelet's redirect. A mutation: running a command in a
// container changes state, so the token is required.
import { z } from "zod";
import { requireCapability } from "../capabilities";
import { mutatingProcedure, router } from "../trpc";
import { podRef } from "./input";

const streamInput = podRef.extend({
  container: z.string().min(1).optional(),
  stdin: z.boolean().default(false),
  tty: z.boolean().default(false),
});

export const execRouter = router({
  exec: mutatingProcedure.input(streamInput.extend({ command: z.array(z.string()).min(1) })).mutation(async ({ ctx, input }) => {
    const stream = requireCapability(await ctx.registry.get(input.source), "stream");
    return stream(input.namespace, input.name, { kind: "exec", container: input.container, command: input.command, stdin: input.stdin, tty: input.tty });
  }),
  attach: mutatingProcedure.input(streamInput).mutation(async ({ ctx, input }) => {
    const stream = requireCapability(await ctx.registry.get(input.source), "stream");
    return stream(input.namespace, input.name, { kind: "attach", container: input.container, stdin: input.stdin, tty: input.tty });
  }),
});
