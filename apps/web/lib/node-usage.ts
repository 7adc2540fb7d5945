// What a node has promised away: the "Allocated resources" block of `kubectl describe node`, computed
// the way kubectl computes it, so the numbers on the node page match what an SRE sees in a terminal.
// The scheduler places pods by requests against allocatable, so this — not actual usage — is why a
// pod stays Pending with "Insufficient cpu".
import { bytes, cpuMillis, podLimits, podRequests, type Node, type Pod } from "@podscope/core";

export type UsageResource = "cpu" | "memory";

/** cpu in millicores, memory in bytes. */
export interface PodUsage {
  requests: Record<UsageResource, number>;
  limits: Record<UsageResource, number>;
}

export interface AllocatedRow {
  resource: UsageResource;
  requests: number;
  limits: number;
  allocatable: number;
  /** Whole percent of allocatable, truncated as kubectl prints it; null when allocatable is unknown or 0. */
  requestsPercent: number | null;
  limitsPercent: number | null;
}

const RESOURCES: UsageResource[] = ["cpu", "memory"];

function amount(r: UsageResource, q: string | number | undefined): number {
  if (q === undefined) return 0;
  return r === "cpu" ? cpuMillis(q) : bytes(q);
}

/**
 * A pod's requests and limits as the scheduler counts them (@podscope/core's podRequests/podLimits, the rule the
 * drain simulator's scheduler uses too): app containers plus native sidecars, or the largest init container beside
 * the sidecars started before it, plus pod overhead.
 */
export function podUsage(pod: Pick<Pod, "spec">): PodUsage {
  return { requests: podRequests(pod), limits: podLimits(pod) };
}

/** Pods that hold their requests on a node: bound to it and not finished (kubectl's field selector). */
export function podsOnNode(pods: Pod[], nodeName: string): Pod[] {
  return pods.filter((p) => p.spec.nodeName === nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
}

const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.trunc((part / whole) * 100) : null);

/** The "Allocated resources" table: sums over the node's non-terminated pods, against allocatable. */
export function allocatedResources(node: Node, pods: Pod[]): AllocatedRow[] {
  const mine = podsOnNode(pods, node.metadata.name ?? "");
  return RESOURCES.map((resource) => {
    let requests = 0;
    let limits = 0;
    for (const p of mine) {
      const u = podUsage(p);
      requests += u.requests[resource];
      limits += u.limits[resource];
    }
    const allocatable = amount(resource, node.status?.allocatable?.[resource]);
    return {
      resource,
      requests,
      limits,
      allocatable,
      requestsPercent: percent(requests, allocatable),
      limitsPercent: percent(limits, allocatable),
    };
  });
}

export type ConditionHealth = "good" | "bad" | "unknown";

/**
 * For a node condition, what True means depends on the type: Ready True is healthy, while the
 * pressure conditions and NetworkUnavailable are problems when True. Unknown means the node stopped
 * reporting (the node controller sets it when heartbeats stop), which is never good news.
 */
export function conditionHealth(type: string, status: string): ConditionHealth {
  if (status !== "True" && status !== "False") return "unknown";
  const trueIsGood = type === "Ready";
  return (status === "True") === trueIsGood ? "good" : "bad";
}

export const TAINT_EFFECTS: Record<string, string> = {
  NoSchedule: "new pods without a matching toleration are not scheduled here; running pods stay.",
  PreferNoSchedule: "the scheduler avoids this node for pods without a toleration, but may still use it.",
  NoExecute: "pods without a matching toleration are not scheduled here, and running ones are evicted.",
};

/** A taint as kubectl prints it: key=value:effect (key:effect without a value). */
export function taintText(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}

/** Roles as `kubectl get nodes` shows them: from node-role.kubernetes.io/<role> labels. */
export function nodeRoles(node: Node): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) roles.push(k.slice("node-role.kubernetes.io/".length) || v);
    else if (k === "kubernetes.io/role" && v) roles.push(v);
  }
  return [...new Set(roles.filter(Boolean))].sort();
}
