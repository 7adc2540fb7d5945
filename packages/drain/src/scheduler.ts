// A pod's placement as kube-scheduler's default profile decides it, reduced to the filters the drain
// rehearsal needs (in the profile's order: NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit,
// InterPodAffinity) and least-allocated + balanced-allocation scoring. Pure: nodes and their pods come in.
import type { LabelSelector, Node, PodAmounts, PodSpec, Toleration } from "@podscope/core";
import { matchesNodeSelectorTerms, matchesSelector } from "./selectors";

export const UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

export interface SchedNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  unschedulable: boolean;
  allocatable: { cpu: number; memory: number; pods: number };
  /** Sums over the pods bound to the node and not yet gone (terminating pods still hold their resources). */
  requested: PodAmounts;
  nonZeroRequested: PodAmounts;
  podCount: number;
  /** The bound pods themselves; only read for inter-pod anti-affinity. */
  pods: SchedPod[];
}

export interface SchedPod {
  namespace: string;
  labels?: Record<string, string>;
  requests: PodAmounts;
  priority: number;
  antiAffinity?: AffinityTerm[];
}

export interface AffinityTerm {
  labelSelector?: LabelSelector | null;
  namespaces?: string[];
  topologyKey: string;
}

export interface SchedulingInput {
  namespace: string;
  labels?: Record<string, string>;
  spec: PodSpec;
  requests: PodAmounts;
  priority: number;
}

export type SchedulingOutcome = { node: string; score: number } | { node: null; message: string };

export function tolerates(tols: Toleration[] | undefined, taint: { key: string; value?: string; effect: string }): boolean {
  if (!tols) return false;
  for (const t of tols) {
    if (t.effect && t.effect !== taint.effect) continue;
    if ((t.operator ?? "Equal") === "Exists") {
      if (!t.key || t.key === taint.key) return true;
      continue;
    }
    if (t.key === taint.key && (t.value ?? "") === (taint.value ?? "")) return true;
  }
  return false;
}

export function requiredAntiAffinity(spec: PodSpec): AffinityTerm[] {
  return spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
}

// Filter reasons, verbatim from the scheduler plugins.
const R_UNSCHEDULABLE = "node(s) were unschedulable";
const R_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const R_ANTI = "node(s) didn't match pod anti-affinity rules";
const R_EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules";
const taintReason = (t: { key: string; value?: string }) => `node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`;

interface FilterVerdict {
  reasons: string[];
  resolvable: boolean;
}

function termMatches(term: AffinityTerm, ownerNs: string, pod: { namespace: string; labels?: Record<string, string> }): boolean {
  const nss = term.namespaces && term.namespaces.length > 0 ? term.namespaces : [ownerNs];
  return nss.includes(pod.namespace) && matchesSelector(term.labelSelector ?? null, pod.labels);
}

function domainHasMatch(term: AffinityTerm, ns: string, n: SchedNode, all: SchedNode[]): boolean {
  const v = n.labels[term.topologyKey];
  if (v === undefined) return false;
  // Hostname domains are one node; other topology keys (zone, rack) span every node with the same value.
  const members = term.topologyKey === "kubernetes.io/hostname" ? [n] : all.filter((m) => m.labels[term.topologyKey] === v);
  for (const m of members) for (const x of m.pods) if (termMatches(term, ns, x)) return true;
  return false;
}

function nodeAffinityMatches(spec: PodSpec, n: SchedNode): boolean {
  const sel = spec.nodeSelector;
  if (sel) for (const k in sel) if (n.labels[k] !== sel[k]) return false;
  const req = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !req || matchesNodeSelectorTerms(req, n.labels, n.name);
}

