// "Check with the server": a server-side dry-run eviction (dryRun=All) for every pod the drain would evict, set
// beside the sequential simulation of the same drain on the live snapshot. Nothing in the cluster changes: the
// node is not cordoned, no budget is decremented, no pod is touched.
import type { KubeObject, PodDisruptionBudget } from "@podscope/core";
import { gracePeriodOverride, serverDryRunAnswers, simulateDrain, snapshotFromObjects } from "@podscope/drain";
import { unsyncedError } from "../errors";
import { withTypeMeta, type ResourceName } from "../resources";
import type { KubeSource } from "../source";
import { ALLOWED, answerFromError } from "./answers";
import { comparePod, summarize } from "./compare";
import { getNode } from "./node";
import { listPodsOnNode, podKey, podsForDeletion } from "./pods";
import { validateRequest } from "./request";
import type { LiveDrainRequest, ServerAnswer, ServerCheck } from "./types";

/** What a drain rehearsal reads from a live cluster's watch caches (the simulator's whole input). */
export const DRAIN_SNAPSHOT_RESOURCES: readonly ResourceName[] = [
  "nodes",
  "pods",
  "poddisruptionbudgets",
  "replicasets",
  "deployments",
  "daemonsets",
  "statefulsets",
  "jobs",
  "priorityclasses",
];

/** The live cluster as the simulator reads it, from the source's shared list+watch caches. */
export async function liveSnapshotObjects(kube: KubeSource): Promise<KubeObject[]> {
  await kube.whenSynced([...DRAIN_SNAPSHOT_RESOURCES]);
  const out: KubeObject[] = [];
  for (const r of DRAIN_SNAPSHOT_RESOURCES) {
    const st = kube.syncStates().find((s) => s.resource === r);
    const items = kube.list(r);
    // Nodes, pods and budgets are essential: a drain simulated without them would be a guess.
    if (st?.state === "error" && items.length === 0 && (r === "nodes" || r === "pods" || r === "poddisruptionbudgets")) {
      throw unsyncedError(st.error, `cannot simulate the drain: ${r} could not be listed: ${st.error?.message}`, kube.context);
    }
    for (const o of withTypeMeta(r, items)) out.push(o);
  }
  return out;
}

/**
 * The fresh LIST can be ahead of the watch cache the simulation reads: give the cache a few seconds to see the same
 * pods. If it still has not, the check goes on and says so for those pods.
 */
async function cacheHolds(kube: KubeSource, uids: string[], timeoutMs = 10_000): Promise<void> {
  await kube.whenSynced(["pods"]);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const cached = new Set(kube.list("pods").map((p) => p.metadata.uid));
    if (uids.every((u) => cached.has(u)) || Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function dryRun(kube: KubeSource, req: LiveDrainRequest, ns: string, name: string): Promise<ServerAnswer> {
  const grace = gracePeriodOverride(req);
  try {
    if (req.disableEviction) {
      await kube.deletePod(ns, name, { dryRun: true, gracePeriodSeconds: grace });
      return { ...ALLOWED, code: 200 };
    }
    await kube.evictPod(ns, name, { dryRun: true, gracePeriodSeconds: grace });
    return ALLOWED;
  } catch (e) {
    return answerFromError(e);
  }
}

export async function checkWithServer(kube: KubeSource, req: LiveDrainRequest, opts: { now?: Date } = {}): Promise<ServerCheck> {
  validateRequest(req);
  const now = opts.now ?? new Date();
  await getNode(kube, req.node);
  const found = await podsForDeletion(kube, req, await listPodsOnNode(kube, req), now.getTime());
  const base = { node: req.node, errors: found.errors, warnings: found.warnings, checkedAt: now.toISOString() };
  // kubectl sends nothing when a filter error remains; neither do we.
  if (found.errors.length > 0)
    return {
      ...base,
      result: "refused",
      pods: [],
      simulatedResult: "refused",
      summary: [`kubectl would refuse to drain ${req.node}: ${found.errors.join("; ")}`],
    };

  await cacheHolds(
    kube,
    found.toDelete.map((p) => p.metadata.uid as string),
  );
  const answers = await Promise.all(
    found.toDelete.map((p) => dryRun(kube, req, p.metadata.namespace ?? "default", p.metadata.name as string)),
  );

  const { snapshot } = snapshotFromObjects(await liveSnapshotObjects(kube), `context ${kube.context}`);
  const simOpts = { now: now.toISOString() };
  const sim = simulateDrain(snapshot, req, simOpts);
  const predicted = serverDryRunAnswers(snapshot, req, simOpts);
  const allowed = new Map(
    snapshot.pdbs.map((d: PodDisruptionBudget) => [
      `${d.metadata.namespace ?? "default"}/${d.metadata.name}`,
      d.status?.disruptionsAllowed ?? 0,
    ]),
  );
  const pods = found.toDelete.map((p, i) => {
    const key = podKey(p);
    return comparePod({
      pod: key,
      server: answers[i],
      simulated: sim.pods.find((s) => s.pod === key),
      predicted: predicted.find((d) => d.pod === key),
      allowed,
      simulatedResult: sim.result,
    });
  });
  return { ...base, result: "checked", pods, simulatedResult: sim.result, summary: summarize(pods, sim.result) };
}
