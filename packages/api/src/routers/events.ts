import { z } from "zod";
import { eventInvolves, isNotFound, type KubeEvent } from "@podscope/core";
import { requireCapability } from "../capabilities";
import { atTime } from "../time-travel";
import { publicProcedure, router } from "../trpc";
import type { Wire } from "../wire";
import type { Source } from "../source";
import { sourceInput } from "./input";

export const eventsRouter = router({
  /**
   * Events, or one pod's: with a name, those of one incarnation as kubectl selects them (by
   * involvedObject.uid): the `uid` given, else the live pod's, else the name's latest recorded one.
   * With `at` (a recording source): the events as they were then — those not yet happened left out, each
   * with its count and last time then (an event that kept repeating after T does not show its final count).
   */
  list: publicProcedure
    .input(
      sourceInput.extend({
        namespace: z.string().optional(),
        name: z.string().optional(),
        uid: z.string().min(1).optional(),
        at: z.string().min(1).optional(),
      }),
    )
    .query(async ({ ctx, input }): Promise<Wire<KubeEvent[]>> => {
      const src = await ctx.registry.get(input.source);
      const { namespace, name } = input;
      if (input.at) {
        const t = new Date(atTime(input.at, src));
        const history = requireCapability(src, "history");
        if (namespace && name && input.uid) return history.eventsAt(t, { namespace, name, uid: input.uid });
        const all = await history.eventsAt(t);
        return all
          .filter((e) => !namespace || (e.involvedObject.namespace ?? e.metadata.namespace) === namespace)
          .filter((e) => !name || eventInvolves(e, { namespace, name }));
      }
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