/** The first failing filter plugin's reasons for one node, or null when the pod fits. */
export function filterNode(
  p: SchedulingInput,
  n: SchedNode,
  all: SchedNode[],
  withAnti: AntiAffinityIndex = antiAffinityIndex(all),
): FilterVerdict | null {
  const tols = p.spec.tolerations;
  if (n.unschedulable && !tolerates(tols, { key: UNSCHEDULABLE_TAINT, effect: "NoSchedule" }))
    return { reasons: [R_UNSCHEDULABLE], resolvable: false };
  for (const t of n.taints) {
    if ((t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerates(tols, t))
      return { reasons: [taintReason(t)], resolvable: false };
  }
  if (!nodeAffinityMatches(p.spec, n)) return { reasons: [R_AFFINITY], resolvable: false };
  const used = n.requested;
  let fit: string[] | null = null;
  if (n.podCount + 1 > n.allocatable.pods) (fit ??= []).push("Too many pods");
  if (p.requests.cpu > 0 && used.cpu + p.requests.cpu > n.allocatable.cpu) (fit ??= []).push("Insufficient cpu");
  if (p.requests.memory > 0 && used.memory + p.requests.memory > n.allocatable.memory) (fit ??= []).push("Insufficient memory");
  if (fit) return { reasons: fit, resolvable: true };
  // Required anti-affinity: no matching pod in the same topology domain (hostname, zone, … — any node label).
  const terms = requiredAntiAffinity(p.spec);
  for (const term of terms) if (domainHasMatch(term, p.namespace, n, all)) return { reasons: [R_ANTI], resolvable: true };
  for (const { node: m, pod: x } of withAnti)
    for (const term of x.antiAffinity ?? []) {
      const v = m.labels[term.topologyKey];
      if (v !== undefined && n.labels[term.topologyKey] === v && termMatches(term, x.namespace, p))
        return { reasons: [R_EXISTING_ANTI], resolvable: true };
    }
  return null;
}

/** Existing pods that carry required anti-affinity terms (usually few), gathered once per scheduling attempt. */
export type AntiAffinityIndex = { node: SchedNode; pod: SchedPod }[];
export function antiAffinityIndex(all: SchedNode[]): AntiAffinityIndex {
  const out: AntiAffinityIndex = [];
  for (const node of all) for (const pod of node.pods) if (pod.antiAffinity && pod.antiAffinity.length > 0) out.push({ node, pod });
  return out;
}

// Pods without requests count as 100m CPU / 200Mi for scoring only (the scheduler's non-zero defaults).
const NONZERO_CPU = 100;
const NONZERO_MEM = 200 * 1024 * 1024;

export function nonZero(r: PodAmounts): PodAmounts {
  return { cpu: r.cpu || NONZERO_CPU, memory: r.memory || NONZERO_MEM };
}

const least = (alloc: number, used: number) => (alloc <= 0 || used > alloc ? 0 : Math.floor(((alloc - used) * 100) / alloc));

function score(p: SchedulingInput, n: SchedNode): number {
  const own = nonZero(p.requests);
  const req = { cpu: n.nonZeroRequested.cpu + own.cpu, memory: n.nonZeroRequested.memory + own.memory };
  const leastAllocated = Math.floor((least(n.allocatable.cpu, req.cpu) + least(n.allocatable.memory, req.memory)) / 2);
  const fc = Math.min(1, req.cpu / n.allocatable.cpu),
    fm = Math.min(1, req.memory / n.allocatable.memory);
  const balanced = Math.floor((1 - Math.abs(fc - fm) / 2) * 100);
  return leastAllocated + balanced;
}

/**
 * How many feasible nodes the scheduler looks for before it stops filtering (percentageOfNodesToScore left at its
 * adaptive default): all of them below 100 nodes, else max(5%, 50% − nodes/125), at least 100.
 */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const pct = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * pct) / 100));
}

export interface ScheduleOptions {
  /** Where the scan starts (the scheduler rotates it between attempts); the next start is returned. */
  startIndex?: number;
  /** Existing pods with required anti-affinity, if the caller keeps them indexed. */
  antiAffinity?: AntiAffinityIndex;
}

/**
 * Pick a node or explain why none fits, in the scheduler's FitError form, e.g.
 * `0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..`
 * Preemption itself is not simulated: nodes rejected for resources are reported as having no victims.
 */
export function schedule(
  p: SchedulingInput,
  nodes: SchedNode[],
  opts: ScheduleOptions = {},
): SchedulingOutcome & { nextStartIndex: number } {
  let best: { node: string; score: number } | null = null;
  const reasons = new Map<string, number>();
  let unresolvable = 0,
    resolvable = 0,
    feasible = 0;
  const anti = opts.antiAffinity ?? antiAffinityIndex(nodes);
  const want = feasibleNodesToFind(nodes.length);
  const start = nodes.length ? (opts.startIndex ?? 0) % nodes.length : 0;
  let i = 0;
  for (; i < nodes.length && feasible < want; i++) {
    const n = nodes[(start + i) % nodes.length];
    const v = filterNode(p, n, nodes, anti);
    if (v) {
      for (const r of v.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      if (v.resolvable) resolvable++;
      else unresolvable++;
      continue;
    }
    feasible++;
    const sc = score(p, n);
    // Ties go to the first node scanned (the real scheduler picks one of them at random).
    if (!best || sc > best.score) best = { node: n.name, score: sc };
  }
  const nextStartIndex = nodes.length ? (start + i) % nodes.length : 0;
  if (best) return { ...best, nextStartIndex };
  return {
    node: null,
    message: fitErrorMessage(nodes.length, reasons, unresolvable, resolvable, p.spec.preemptionPolicy === "Never"),
    nextStartIndex,
  };
}

export function fitErrorMessage(
  total: number,
  reasons: Map<string, number>,
  unresolvable: number,
  resolvable: number,
  preemptNever = false,
): string {
  const histo = [...reasons.entries()].map(([r, c]) => `${c} ${r}`).sort();
  let msg = `0/${total} nodes are available:`;
  if (histo.length > 0) msg += ` ${histo.join(", ")}.`;
  let post: string;
  if (preemptNever) post = "preemption: not eligible due to preemptionPolicy=Never.";
  else {
    const parts: string[] = [];
    if (unresolvable > 0) parts.push(`${unresolvable} Preemption is not helpful for scheduling`);
    if (resolvable > 0) parts.push(`${resolvable} No preemption victims found for incoming pod`);
    post = `preemption: 0/${total} nodes are available: ${parts.sort().join(", ")}.`;
  }
  return `${msg} ${post}.`;
}

export function schedNodeFrom(n: Node): Omit<SchedNode, "pods" | "requested" | "nonZeroRequested" | "podCount"> {
  return {
    name: n.metadata.name!,
    labels: { "kubernetes.io/hostname": n.metadata.name!, ...(n.metadata.labels ?? {}) },
    taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
    unschedulable: n.spec?.unschedulable === true,
    allocatable: { cpu: 0, memory: 0, pods: 0 },
  };
}
