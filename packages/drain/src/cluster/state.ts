// The simulated cluster's one state: the object store (pods, nodes, PDBs, workloads), the virtual clock and its
// event queue, what is recorded for the report, and the indexes the controllers look things up by. The controllers
// (disruption.ts, replicaset.ts, …) keep no copy of it: they read it here and react to pod events, as
// kube-controller-manager's controllers do over shared informers.
import {
  bytes, cpuMillis, DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, podRequests, type Node, type OwnerReference, type Pod, type PodAmounts,
  type PodDisruptionBudget,
} from "@podscope/core";
import { EventQueue } from "../queue";
import { pdbSelects } from "../pdb";
import type { PdbStatusView } from "../eviction";
import { controllerOf, isReadyInSnapshot, podKey } from "../pod-facts";
import { nonZero, requiredAntiAffinity, schedNodeFrom, UNSCHEDULABLE_TAINT, type SchedNode, type SchedPod } from "../scheduler";
import type { Annotations } from "../timing";
import type { PdbSample, Snapshot, TimelineEntry, TimelineKind, Workload } from "../types";

/** A pod on the virtual clock. It is also the scheduler's record of a bound pod (SchedPod). */
export interface SimPod extends SchedPod {
  uid: string;
  key: string;
  namespace: string;
  name: string;
  obj: Pod;
  node: string | null;
  phase: string;
  ready: boolean;
  terminating: boolean;
  /** Virtual time of the deletionTimestamp (negative for pods already terminating in the snapshot). */
  deletedAt: number | null;
  gone: boolean;
  goneAt: number | null;
  requests: PodAmounts;
  priority: number;
  controller?: OwnerReference;
  /** The PDBs selecting the pod, in the snapshot's order (labels never change in the simulation). */
  pdbs: SimPdb[];
  createdAt: number;
  replaces?: string;
  readyAt: number | null;
  pendingReason: string | null;
  evictedAt: number | null;
}

export interface SimNode { name: string; obj: Node; sched: SchedNode }

export interface SimPdb extends PdbStatusView {
  key: string;
  obj: PodDisruptionBudget;
  expectedPods: number;
  reason: string;
  message: string;
  /** The pods it selects, in creation order; gone ones stay in the list and readers skip them. */
  members: SimPod[];
  /** Position in the snapshot's list (the order pdbsFor answers in). */
  index: number;
  /** `[this]`, the usual answer of pdbsFor, shared instead of allocated per pod. */
  alone: SimPdb[];
}

/**
 * What a controller is told about pods (an informer's event handler). `updated` comes first for every change —
 * created, phase or readiness, deletion requested, object removed — then the event saying which.
 */
export interface PodEventHandler {
  updated?(p: SimPod): void;
  created?(p: SimPod): void;
  terminating?(p: SimPod): void;
  gone?(p: SimPod): void;
}

const NO_PDBS: SimPdb[] = [];
const NO_PODS: SimPod[] = [];
const NONZERO = nonZero({ cpu: 0, memory: 0 });

export class ClusterState {
  readonly q = new EventQueue();
  t = 0;
  /** Bumped on every change of cluster state; kubectl's stall detection compares against it. */
  changeSeq = 0;
  readonly timeline: TimelineEntry[] = [];
  readonly pdbSeries: PdbSample[] = [];
  /** Every pod object the run has known, in creation order (snapshot first, then replacements). */
  readonly pods: SimPod[] = [];
  readonly nodes = new Map<string, SimNode>();
  readonly pdbs: SimPdb[] = [];
  readonly replacements: SimPod[] = [];
  /** When each PDB's status was last written by a granted eviction (for the API server's update conflicts). */
  readonly pdbWrittenAt = new Map<string, number>();
  /** Pods waiting for the scheduler (not bound, not gone). */
  readonly pending = new Set<SimPod>();
  /** Bound pods with required anti-affinity terms, kept as they come and go. */
  readonly antiPods = new Map<string, { node: SchedNode; pod: SchedPod }>();
  private readonly handlers: PodEventHandler[] = [];
  private readonly byKey = new Map<string, SimPod>(); // current object holding a name
  private readonly workloads = new Map<string, Workload>(); // "Kind/ns/name"
  private readonly priorityClasses = new Map<string, number>();
  private globalDefaultPriority = 0;
  private nameCounter = 0;
  private readonly schedNodeList: SchedNode[];
  // Indexes (labels never change in the simulation): PDBs by one of their matchLabels pairs, pods per PDB
  // (SimPdb.members) and PDBs per pod (SimPod.pdbs), pods per controller. Without them a 30,000-pod cluster spends
  // seconds matching selectors. Pods by node are the scheduler's per-node lists (SchedNode.pods), kept by bind and
  // unbind. Every run builds them for the whole snapshot, so the per-pod work here is kept to lookups and sums:
  // member and owner lists only grow (their readers skip gone pods), and no Set or copy is made per pod.
  private readonly pdbByLabel = new Map<string, SimPdb[]>();
  private readonly pdbUnindexed: SimPdb[] = [];
  private readonly owned = new Map<string, SimPod[]>(); // "Kind/ns/name"

