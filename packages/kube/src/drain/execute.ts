// "Drain for real", exactly as kubectl drain does it: cordon; list the node's pods and run kubectl's filters
// (refuse when an error remains — the node stays cordoned); then evict every pod in parallel through the eviction
// API, or with --disable-eviction DELETE them with their own grace period. Stopping
// through the AbortSignal ends the waits at once and reports what was done; the node stays cordoned.
import {
  cordonLine,
  drainedLine,
  initialReport,
  pendingPodsLines,
  unableToDrainLines,
  WAIT_TIMEOUT_MESSAGE,
  warningLine,
  type DrainPodReport,
} from "@podscope/drain";
import { isForbidden, isNotFound, KubeError, type Pod } from "@podscope/core";
import type { KubeSource } from "../source";
import { evictOne, graceOf, waitForDelete, type PodEnd } from "./evict";
import { getNode } from "./node";
import { listPodsOnNode, podKey, podsForDeletion } from "./pods";
import { validateRequest } from "./request";
import { DrainRun } from "./run";
import type { DrainProgress, LiveDrainRequest, LiveDrainResult } from "./types";

export interface ExecuteOptions {
  signal?: AbortSignal;
  onProgress?: (p: DrainProgress) => void;
}

/** A 403 names the user, the verb and the resource already; say which step of the drain it stopped. */
function forbidden(e: unknown, node: string, step: string): unknown {
  if (!isForbidden(e)) return e;
  return new KubeError("Forbidden", `cannot drain node "${node}" (${step}): ${e.message}`, {
    context: e.context,
    status: e.status,
    cause: e,
  });
}

export async function executeDrain(kube: KubeSource, req: LiveDrainRequest, opts: ExecuteOptions = {}): Promise<LiveDrainResult> {
  validateRequest(req);
  const run = new DrainRun(req, opts.signal, opts.onProgress);
  const node = req.node;

  let before;
  try {
    before = await getNode(kube, node);
  } catch (e) {
    throw forbidden(e, node, "reading the node");
  }
  if (before.spec?.unschedulable) run.out(cordonLine(node, false));
  else {
    try {
      await kube.cordon(node);
    } catch (e) {
      throw forbidden(e, node, "cordoning it");
    }
    run.out(cordonLine(node, true));
  }
  run.event("cordon", null, `node/${node} is unschedulable`);

  let found;
  try {
    found = await podsForDeletion(kube, req, await listPodsOnNode(kube, req));
  } catch (e) {
    throw forbidden(e, node, "listing its pods");
  }
  const reports = new Map<string, DrainPodReport>(
    found.verdicts.map((v) => [v.key, initialReport(v.key, v.status, req.disableEviction === true)]),
  );
  const result = (outcome: LiveDrainResult["result"]): LiveDrainResult => {
    run.event("done", null, outcome);
    return {
      node,
      result: outcome,
      errors: found.errors,
      warnings: found.warnings,
      pods: [...reports.values()],
      lines: run.lines,
      cordoned: true,
      endedAt: run.t(),
    };
  };

  if (found.errors.length > 0) {
    for (const l of unableToDrainLines(node, found.errors)) run.err(l);
    run.event("error", null, `refused: ${found.errors.join("; ")}`);
    return result("refused");
  }
  if (found.warnings.length > 0) run.err(warningLine(found.warnings));

  run.startClock();
  const ends = req.disableEviction
    ? await deleteAll(run, kube, found.toDelete, reports)
    : await Promise.all(found.toDelete.map((p) => evictOne(run, kube, p, reports.get(podKey(p))!)));

  if (run.stopped) {
    const removed = [...reports.values()].filter((r) => r.outcome === "evicted" || r.outcome === "deleted").length;
    run.err(
      `drain of node/${node} stopped: ${removed} of ${found.toDelete.length} pods removed; the node stays cordoned (uncordon it to schedule pods there again)`,
    );
    return result("stopped");
  }
  const errors = ends.flatMap((e) => (e && e !== "stopped" ? [e.error] : []));
  if (errors.length === 0) {
    run.out(drainedLine(node));
    return result("drained");
  }
  // kubectl lists what is still there to delete when an error ended the drain.
  const pending = await listPodsOnNode(kube, req)
    .then((pods) => podsForDeletion(kube, req, pods))
    .then((f) => f.toDelete)
    .catch(() => [] as Pod[]);
  for (const l of pendingPodsLines(
    node,
    errors,
    pending.map((p) => p.metadata.name as string),
  ))
    run.err(l);
  for (const l of unableToDrainLines(node, errors)) run.err(l);
  return result(ends.some((e) => e && e !== "stopped" && e.timedOut) ? "timeout" : "failed");
}

/** --disable-eviction: DELETE each pod (its own grace period, or --grace-period), then one wait for all of them. */
async function deleteAll(run: DrainRun, kube: KubeSource, pods: Pod[], reports: Map<string, DrainPodReport>): Promise<PodEnd[]> {
  for (const p of pods) {
    const r = reports.get(podKey(p))!;
    if (run.stopped) return ["stopped"];
    r.attempts = 1;
    try {
      await kube.deletePod(p.metadata.namespace ?? "default", p.metadata.name as string, { gracePeriodSeconds: graceOf(run) });
    } catch (e) {
      if (!isNotFound(e)) {
        r.outcome = "failed";
        r.message = e instanceof Error ? e.message : String(e);
        run.event("error", r.pod, r.message);
        // kubectl's deletePods returns at the first failed DELETE.
        return [{ error: r.message, timedOut: false }];
      }
    }
    r.outcome = "deleted";
    r.evictedAt = run.t();
    r.message = "deleted (DELETE, no PodDisruptionBudget check)";
    run.event(
      "evict",
      r.pod,
      `DELETE pods/${p.metadata.name}${graceOf(run) !== undefined ? ` with grace period ${graceOf(run)}s` : " with its own grace period"}: bypasses PodDisruptionBudgets`,
    );
  }
  const ends = await Promise.all(pods.map((p) => waitForDelete(run, kube, p, reports.get(podKey(p))!, "deleted")));
  // One wait for all pods: its timeout is a single error, in the words of wait.PollImmediate.
  if (ends.some((e) => e && e !== "stopped" && e.timedOut)) return [{ error: WAIT_TIMEOUT_MESSAGE, timedOut: true }];
  return ends;
}
