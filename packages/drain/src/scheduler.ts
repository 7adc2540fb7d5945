// A pod's placement as kube-scheduler's default profile decides it, reduced to the filters the drain
// rehearsal needs (in the profile's order: NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit,
// InterPodAffinity) and least-allocated + balanced-allocation scoring. Pure: nodes and their pods come in.
import type { Node, PodSpec, Toleration } from "@podscope/core";
import { matchesNodeSelectorTerms, matchesSelector } from "./selectors";
import type { Requests } from "./pod-facts";

export const UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

export interface SchedNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  unschedulable: boolean;
  allocatable: { cpu: number; memory: number; pods: number };
  /** Sums over the pods bound to the node and not yet gone (terminating pods still hold their resources). */
  requested: Requests;
  nonZeroRequested: Requests;
  podCount: number;
  /** The bound pods themselves; only read for inter-pod anti-affinity. */
  pods: SchedPod[];
}

export interface SchedPod {
  namespace: string;
  labels?: Record<string, string>;
  requests: Requests;
  priority: number;
  antiAffinity?: AffinityTerm[];
}

export interface AffinityTerm { labelSelector?: any; namespaces?: string[]; topologyKey: string }

export interface SchedulingInput {
  namespace: string;
  labels?: Record<string, string>;
  spec: PodSpec;
  requests: Requests;
  priority: number;
}

export type SchedulingOutcome = { node: string; score: number } | { node: null; message: string };

export function tolerates(tols: Toleration[] | undefined, taint: { key: string; value?: string; effect: string }): boolean {
  return (tols ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if ((t.operator ?? "Equal") === "Exists") return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
  });
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

interface FilterVerdict { reasons: string[]; resolvable: boolean }

function termMatches(term: AffinityTerm, ownerNs: string, pod: { namespace: string; labels?: Record<string, string> }): boolean {
  const nss = term.namespaces && term.namespaces.length > 0 ? term.namespaces : [ownerNs];
  return nss.includes(pod.namespace) && matchesSelector(term.labelSelector ?? null, pod.labels);
}

/** The first failing filter plugin's reasons for one node, or null when the pod fits. */
export function filterNode(p: SchedulingInput, n: SchedNode, all: SchedNode[], withAnti: AntiAffinityIndex = antiAffinityIndex(all)): FilterVerdict | null {
  const tols = p.spec.tolerations;
  if (n.unschedulable && !tolerates(tols, { key: UNSCHEDULABLE_TAINT, effect: "NoSchedule" })) return { reasons: [R_UNSCHEDULABLE], resolvable: false };
  const bad = n.taints.find((t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerates(tols, t));
  if (bad) return { reasons: [taintReason(bad)], resolvable: false };
  const sel = p.spec.nodeSelector ?? {};
  const req = p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (Object.entries(sel).some(([k, v]) => n.labels[k] !== v) || (req && !matchesNodeSelectorTerms(req, n.labels, n.name)))
    return { reasons: [R_AFFINITY], resolvable: false };
  const used = n.requested;
  const fit: string[] = [];
  if (n.podCount + 1 > n.allocatable.pods) fit.push("Too many pods");
  if (p.requests.cpu > 0 && used.cpu + p.requests.cpu > n.allocatable.cpu) fit.push("Insufficient cpu");
  if (p.requests.memory > 0 && used.memory + p.requests.memory > n.allocatable.memory) fit.push("Insufficient memory");
  if (fit.length > 0) return { reasons: fit, resolvable: true };
  // Required anti-affinity: no matching pod in the same topology domain (hostname, zone, … — any node label).
  const domainPods = (key: string) => {
    const v = n.labels[key];
    if (v === undefined) return [];
    return all.filter((m) => m.labels[key] === v).flatMap((m) => m.pods);
  };
  for (const term of requiredAntiAffinity(p.spec)) {
    if (domainPods(term.topologyKey).some((x) => termMatches(term, p.namespace, x))) return { reasons: [R_ANTI], resolvable: true };
  }
  for (const { node: m, pod: x } of withAnti) for (const term of x.antiAffinity ?? []) {
    const v = m.labels[term.topologyKey];
    if (v !== undefined && n.labels[term.topologyKey] === v && termMatches(term, x.namespace, p)) return { reasons: [R_EXISTING_ANTI], resolvable: true };
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

export function nonZero(r: Requests): Requests {
  return { cpu: r.cpu || NONZERO_CPU, memory: r.memory || NONZERO_MEM };
}

function score(p: SchedulingInput, n: SchedNode): number {
  const own = nonZero(p.requests);
  const req = { cpu: n.nonZeroRequested.cpu + own.cpu, memory: n.nonZeroRequested.memory + own.memory };
  const least = (alloc: number, used: number) => (alloc <= 0 || used > alloc ? 0 : Math.floor(((alloc - used) * 100) / alloc));
  const leastAllocated = Math.floor((least(n.allocatable.cpu, req.cpu) + least(n.allocatable.memory, req.memory)) / 2);
  const fc = Math.min(1, req.cpu / n.allocatable.cpu), fm = Math.min(1, req.memory / n.allocatable.memory);
  const balanced = Math.floor((1 - Math.abs(fc - fm) / 2) * 100);
  return leastAllocated + balanced;
}

/**
 * Pick a node or explain why none fits, in the scheduler's FitError form, e.g.
 * `0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..`
 * Preemption itself is not simulated: nodes rejected for resources are reported as having no victims.
 */
export function schedule(p: SchedulingInput, nodes: SchedNode[]): SchedulingOutcome {
  let best: { node: string; score: number } | null = null;
  const reasons = new Map<string, number>();
  let unresolvable = 0, resolvable = 0;
  const anti = antiAffinityIndex(nodes);
  for (const n of nodes) {
    const v = filterNode(p, n, nodes, anti);
    if (v) {
      for (const r of v.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      if (v.resolvable) resolvable++; else unresolvable++;
      continue;
    }
    const s = score(p, n);
    // Ties go to the first node by name (the real scheduler picks one of them at random).
    if (!best || s > best.score) best = { node: n.name, score: s };
  }
  if (best) return best;
  return { node: null, message: fitErrorMessage(nodes.length, reasons, unresolvable, resolvable, p.spec.preemptionPolicy === "Never") };
}

export function fitErrorMessage(total: number, reasons: Map<string, number>, unresolvable: number, resolvable: number, preemptNever = false): string {
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
    name: n.metadata.name!, labels: { "kubernetes.io/hostname": n.metadata.name!, ...(n.metadata.labels ?? {}) },
    taints: (n.spec?.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
    unschedulable: n.spec?.unschedulable === true,
    allocatable: { cpu: 0, memory: 0, pods: 0 },
  };
}
