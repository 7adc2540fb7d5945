// Each drained pod's status before the drain, for the drain board's NOW column: a pod no request has touched yet
// is as the cluster had it — "Failed (OOMKilled)" on a node whose pod ran out of memory, not "running".
import { kubectlPodStatus } from "@podscope/core";
import type { DrainResult, Snapshot } from "@podscope/drain";

export type StartStatus = Record<string, { phase: string; reason: string | null }>;

/** The phase and kubectl's STATUS column of every pod the drain of this node considered. */
export function drainStartStatus(snapshot: Snapshot, node: Pick<DrainResult, "pods">): StartStatus {
  const wanted = new Set(node.pods.map((p) => p.pod));
  const out: StartStatus = {};
  for (const pod of snapshot.pods) {
    const key = `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
    if (!wanted.has(key)) continue;
    const status = kubectlPodStatus(pod);
    out[key] = { phase: pod.status?.phase ?? "Pending", reason: status === pod.status?.phase ? null : status };
  }
  return out;
}