  constructor(readonly snapshot: Snapshot, readonly nowMs: number) {
    for (const pc of snapshot.priorityClasses) {
      this.priorityClasses.set(pc.metadata.name!, pc.value);
      if (pc.globalDefault) this.globalDefaultPriority = pc.value;
    }
    const add = (kind: string, list: Workload[]) => list.forEach((w) => this.workloads.set(`${kind}/${w.metadata.namespace ?? "default"}/${w.metadata.name}`, w));
    add("ReplicaSet", snapshot.replicaSets); add("Deployment", snapshot.deployments); add("DaemonSet", snapshot.daemonSets);
    add("StatefulSet", snapshot.statefulSets); add("Job", snapshot.jobs);
    for (const n of snapshot.nodes) {
      const base = schedNodeFrom(n);
      const alloc = n.status?.allocatable ?? n.status?.capacity ?? {};
      // A node without allocatable in a hand-written snapshot is taken as unlimited in cpu and memory.
      base.allocatable = {
        cpu: alloc.cpu !== undefined ? cpuMillis(alloc.cpu) : Number.MAX_SAFE_INTEGER,
        memory: alloc.memory !== undefined ? bytes(alloc.memory) : Number.MAX_SAFE_INTEGER,
        pods: alloc.pods !== undefined ? Number(alloc.pods) : 110,
      };
      this.nodes.set(base.name, { name: base.name, obj: n, sched: { ...base, requested: { cpu: 0, memory: 0 }, nonZeroRequested: { cpu: 0, memory: 0 }, podCount: 0, pods: [] } });
    }
    this.schedNodeList = [...this.nodes.values()].map((x) => x.sched);
    for (const pdb of snapshot.pdbs) this.addPdb(pdb);
    snapshot.pods.forEach((p, i) => this.addSnapshotPod(p, i));
  }

  // ---- clock and record ----------------------------------------------------------------------------

  record(kind: TimelineKind, object: string, message: string): void {
    this.timeline.push({ t: round(this.t), kind, object, message });
  }

  changed(): void { this.changeSeq++; }

  at(delay: number, progress: boolean, run: () => void, phase: 0 | 1 = 1): void {
    this.q.push(this.t + delay, phase, progress, run);
  }

  /** A point of a PDB's status series (the report's chart). */
  sample(d: SimPdb): void {
    this.pdbSeries.push({ t: round(this.t), pdb: d.key, desiredHealthy: d.desiredHealthy, currentHealthy: d.currentHealthy, disruptionsAllowed: d.disruptionsAllowed, expectedPods: d.expectedPods });
  }

  // ---- pod events ----------------------------------------------------------------------------------

  /** Handlers are told in the order they were added: the composition (index.ts) fixes it, and with it the run. */
  addHandler(h: PodEventHandler): void { this.handlers.push(h); }

  podChanged(p: SimPod, event?: "created" | "terminating" | "gone"): void {
    for (const h of this.handlers) h.updated?.(p);
    if (event) for (const h of this.handlers) h[event]?.(p);
  }

  // ---- lookups -------------------------------------------------------------------------------------

  workload(kind: string, namespace: string, name: string): Workload | undefined {
    return this.workloads.get(`${kind}/${namespace}/${name}`);
  }

  podByKey(key: string): SimPod | undefined { return this.byKey.get(key); }

  /** The most recent object that held a name, gone or not (a StatefulSet recreates its pods from it). */
  lastPodNamed(key: string): SimPod | undefined {
    for (let i = this.pods.length - 1; i >= 0; i--) if (this.pods[i].key === key) return this.pods[i];
    return undefined;
  }

