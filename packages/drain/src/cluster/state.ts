// The simulated cluster's one state: the object store (pods, nodes, PDBs, workloads), the virtual clock and its
// event queue, what is recorded for the report, and the indexes the controllers look things up by. The controllers
// (disruption.ts, replicaset.ts, …) keep no copy of it: they read it here and react to pod events, as
// kube-controller-manager's controllers do over shared informers.
//
// A snapshot pod becomes a simulated pod (SimPod) only when something looks at it — the drained node's pods,
// the pods of a controller being resynced, a name asked for — since until then its state is the snapshot's.
// What every run needs of all pods is kept without them: the nodes' request sums (node-pods.ts) and, for the
// disruption controller, the pods each PDB selects with their state at t=0 (pdbPodViews).
import {
  bytes,
  cpuMillis,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  podRequests,
  type Node,
  type OwnerReference,
  type Pod,
  type PodAmounts,
  type PodDisruptionBudget,
} from "@podscope/core";
import { EventQueue } from "../queue";
import { pdbSelects, type PdbPodView } from "../pdb";
import type { PdbStatusView } from "../eviction";
import { controllerOf, isReadyInSnapshot, podKey } from "../pod-facts";
import { requiredAntiAffinity, schedNodeFrom, UNSCHEDULABLE_TAINT, type SchedNode, type SchedPod } from "../scheduler";
import { NodePods } from "./node-pods";
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

export interface SimNode {
  name: string;
  obj: Node;
  sched: NodePods;
}

export interface SimPdb extends PdbStatusView {
  key: string;
  obj: PodDisruptionBudget;
  expectedPods: number;
  reason: string;
  message: string;
  /** The snapshot pods it selects (indexes into snapshot.pods), in snapshot order. */
  snapshotMembers: number[];
  /** The pods created during the run it selects, in creation order; gone ones stay and readers skip them. */
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

export class ClusterState {
  readonly q = new EventQueue();
  t = 0;
  /** Bumped on every change of cluster state; kubectl's stall detection compares against it. */
  changeSeq = 0;
  readonly timeline: TimelineEntry[] = [];
  readonly pdbSeries: PdbSample[] = [];
  /** The pods created during the run (replacements), in creation order. */
  readonly created: SimPod[] = [];
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
  /** Names taken or released during the run: the pod now holding the name, or null (see podByKey). */
  private readonly byKey = new Map<string, SimPod | null>();
  /** Snapshot pods by name (the last one of a name wins), built on first use. */
  private snapshotKeys: Map<string, number> | null = null;
  /** The simulated pod of each snapshot pod, once made (see snapshotPod). */
  private readonly sim: (SimPod | undefined)[];
  /** The PDBs selecting each snapshot pod. */
  private readonly snapshotPdbs: SimPdb[][];
  private readonly workloads = new Map<string, Workload>(); // "Kind/ns/name"
  private readonly priorityClasses = new Map<string, number>();
  private globalDefaultPriority = 0;
  private nameCounter = 0;
  private readonly schedNodeList: SchedNode[];
  // Indexes (labels never change in the simulation): PDBs by one of their matchLabels pairs, pods per PDB
  // (SimPdb.snapshotMembers/members) and PDBs per pod (SimPod.pdbs), pods per controller. Without them a
  // 30,000-pod cluster spends seconds matching selectors. Pods by node are the scheduler's per-node lists
  // (node-pods.ts), kept by bind and unbind. Every run builds the PDB ones for the whole snapshot, so the per-pod
  // work is kept to lookups and sums: member and owner lists only grow (their readers skip gone pods).
  private readonly pdbByLabel = new Nested<SimPdb>(); // namespace, label key, label value
  private readonly pdbUnindexed: SimPdb[] = [];
  /** Pods per controller (kind, namespace, name), snapshot pods by index then pods created later; built on first use. */
  private owned: Nested<number | SimPod> | null = null;

