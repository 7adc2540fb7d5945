import { z } from "zod";
import { isNotFound, type KubeEvent } from "@podscope/core";
import { publicProcedure, router } from "../trpc";
import type { Wire } from "../wire";
import type { Source } from "../source";
import { sourceInput } from "./input";

export const eventsRouter = router({
  /**
   * Events, or one pod's: with a name, those of one incarnation as kubectl selects them (by
   * involvedObject.uid): the `uid` given, else the live pod's, else the name's latest recorded one.
   */
  list: publicProcedure
    .input(sourceInput.extend({ namespace: z.string().optional(), name: z.string().optional(), uid: z.string().min(1).optional() }))
    .query(async ({ ctx, input }): Promise<Wire<KubeEvent[]>> => {
      const src = await ctx.registry.get(input.source);
      const { namespace, name } = input;
      const uid = input.uid ?? (namespace && name ? await currentUid(src, namespace, name) : undefined);
      return src.listEvents({ namespace, name, ...(uid ? { uid } : {}) });
    }),
});

/** The UID a name stands for now: the live pod's, else its latest recorded incarnation's; none for a name never seen. */
async function currentUid(src: Source, namespace: string, name: string): Promise<string | undefined> {
  try {
    return (await src.getPod(namespace, name)).metadata.uid;
  } catch (e) {
    if (!isNotFound(e)) throw e;
    return (await src.history?.incarnations(namespace, name))?.at(-1)?.uid;
  }
}