  podsOnNode(node: string): SimPod[] {
    const out: SimPod[] = [];
    // The scheduler's list of bound pods holds the SimPods themselves.
    for (const p of (this.nodes.get(node)?.sched.pods ?? []) as SimPod[]) if (!p.gone) out.push(p);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  schedNodes(): SchedNode[] {
    return this.schedNodeList;
  }

  pendingPods(): SimPod[] { return [...this.pending]; }

  /** The PDBs selecting the pod, in the snapshot's order. */
  pdbsFor(p: SimPod): SimPdb[] { return p.pdbs; }

  /** The pods a PDB selects, gone ones included (readers skip them). */
  pdbPods(d: SimPdb): readonly SimPod[] { return d.members; }

  /** Pods of a controller that count towards its replicas: not gone, not finished, terminating only if asked. */
  ownedActive(kind: string, ns: string, name: string, countTerminating: boolean): number {
    let n = 0;
    for (const p of this.owned.get(`${kind}/${ns}/${name}`) ?? NO_PODS) {
      if (p.gone) continue;
      if (p.phase === "Succeeded" || p.phase === "Failed") continue;
      if (p.terminating && !countTerminating) continue;
      n++;
    }
    return n;
  }

  /** Annotations that tune timings: the pod's, its template's, its controller's (see timing.ts). */
  annotationSources(p: SimPod): Annotations {
    const out: Annotations = [p.obj.metadata.annotations];
    const w = p.controller ? this.workload(p.controller.kind, p.namespace, p.controller.name) : undefined;
    if (w) {
      out.push(w.spec?.template?.metadata?.annotations as Record<string, string> | undefined, w.metadata.annotations);
      const owner = controllerOf(w);
      const top = owner ? this.workload(owner.kind, p.namespace, owner.name) : undefined;
      if (top) out.push(top.spec?.template?.metadata?.annotations as Record<string, string> | undefined, top.metadata.annotations);
    }
    return out;
  }

  // ---- store writes --------------------------------------------------------------------------------

  /** The API server's counter behind generated names and uids (deterministic, unlike the real one). */
  nextSerial(): number { return ++this.nameCounter; }

  addPod(obj: Pod, uid: string, node: string | null, phase: string, ready: boolean): SimPod {
    const meta = obj.metadata;
    const namespace = meta.namespace ?? "default";
    const sp: SimPod = {
      uid, key: podKey(obj), namespace, name: meta.name!, obj, node, phase, ready,
      terminating: false, deletedAt: null, gone: false, goneAt: null, requests: podRequests(obj), priority: this.priorityOf(obj),
      controller: controllerOf(obj), pdbs: NO_PDBS, createdAt: this.t, readyAt: null, pendingReason: null, evictedAt: null,
      labels: meta.labels, antiAffinity: obj.spec.affinity ? requiredAntiAffinity(obj.spec) : undefined,
    };
    this.pods.push(sp);
    this.byKey.set(sp.key, sp);
    sp.pdbs = this.matchPdbs(namespace, meta.labels);
    for (const d of sp.pdbs) d.members.push(sp);
    const ok = ownerKey(sp);
    if (ok) {
      const list = this.owned.get(ok);
      if (list) list.push(sp); else this.owned.set(ok, [sp]);
    }
    return sp;
  }

  /** The PDBs whose selector matches a pod's labels, in the snapshot's order. */
  private matchPdbs(namespace: string, labels: Record<string, string> | undefined): SimPdb[] {
    if (this.pdbs.length === 0) return NO_PDBS;
    const pod = { namespace, labels };
    // Candidates: the unindexed PDBs, and those indexed under one of the pod's label pairs (each PDB is indexed
    // under one pair, and a pod has one value per key, so no candidate comes twice). Most pods match one PDB or
    // none: those answers are shared arrays (SimPdb.alone, NO_PDBS), not fresh ones.
    let one: SimPdb | undefined;
    let more: SimPdb[] | undefined;
    for (const d of this.pdbUnindexed) {
      if (!pdbSelects(d.obj, pod)) continue;
      if (!one) one = d; else (more ??= [one]).push(d);
    }
    if (labels) for (const k in labels) {
      const hit = this.pdbByLabel.get(`${namespace}|${k}=${labels[k]}`);
      if (hit) for (const d of hit) {
        if (!pdbSelects(d.obj, pod)) continue;
        if (!one) one = d; else (more ??= [one]).push(d);
      }
    }
    if (more) return more.sort((x, y) => x.index - y.index);
    return one ? one.alone : NO_PDBS;
  }

  bind(p: SimPod, node: string): void {
    const n = this.nodes.get(node)!.sched;
    p.node = node;
    const r = p.requests;
    n.requested.cpu += r.cpu; n.requested.memory += r.memory;
    n.nonZeroRequested.cpu += r.cpu || NONZERO.cpu; n.nonZeroRequested.memory += r.memory || NONZERO.memory;
    n.podCount++;
    n.pods.push(p);
    if (p.antiAffinity && p.antiAffinity.length > 0) this.antiPods.set(p.uid, { node: n, pod: p });
  }

  private unbind(p: SimPod): void {
    if (!p.node) return;
    const n = this.nodes.get(p.node)!.sched;
    const nz = nonZero(p.requests);
    n.requested.cpu -= p.requests.cpu; n.requested.memory -= p.requests.memory;
    n.nonZeroRequested.cpu -= nz.cpu; n.nonZeroRequested.memory -= nz.memory;
    n.podCount--;
    this.antiPods.delete(p.uid);
    const i = n.pods.indexOf(p);
    if (i >= 0) n.pods.splice(i, 1);
  }

  /** The pod object is deleted from the API server (its containers stopped, or nothing ran). */
  podGone(p: SimPod, why: string): void {
    if (p.gone) return;
    p.gone = true;
    p.goneAt = this.t;
    p.ready = false;
    this.pending.delete(p);
    this.unbind(p);
    if (this.byKey.get(p.key) === p) this.byKey.delete(p.key);
    this.changed();
    this.record("pod-gone", `pod/${p.key}`, `pod object deleted (${why})`);
    this.podChanged(p, "gone");
  }

  cordon(node: string): boolean {
    const n = this.nodes.get(node)!;
    if (n.sched.unschedulable) return false;
    n.sched.unschedulable = true;
    if (!n.sched.taints.some((t) => t.key === UNSCHEDULABLE_TAINT)) n.sched.taints.push({ key: UNSCHEDULABLE_TAINT, effect: "NoSchedule" });
    this.changed();
    this.record("cordon", `node/${node}`, "spec.unschedulable=true, taint node.kubernetes.io/unschedulable:NoSchedule");
    return true;
  }

  /** The node write only; the composition (index.ts) has the scheduler retry what was waiting. */
  protected markSchedulable(node: string): void {
    const n = this.nodes.get(node)!;
    n.sched.unschedulable = false;
    n.sched.taints = n.sched.taints.filter((t) => t.key !== UNSCHEDULABLE_TAINT);
    this.changed();
    this.record("uncordon", `node/${node}`, "spec.unschedulable=false (node back after its upgrade)");
  }

  // ---- loading the snapshot ------------------------------------------------------------------------

  private priorityOf(p: Pod): number {
    if (typeof p.spec.priority === "number") return p.spec.priority;
    if (p.spec.priorityClassName && this.priorityClasses.has(p.spec.priorityClassName)) return this.priorityClasses.get(p.spec.priorityClassName)!;
    return this.globalDefaultPriority;
  }

  private addPdb(obj: PodDisruptionBudget): void {
    const gen = obj.metadata.generation ?? 1;
    const d: SimPdb = {
      key: podKey(obj), obj, name: obj.metadata.name!, generation: gen, observedGeneration: gen,
      disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, reason: "", message: "",
      unhealthyPodEvictionPolicy: obj.spec.unhealthyPodEvictionPolicy, disruptedPods: new Map(), members: [], alone: [], index: this.pdbs.length,
    };
    d.alone.push(d);
    this.pdbs.push(d);
    const first = Object.entries(obj.spec.selector?.matchLabels ?? {})[0];
    if (first) {
      const k = `${d.obj.metadata.namespace ?? "default"}|${first[0]}=${first[1]}`;
      if (!this.pdbByLabel.has(k)) this.pdbByLabel.set(k, []);
      this.pdbByLabel.get(k)!.push(d);
    } else this.pdbUnindexed.push(d);
  }

  private addSnapshotPod(p: Pod, index: number): void {
    const node = p.spec.nodeName && this.nodes.has(p.spec.nodeName) ? p.spec.nodeName : null;
    // Hand-written snapshots often omit status: a scheduled pod without one is taken as Running and Ready.
    const phase = p.status?.phase ?? (node ? "Running" : "Pending");
    const ready = p.status?.conditions ? isReadyInSnapshot(p) : phase === "Running";
    const sp = this.addPod(p, p.metadata.uid ?? `snapshot-${index}`, node, phase, ready);
    if (node) this.bind(sp, node);
    else if (p.spec.nodeName) sp.pendingReason = `bound to node "${p.spec.nodeName}", which is not in the snapshot`;
    else if (phase === "Pending") this.pending.add(sp);
    if (p.metadata.deletionTimestamp) {
      sp.terminating = true;
      sp.deletedAt = (Date.parse(p.metadata.deletionTimestamp) - this.nowMs) / 1000;
      const grace = p.metadata.deletionGracePeriodSeconds ?? p.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
      const end = sp.deletedAt + grace;
      // Past its grace period and still there: something (a finalizer, a dead kubelet) holds it. It stays.
      if (end >= 0) this.at(end, true, () => this.podGone(sp, "grace period of a pod already terminating in the snapshot ended"));
    }
  }
}

function ownerKey(p: SimPod): string | undefined {
  return p.controller ? `${p.controller.kind}/${p.namespace}/${p.controller.name}` : undefined;
}

export function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}