  constructor(
    readonly snapshot: Snapshot,
    readonly nowMs: number,
  ) {
    for (const pc of snapshot.priorityClasses) {
      this.priorityClasses.set(pc.metadata.name!, pc.value);
      if (pc.globalDefault) this.globalDefaultPriority = pc.value;
    }
    const add = (kind: string, list: Workload[]) =>
      list.forEach((w) => this.workloads.set(`${kind}/${w.metadata.namespace ?? "default"}/${w.metadata.name}`, w));
    add("ReplicaSet", snapshot.replicaSets);
    add("Deployment", snapshot.deployments);
    add("DaemonSet", snapshot.daemonSets);
    add("StatefulSet", snapshot.statefulSets);
    add("Job", snapshot.jobs);
    for (const n of snapshot.nodes) {
      const base = schedNodeFrom(n);
      const alloc = n.status?.allocatable ?? n.status?.capacity ?? {};
      // A node without allocatable in a hand-written snapshot is taken as unlimited in cpu and memory.
      base.allocatable = {
        cpu: alloc.cpu !== undefined ? cpuMillis(alloc.cpu) : Number.MAX_SAFE_INTEGER,
        memory: alloc.memory !== undefined ? bytes(alloc.memory) : Number.MAX_SAFE_INTEGER,
        pods: alloc.pods !== undefined ? Number(alloc.pods) : 110,
      };
      this.nodes.set(base.name, { name: base.name, obj: n, sched: new NodePods(base, (i) => this.snapshotPod(i)) });
    }
    this.schedNodeList = [...this.nodes.values()].map((x) => x.sched);
    for (const pdb of snapshot.pdbs) this.addPdb(pdb);
    const pods = snapshot.pods;
    this.sim = new Array(pods.length);
    this.snapshotPdbs = new Array(pods.length);
    for (let i = 0; i < pods.length; i++) this.addSnapshotPod(pods[i], i);
  }

  // ---- clock and record ----------------------------------------------------------------------------

  record(kind: TimelineKind, object: string, message: string): void {
    this.timeline.push({ t: round(this.t), kind, object, message });
  }

  changed(): void {
    this.changeSeq++;
  }

  at(delay: number, progress: boolean, run: () => void, phase: 0 | 1 = 1): void {
    this.q.push(this.t + delay, phase, progress, run);
  }

  /** A point of a PDB's status series (the report's chart). */
  sample(d: SimPdb): void {
    this.pdbSeries.push({
      t: round(this.t),
      pdb: d.key,
      desiredHealthy: d.desiredHealthy,
      currentHealthy: d.currentHealthy,
      disruptionsAllowed: d.disruptionsAllowed,
      expectedPods: d.expectedPods,
    });
  }

  // ---- pod events ----------------------------------------------------------------------------------

  /** Handlers are told in the order they were added: the composition (index.ts) fixes it, and with it the run. */
  addHandler(h: PodEventHandler): void {
    this.handlers.push(h);
  }

  podChanged(p: SimPod, event?: "created" | "terminating" | "gone"): void {
    for (const h of this.handlers) h.updated?.(p);
    if (event) for (const h of this.handlers) h[event]?.(p);
  }

  // ---- lookups -------------------------------------------------------------------------------------

  workload(kind: string, namespace: string, name: string): Workload | undefined {
    return this.workloads.get(`${kind}/${namespace}/${name}`);
  }

  /** The pod now holding a name (not gone). */
  podByKey(key: string): SimPod | undefined {
    const held = this.byKey.get(key);
    if (held !== undefined) return held ?? undefined;
    // Nothing took or released the name during the run: the snapshot's holder, unless it went.
    const i = this.snapshotKey(key);
    if (i === undefined) return undefined;
    const p = this.snapshotPod(i);
    return p.gone ? undefined : p;
  }

  /** The most recent object that held a name, gone or not (a StatefulSet recreates its pods from it). */
  lastPodNamed(key: string): SimPod | undefined {
    for (let i = this.created.length - 1; i >= 0; i--) if (this.created[i].key === key) return this.created[i];
    const i = this.snapshotKey(key);
    return i === undefined ? undefined : this.snapshotPod(i);
  }

