// NoExecute taints (the taint-eviction controller): a pod that does not tolerate every NoExecute taint on its node
// is deleted at once; one that tolerates them with tolerationSeconds is deleted when the shortest of those runs out;
// one that tolerates them without a limit stays. This bypasses PodDisruptionBudgets, unlike a drain.
import type { Toleration } from "@podscope/core";
import { tolerates } from "./scheduler";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface TaintEviction {
  evictAt: number | null;
  reason: string;
}

/** When a pod with these tolerations is deleted after NoExecute taints appear at `addedAt` (seconds). */
export function noExecuteEviction(tolerations: Toleration[] | undefined, taints: Taint[], addedAt = 0): TaintEviction {
  const noExec = taints.filter((t) => t.effect === "NoExecute");
  if (noExec.length === 0) return { evictAt: null, reason: "no NoExecute taint" };
  let minSeconds = Infinity;
  for (const t of noExec) {
    if (!tolerates(tolerations, t))
      return { evictAt: addedAt, reason: `does not tolerate ${t.key}${t.value ? `=${t.value}` : ""}:NoExecute` };
    // Among the tolerations that match this taint, the shortest limit applies; no limit means forever.
    for (const tol of tolerations ?? []) {
      if (!tolerates([tol], t) || tol.tolerationSeconds === undefined || tol.tolerationSeconds === null) continue;
      minSeconds = Math.min(minSeconds, Math.max(0, tol.tolerationSeconds));
    }
  }
  if (minSeconds === Infinity) return { evictAt: null, reason: "tolerates every NoExecute taint without a time limit" };
  return { evictAt: addedAt + minSeconds, reason: `tolerates the NoExecute taints for ${minSeconds}s` };
}
