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
    return stream(input.namespace, input.name, {
      kind: "exec",
      container: input.container,
      command: input.command,
      stdin: input.stdin,
      tty: input.tty,
    });
  }),
  /** kubectl debug: an ephemeral container in the pod (the client then attaches to it with `attach`). */
  debug: mutatingProcedure
    .input(
      podRef.extend({
        image: z.string().min(1),
        container: z.string().min(1).optional(),
        target: z.string().min(1).optional(),
        command: z.array(z.string()).optional(),
        stdin: z.boolean().default(false),
        tty: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const debug = requireCapability(await ctx.registry.get(input.source), "debug");
      return debug(input.namespace, input.name, {
        image: input.image,
        name: input.container,
        target: input.target,
        command: input.command,
        stdin: input.stdin,
        tty: input.tty,
      });
    }),
  attach: mutatingProcedure.input(streamInput).mutation(async ({ ctx, input }) => {
    const stream = requireCapability(await ctx.registry.get(input.source), "stream");
    return stream(input.namespace, input.name, { kind: "attach", container: input.container, stdin: input.stdin, tty: input.tty });
  }),
});