  podsOnNode(node: string): SimPod[] {
    const out: SimPod[] = [];
    // The scheduler's list of bound pods holds the SimPods themselves.
    for (const p of (this.nodes.get(node)?.sched.pods ?? NO_PODS) as SimPod[]) if (!p.gone) out.push(p);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  schedNodes(): SchedNode[] {
    return this.schedNodeList;
  }

  pendingPods(): SimPod[] {
    return [...this.pending];
  }

  /** The PDBs selecting the pod, in the snapshot's order. */
  pdbsFor(p: SimPod): SimPdb[] {
    return p.pdbs;
  }

  /**
   * The disruption controller's view of the pods a PDB selects (gone ones left out), in creation order. A snapshot
   * pod nothing has touched yet is read from the snapshot, without making it a simulated pod.
   */
  pdbPodViews(d: SimPdb): PdbPodView[] {
    const ns = d.obj.metadata.namespace ?? "default";
    const out: PdbPodView[] = [];
    for (const i of d.snapshotMembers) {
      const p = this.sim[i];
      if (!p) out.push(this.initialView(i));
      else if (!p.gone && p.namespace === ns) out.push(podView(p));
    }
    for (const p of d.members) if (!p.gone && p.namespace === ns) out.push(podView(p));
    return out;
  }

  /** Pods of a controller that count towards its replicas: not gone, not finished, terminating only if asked. */
  ownedActive(kind: string, ns: string, name: string, countTerminating: boolean): number {
    let n = 0;
    for (const x of this.ownedIndex().get(kind, ns, name) ?? NO_PODS) {
      const p = typeof x === "number" ? this.snapshotPod(x) : x;
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
  nextSerial(): number {
    return ++this.nameCounter;
  }

  /** A pod created during the run (a controller's replacement). */
  addPod(obj: Pod, uid: string, node: string | null, phase: string, ready: boolean): SimPod {
    const sp = this.newPod(obj, uid, node, phase, ready, this.matchPdbs(obj.metadata.namespace ?? "default", obj.metadata.labels), this.t);
    this.created.push(sp);
    this.byKey.set(sp.key, sp);
    for (const d of sp.pdbs) d.members.push(sp);
    if (sp.controller && this.owned) this.owned.add(sp.controller.kind, sp.namespace, sp.controller.name, sp);
    return sp;
  }

  private newPod(obj: Pod, uid: string, node: string | null, phase: string, ready: boolean, pdbs: SimPdb[], createdAt: number): SimPod {
    const meta = obj.metadata;
    return {
      uid,
      key: podKey(obj),
      namespace: meta.namespace ?? "default",
      name: meta.name!,
      obj,
      node,
      phase,
      ready,
      terminating: false,
      deletedAt: null,
      gone: false,
      goneAt: null,
      requests: podRequests(obj),
      priority: this.priorityOf(obj),
      controller: controllerOf(obj),
      pdbs,
      createdAt,
      readyAt: null,
      pendingReason: null,
      evictedAt: null,
      labels: meta.labels,
      antiAffinity: obj.spec.affinity ? requiredAntiAffinity(obj.spec) : undefined,
    };
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
      if (!one) one = d;
      else (more ??= [one]).push(d);
    }
    if (labels)
      for (const k in labels) {
        const hit = this.pdbByLabel.get(namespace, k, labels[k]);
        if (hit)
          for (const d of hit) {
            if (!pdbSelects(d.obj, pod)) continue;
            if (!one) one = d;
            else (more ??= [one]).push(d);
          }
      }
    if (more) return more.sort((x, y) => x.index - y.index);
    return one ? one.alone : NO_PDBS;
  }

  bind(p: SimPod, node: string): void {
    const n = this.nodes.get(node)!.sched;
    p.node = node;
    n.bind(p);
    if (p.antiAffinity && p.antiAffinity.length > 0) this.antiPods.set(p.uid, { node: n, pod: p });
  }

  private unbind(p: SimPod): void {
    if (!p.node) return;
    this.nodes.get(p.node)!.sched.unbind(p);
    this.antiPods.delete(p.uid);
  }

  /** The pod object is deleted from the API server (its containers stopped, or nothing ran). */
  podGone(p: SimPod, why: string): void {
    if (p.gone) return;
    p.gone = true;
    p.goneAt = this.t;
    p.ready = false;
    this.pending.delete(p);
    this.unbind(p);
    // Only names taken during the run are in byKey; a snapshot pod's name is free once the pod is gone.
    if (this.byKey.get(p.key) === p) this.byKey.set(p.key, null);
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
    if (p.spec.priorityClassName && this.priorityClasses.has(p.spec.priorityClassName))
      return this.priorityClasses.get(p.spec.priorityClassName)!;
    return this.globalDefaultPriority;
  }

  private addPdb(obj: PodDisruptionBudget): void {
    const gen = obj.metadata.generation ?? 1;
    const d: SimPdb = {
      key: podKey(obj),
      obj,
      name: obj.metadata.name!,
      generation: gen,
      observedGeneration: gen,
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      reason: "",
      message: "",
      unhealthyPodEvictionPolicy: obj.spec.unhealthyPodEvictionPolicy,
      disruptedPods: new Map(),
      snapshotMembers: [],
      members: [],
      alone: [],
      index: this.pdbs.length,
    };
    d.alone.push(d);
    this.pdbs.push(d);
    const first = Object.entries(obj.spec.selector?.matchLabels ?? {})[0];
    if (first) {
      this.pdbByLabel.add(d.obj.metadata.namespace ?? "default", first[0], first[1], d);
    } else this.pdbUnindexed.push(d);
  }

  /**
   * Counts a snapshot pod where it is bound and in the PDBs selecting it. Only pods with something to do at t=0
   * become simulated pods now: those waiting for the scheduler or bound to a missing node, those already
   * terminating (their end is queued), those with required anti-affinity (the scheduler checks them everywhere).
   */
  private addSnapshotPod(p: Pod, index: number): void {
    const namespace = p.metadata.namespace ?? "default";
    const pdbs = this.matchPdbs(namespace, p.metadata.labels);
    this.snapshotPdbs[index] = pdbs;
    for (const d of pdbs) d.snapshotMembers.push(index);
    const n = p.spec.nodeName ? this.nodes.get(p.spec.nodeName) : undefined;
    if (n) n.sched.addSnapshotPod(index, podRequests(p));
    const anti = p.spec.affinity ? requiredAntiAffinity(p.spec) : undefined;
    if (n && !p.metadata.deletionTimestamp && !(anti && anti.length > 0)) return;
    const sp = this.snapshotPod(index);
    if (n) {
      if (sp.antiAffinity && sp.antiAffinity.length > 0) this.antiPods.set(sp.uid, { node: n.sched, pod: sp });
    } else if (p.spec.nodeName) sp.pendingReason = `bound to node "${p.spec.nodeName}", which is not in the snapshot`;
    else if (sp.phase === "Pending") this.pending.add(sp);
    if (sp.deletedAt !== null) {
      const grace =
        p.metadata.deletionGracePeriodSeconds ?? p.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
      const end = sp.deletedAt + grace;
      // Past its grace period and still there: something (a finalizer, a dead kubelet) holds it. It stays.
      if (end >= 0) this.at(end, true, () => this.podGone(sp, "grace period of a pod already terminating in the snapshot ended"));
    }
  }

  /** The simulated pod of snapshot pod `index`, made on first use with the snapshot's state (the same object after). */
  private snapshotPod(index: number): SimPod {
    const made = this.sim[index];
    if (made) return made;
    const p = this.snapshot.pods[index];
    const { node, phase, ready } = this.initialState(p);
    const sp = this.newPod(p, p.metadata.uid ?? `snapshot-${index}`, node, phase, ready, this.snapshotPdbs[index], 0);
    if (p.metadata.deletionTimestamp) {
      sp.terminating = true;
      sp.deletedAt = (Date.parse(p.metadata.deletionTimestamp) - this.nowMs) / 1000;
    }
    this.sim[index] = sp;
    return sp;
  }

  /** A snapshot pod's node, phase and readiness at t=0. */
  private initialState(p: Pod): { node: string | null; phase: string; ready: boolean } {
    const node = p.spec.nodeName && this.nodes.has(p.spec.nodeName) ? p.spec.nodeName : null;
    // Hand-written snapshots often omit status: a scheduled pod without one is taken as Running and Ready.
    const phase = p.status?.phase ?? (node ? "Running" : "Pending");
    const ready = p.status?.conditions ? isReadyInSnapshot(p) : phase === "Running";
    return { node, phase, ready };
  }

  /** podView of a snapshot pod nothing has touched: its state at t=0. */
  private initialView(index: number): PdbPodView {
    const p = this.snapshot.pods[index];
    const { phase, ready } = this.initialState(p);
    return {
      name: p.metadata.name!,
      labels: p.metadata.labels,
      ready: ready && phase === "Running",
      terminating: !!p.metadata.deletionTimestamp,
      controller: controllerOf(p),
    };
  }

  private snapshotKey(key: string): number | undefined {
    if (!this.snapshotKeys) {
      this.snapshotKeys = new Map();
      this.snapshot.pods.forEach((p, i) => this.snapshotKeys!.set(podKey(p), i));
    }
    return this.snapshotKeys.get(key);
  }

  private ownedIndex(): Nested<number | SimPod> {
    if (this.owned) return this.owned;
    const owned = new Nested<number | SimPod>();
    const pods = this.snapshot.pods;
    for (let i = 0; i < pods.length; i++) {
      const ref = controllerOf(pods[i]);
      if (ref) owned.add(ref.kind, pods[i].metadata.namespace ?? "default", ref.name, i);
    }
    for (const p of this.created) if (p.controller) owned.add(p.controller.kind, p.namespace, p.controller.name, p);
    this.owned = owned;
    return owned;
  }
}

/**
 * Lists under a three-part key, kept as nested maps: looking a snapshot pod up this way hashes strings the
 * snapshot already holds, where a joined key would build and hash a new string per pod.
 */
class Nested<T> {
  private readonly m = new Map<string, Map<string, Map<string, T[]>>>();

  get(a: string, b: string, c: string): T[] | undefined {
    return this.m.get(a)?.get(b)?.get(c);
  }

  add(a: string, b: string, c: string, v: T): void {
    let mb = this.m.get(a);
    if (!mb) this.m.set(a, (mb = new Map()));
    let mc = mb.get(b);
    if (!mc) mb.set(b, (mc = new Map()));
    const list = mc.get(c);
    if (list) list.push(v);
    else mc.set(c, [v]);
  }
}

/** What the disruption controller reads of a pod. */
export function podView(p: SimPod): PdbPodView {
  return {
    name: p.name,
    labels: p.obj.metadata.labels,
    ready: p.ready && p.phase === "Running",
    terminating: p.terminating,
    controller: p.controller,
  };
}

export function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}
