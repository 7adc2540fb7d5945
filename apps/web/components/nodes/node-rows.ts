// The rows of the Nodes page: `kubectl get nodes` (NAME, STATUS, ROLES, AGE, VERSION) widened with what an SRE looks
// up next — the pressure conditions that are on, allocatable, how many pods hold a place, and the share of
// allocatable their requests take (the node page's "Requests allocated", lib/node-usage.ts, computed the same way).
import { bytes, cpuMillis, type Node, type Pod } from "@podscope/core";
import { allocatedResources, conditionHealth, nodeRoles, podsOnNode } from "../../lib/node-usage"; // relative: unit tests run without the @/ alias

export interface NodeRow {
  name: string;
  /** kubectl's STATUS: Ready / NotReady / Unknown, plus ",SchedulingDisabled" when cordoned. */
  status: string;
  ready: "True" | "False" | "Unknown";
  cordoned: boolean;
  /** Conditions other than Ready that are not healthy (MemoryPressure=True, NetworkUnavailable=True, …=Unknown). */
  problems: { type: string; status: string; message?: string }[];
  roles: string[];
  version: string;
  created?: string;
  allocatable: { cpu: number; memory: number; pods: number | null };
  /** Pods bound here and not finished (they hold requests and a pod slot). */
  pods: number;
  cpuRequestsPercent: number | null;
  memoryRequestsPercent: number | null;
}

/** Pods per node name, built once for the whole list (a 1,000-node cluster must not rescan every pod per node). */
export function podsByNode(pods: Pod[]): Map<string, Pod[]> {
  const by = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = p.spec.nodeName;
    if (!n) continue;
    let list = by.get(n);
    if (!list) by.set(n, (list = []));
    list.push(p);
  }
  return by;
}

export function nodeRow(node: Node, podsHere: Pod[]): NodeRow {
  const name = node.metadata.name ?? "";
  const conditions = node.status?.conditions ?? [];
  const readyStatus = conditions.find((c) => c.type === "Ready")?.status;
  const ready = readyStatus === "True" || readyStatus === "False" ? readyStatus : "Unknown";
  const cordoned = node.spec?.unschedulable === true;
  const base = ready === "True" ? "Ready" : ready === "False" ? "NotReady" : "Unknown";
  const [cpu, memory] = allocatedResources(node, podsHere);
  const alloc = node.status?.allocatable ?? {};
  const podsAllocatable = alloc.pods === undefined ? null : Number(alloc.pods);
  return {
    name,
    status: cordoned ? `${base},SchedulingDisabled` : base,
    ready,
    cordoned,
    problems: conditions
      .filter((c) => c.type !== "Ready" && conditionHealth(c.type, c.status) !== "good")
      .map((c) => ({ type: c.type, status: c.status, message: c.message })),
    roles: nodeRoles(node),
    version: node.status?.nodeInfo?.kubeletVersion ?? "",
    created: node.metadata.creationTimestamp as string | undefined,
    allocatable: {
      cpu: alloc.cpu === undefined ? 0 : cpuMillis(alloc.cpu),
      memory: alloc.memory === undefined ? 0 : bytes(alloc.memory),
      pods: podsAllocatable !== null && Number.isFinite(podsAllocatable) ? podsAllocatable : null,
    },
    pods: podsOnNode(podsHere, name).length,
    cpuRequestsPercent: cpu.requestsPercent,
    memoryRequestsPercent: memory.requestsPercent,
  };
}

export function nodeRows(nodes: Node[], pods: Pod[]): NodeRow[] {
  const by = podsByNode(pods);
  return nodes.map((n) => nodeRow(n, by.get(n.metadata.name ?? "") ?? [])).sort((a, b) => a.name.localeCompare(b.name));
}

/** The Nodes page's text filter: name, role, status or a problem condition, case-insensitive. */
export function nodeMatches(row: NodeRow, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  return [row.name, row.status, ...row.roles, ...row.problems.map((p) => p.type)].some((s) => s.toLowerCase().includes(q));
}
