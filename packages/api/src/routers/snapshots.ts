import { publicProcedure, router } from "../trpc";
import type { PodSnapshot } from "../sources/snapshot";
import type { Wire } from "../wire";
import { podRef } from "./input";

export const snapshotsRouter = router({
  /** One file holding a pod, its history, events and inspection data, for postmortems. */
  export: publicProcedure.input(podRef).query(async ({ ctx, input }): Promise<Wire<PodSnapshot>> => {
    const src = await ctx.registry.get(input.source);
    const detail = await src.podDetail(input.namespace, input.name);
    const info = src.info();
    const inspection: PodSnapshot["inspection"] = {};
    if (src.inspector) {
      // A pod that is gone has no cgroups or processes left: the snapshot then simply lacks them.
      const [cg, ns, ps] = await Promise.allSettled([src.inspector.cgroups(input), src.inspector.namespaces(input), src.inspector.processes(input)]);
      if (cg.status === "fulfilled") inspection.cgroups = cg.value;
      if (ns.status === "fulfilled") inspection.namespaces = ns.value;
      if (ps.status === "fulfilled") inspection.processes = ps.value;
    }
    return {
      kind: "PodscopeSnapshot", version: 1,
      source: { id: info.id, name: info.name, kind: info.kind },
      takenAt: new Date().toISOString(),
      pod: detail.pod, history: detail.history, events: detail.events, inspection,
    };
  }),
});
