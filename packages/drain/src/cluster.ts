// The simulated cluster: pods, nodes and PDBs as they change on the virtual clock, and the controllers that
// react (ReplicaSet, StatefulSet, Job, disruption controller, scheduler, kubelet termination and start-up).
import type { Node, OwnerReference, Pod, PodDisruptionBudget } from "@podscope/core";
import { EventQueue } from "./queue";
import { computePdbStatus, DISRUPTED_POD_TIMEOUT_SECONDS, pdbSelects, type PdbPodView } from "./pdb";
import type { PdbStatusView } from "./eviction";
import { controllerOf, isReadyInSnapshot, podKey, podRequests, DEFAULT_GRACE_SECONDS, type Requests } from "./pod-facts";
import { nonZero, requiredAntiAffinity, schedNodeFrom, schedule, UNSCHEDULABLE_TAINT, type SchedNode, type SchedPod } from "./scheduler";
import { ENDPOINTS_DELAY, exitAfterSigtermSeconds, preStopSeconds, readyAfterSeconds, STARTUP_SECONDS, terminationPlan, type Annotations } from "./timing";
import { cpuMillis, bytes } from "@podscope/core";
import type { PdbSample, Snapshot, TimelineEntry, TimelineKind, Workload } from "./types";

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
  requests: Requests;
  priority: number;
  controller?: OwnerReference;
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
}

const NO_PDBS: SimPdb[] = [];
const NONZERO = nonZero({ cpu: 0, memory: 0 });
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export class Cluster {
  readonly q = new EventQueue();
  t = 0;
  /** Bumped on every change of cluster state; kubectl's stall detection compares against it. */
  changeSeq = 0;
  readonly timeline: TimelineEntry[] = [];
  readonly pdbSeries: PdbSample[] = [];
  readonly pods = new Map<string, SimPod>(); // by uid
  private readonly byKey = new Map<string, SimPod>(); // current object holding a name
  readonly nodes = new Map<string, SimNode>();
  readonly pdbs: SimPdb[] = [];
  readonly replacements: SimPod[] = [];
  /** When each PDB's status was last written by a granted eviction (for the API server's update conflicts). */
  readonly pdbWrittenAt = new Map<string, number>();
  private readonly pending = new Set<SimPod>();
  private readonly workloads = new Map<string, Workload>(); // "Kind/ns/name"
  private readonly priorityClasses = new Map<string, number>();
  private globalDefaultPriority = 0;
  private dirtyPdbs = new Set<SimPdb>();
  private pdbSyncQueued = false;
  private rescheduleQueued = false;
  private nameCounter = 0;
  private scheduleStart = 0;
  private schedNodeList: SchedNode[] = [];
  /** Bound pods with required anti-affinity terms, kept as they come and go. */
  private readonly antiPods = new Map<string, { node: SchedNode; pod: SchedPod }>();
  // Indexes (labels never change in the simulation): PDBs by one of their matchLabels pairs, pods per PDB,
  // pods per controller. Without them a 30,000-pod cluster spends seconds matching selectors.
  private readonly pdbByLabel = new Map<string, SimPdb[]>();
  private readonly pdbUnindexed: SimPdb[] = [];
  private readonly podPdbs = new Map<string, SimPdb[]>(); // by pod uid
  private readonly pdbMembers = new Map<SimPdb, Set<SimPod>>();
  private readonly owned = new Map<string, Set<SimPod>>(); // "Kind/ns/name"

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
    for (const pdb of snapshot.pdbs) this.indexPdb(pdb);
    snapshot.pods.forEach((p, i) => this.addSnapshotPod(p, i));
    for (const d of this.pdbs) this.initPdbStatus(d);
  }

  // ---- lookups -------------------------------------------------------------------------------------

  workload(kind: string, namespace: string, name: string): Workload | undefined {
    return this.workloads.get(`${kind}/${namespace}/${name}`);
  }

  podByKey(key: string): SimPod | undefined { return this.byKey.get(key); }

  podsOnNode(node: string): SimPod[] {
    const out: SimPod[] = [];
    // The scheduler's list of bound pods holds the SimPods themselves.
    for (const p of (this.nodes.get(node)?.sched.pods ?? []) as SimPod[]) if (!p.gone) out.push(p);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  pdbsFor(p: SimPod): SimPdb[] {
    const cached = this.podPdbs.get(p.uid);
    if (cached) return cached;
    const labels = p.obj.metadata.labels ?? {};
    let out: SimPdb[] = NO_PDBS;
    if (this.pdbs.length > 0) {
      // Most pods match at most one indexed PDB: collect candidates without allocating a Set per pod.
      let hits: SimPdb[] | undefined = this.pdbUnindexed.length ? [...this.pdbUnindexed] : undefined;
      for (const k in labels) {
        const hit = this.pdbByLabel.get(`${p.namespace}|${k}=${labels[k]}`);
        if (hit) { if (hits) { for (const d of hit) if (!hits.includes(d)) hits.push(d); } else hits = [...hit]; }
      }
      if (hits) {
        out = hits.filter((d) => pdbSelects(d.obj, { namespace: p.namespace, labels }));
        if (out.length > 1) out.sort((a, b) => this.pdbs.indexOf(a) - this.pdbs.indexOf(b));
      }
    }
    this.podPdbs.set(p.uid, out);
    return out;
  }

  private ownerKey(p: SimPod): string | undefined {
    return p.controller ? `${p.controller.kind}/${p.namespace}/${p.controller.name}` : undefined;
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

  record(kind: TimelineKind, object: string, message: string): void {
    this.timeline.push({ t: round(this.t), kind, object, message });
  }

  changed(): void { this.changeSeq++; }

  at(delay: number, progress: boolean, run: () => void, phase: 0 | 1 = 1): void {
    this.q.push(this.t + delay, phase, progress, run);
  }

  // ---- pods ----------------------------------------------------------------------------------------

  private priorityOf(p: Pod): number {
    if (typeof p.spec.priority === "number") return p.spec.priority;
    if (p.spec.priorityClassName && this.priorityClasses.has(p.spec.priorityClassName)) return this.priorityClasses.get(p.spec.priorityClassName)!;
    return this.globalDefaultPriority;
  }

  private newPod(obj: Pod, uid: string, node: string | null, phase: string, ready: boolean): SimPod {
    const sp: SimPod = {
      uid, key: podKey(obj), namespace: obj.metadata.namespace ?? "default", name: obj.metadata.name!, obj, node, phase, ready,
      terminating: false, deletedAt: null, gone: false, goneAt: null, requests: podRequests(obj), priority: this.priorityOf(obj),
      controller: controllerOf(obj), createdAt: this.t, readyAt: null, pendingReason: null, evictedAt: null,
      labels: obj.metadata.labels, antiAffinity: obj.spec.affinity ? requiredAntiAffinity(obj.spec) : undefined,
    };
    this.pods.set(uid, sp);
    this.byKey.set(sp.key, sp);
    for (const d of this.pdbsFor(sp)) this.pdbMembers.get(d)!.add(sp);
    const ok = this.ownerKey(sp);
    if (ok) { if (!this.owned.has(ok)) this.owned.set(ok, new Set()); this.owned.get(ok)!.add(sp); }
    return sp;
  }

  private addSnapshotPod(p: Pod, index: number): void {
    const node = p.spec.nodeName && this.nodes.has(p.spec.nodeName) ? p.spec.nodeName : null;
    // Hand-written snapshots often omit status: a scheduled pod without one is taken as Running and Ready.
    const phase = p.status?.phase ?? (node ? "Running" : "Pending");
    const ready = p.status?.conditions ? isReadyInSnapshot(p) : phase === "Running";
    const sp = this.newPod(p, p.metadata.uid ?? `snapshot-${index}`, node, phase, ready);
    if (node) this.bind(sp, node);
    else if (p.spec.nodeName) sp.pendingReason = `bound to node "${p.spec.nodeName}", which is not in the snapshot`;
    else if (phase === "Pending") this.pending.add(sp);
    if (p.metadata.deletionTimestamp) {
      sp.terminating = true;
      sp.deletedAt = (Date.parse(p.metadata.deletionTimestamp) - this.nowMs) / 1000;
      const grace = p.metadata.deletionGracePeriodSeconds ?? p.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
      const end = sp.deletedAt + grace;
      // Past its grace period and still there: something (a finalizer, a dead kubelet) holds it. It stays.
      if (end >= 0) this.at(end, true, () => this.podGone(sp, "grace period of a pod already terminating in the snapshot ended"));
    }
  }

  private bind(p: SimPod, node: string): void {
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

  setReady(p: SimPod, ready: boolean): void {
    if (p.ready === ready || p.gone) return;
    p.ready = ready;
    if (ready) { p.readyAt = this.t; this.record("ready", `pod/${p.key}`, `Ready on node ${p.node}`); }
    this.changed();
    this.podChanged(p);
  }

  /** The API server marks the pod for deletion; kubelet then runs the termination sequence. */
  deletePod(p: SimPod, graceOverride: number | undefined): void {
    if (p.terminating || p.gone) return;
    p.terminating = true;
    p.deletedAt = this.t;
    this.changed();
    const sources = this.annotationSources(p);
    const grace = graceOverride !== undefined && graceOverride >= 0 ? graceOverride : p.obj.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    const obj = `pod/${p.key}`;
    if (p.ready) this.at(ENDPOINTS_DELAY, true, () => { if (!p.gone) this.record("endpoints-removed", obj, "removed from Service endpoints (endpoints controller, then kube-proxy)"); });
    if (p.phase === "Succeeded" || p.phase === "Failed" || !p.node || grace === 0) {
      // Nothing runs (or grace 0): the object goes at once.
      this.at(0, true, () => this.podGone(p, grace === 0 ? "deleted with grace period 0" : `pod was ${p.node ? p.phase : "not scheduled"}`));
    } else if (p.phase === "Pending") {
      this.at(1, true, () => this.podGone(p, "containers had not started"));
    } else {
      const plan = terminationPlan(grace, preStopSeconds(p.obj, sources), exitAfterSigtermSeconds(sources));
      if (plan.preStopEnd > 0) this.record("prestop", obj, `preStop hook runs for ${fmt(plan.preStopEnd)}s (grace period ${grace}s)`);
      this.at(plan.sigterm, true, () => { if (!p.gone) this.record("sigterm", obj, "SIGTERM sent to the containers"); });
      if (plan.sigkill) this.at(plan.exit, true, () => { if (!p.gone) this.record("sigkill", obj, `grace period of ${grace}s over: SIGKILL, exit code 137`); });
      this.at(plan.exit, true, () => {
        if (p.gone) return;
        if (!plan.sigkill) this.record("exited", obj, "containers exited after SIGTERM, exit code 143");
        this.podGone(p, "containers stopped");
      });
    }
    this.podChanged(p);
    this.syncOwnerOnTerminating(p);
  }

  podGone(p: SimPod, why: string): void {
    if (p.gone) return;
    p.gone = true;
    p.goneAt = this.t;
    p.ready = false;
    this.pending.delete(p);
    this.unbind(p);
    if (this.byKey.get(p.key) === p) this.byKey.delete(p.key);
    for (const d of this.pdbsFor(p)) this.pdbMembers.get(d)!.delete(p);
    const ok = this.ownerKey(p);
    if (ok) this.owned.get(ok)?.delete(p);
    this.changed();
    this.record("pod-gone", `pod/${p.key}`, `pod object deleted (${why})`);
    this.podChanged(p);
    this.syncOwnerOnGone(p);
    this.queueReschedule();
  }

  // ---- disruption controller ----------------------------------------------------------------------

  private indexPdb(obj: PodDisruptionBudget): void {
    const gen = obj.metadata.generation ?? 1;
    const d: SimPdb = {
      key: podKey(obj), obj, name: obj.metadata.name!, generation: gen, observedGeneration: gen,
      disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, reason: "", message: "",
      unhealthyPodEvictionPolicy: obj.spec.unhealthyPodEvictionPolicy, disruptedPods: new Map(),
    };
    this.pdbs.push(d);
    this.pdbMembers.set(d, new Set());
    const first = Object.entries(obj.spec.selector?.matchLabels ?? {})[0];
    if (first) {
      const k = `${d.obj.metadata.namespace ?? "default"}|${first[0]}=${first[1]}`;
      if (!this.pdbByLabel.has(k)) this.pdbByLabel.set(k, []);
      this.pdbByLabel.get(k)!.push(d);
    } else this.pdbUnindexed.push(d);
  }

  private initPdbStatus(d: SimPdb): void {
    const obj = d.obj;
    if (obj.status) {
      // What the API server has is what evictions see, until the disruption controller next syncs.
      const s = obj.status;
      d.observedGeneration = s.observedGeneration ?? 0;
      d.disruptionsAllowed = s.disruptionsAllowed ?? 0;
      d.currentHealthy = s.currentHealthy ?? 0;
      d.desiredHealthy = s.desiredHealthy ?? 0;
      d.expectedPods = s.expectedPods ?? 0;
      for (const [name, at] of Object.entries(s.disruptedPods ?? {})) {
        const t = (Date.parse(at) - this.nowMs) / 1000;
        d.disruptedPods.set(name, t);
        // An entry stops counting after DISRUPTED_POD_TIMEOUT_SECONDS: the controller re-syncs then.
        this.at(Math.max(0, t + DISRUPTED_POD_TIMEOUT_SECONDS) + 0.001, true, () => { this.dirtyPdbs.add(d); this.queuePdbSync(); });
      }
      d.reason = s.conditions?.find((c) => c.type === "DisruptionAllowed")?.reason ?? "";
      if (d.observedGeneration < d.generation) { this.dirtyPdbs.add(d); this.queuePdbSync(1); }
    } else {
      this.syncPdb(d, false);
    }
    this.sample(d);
  }

  private podView(p: SimPod): PdbPodView {
    return { name: p.name, labels: p.obj.metadata.labels, ready: p.ready && p.phase === "Running", terminating: p.terminating, controller: p.controller };
  }

  /** The scale the disruption controller finds for a controller: Deployment via its ReplicaSet, ReplicaSet, StatefulSet. */
  scaleOf = (ref: OwnerReference, ns: string): number | undefined => {
    if (ref.kind === "ReplicaSet") {
      const rs = this.workload("ReplicaSet", ns, ref.name);
      if (!rs) return undefined;
      const owner = controllerOf(rs);
      if (owner && owner.kind === "Deployment") {
        const dep = this.workload("Deployment", ns, owner.name);
        return dep ? dep.spec?.replicas ?? 1 : undefined;
      }
      return rs.spec?.replicas ?? 1;
    }
    if (ref.kind === "StatefulSet") {
      const s = this.workload("StatefulSet", ns, ref.name);
      return s ? s.spec?.replicas ?? 1 : undefined;
    }
    return undefined;
  };

  private syncPdb(d: SimPdb, record = true): void {
    const ns = d.obj.metadata.namespace ?? "default";
    const views: PdbPodView[] = [];
    for (const p of this.pdbMembers.get(d)!) if (!p.gone && p.namespace === ns) views.push(this.podView(p));
    const c = computePdbStatus(d.obj, views, d.disruptedPods, this.t, this.scaleOf);
    const before = `${d.desiredHealthy}/${d.currentHealthy}/${d.disruptionsAllowed}/${d.expectedPods}/${d.observedGeneration}`;
    d.expectedPods = c.expectedPods; d.desiredHealthy = c.desiredHealthy; d.currentHealthy = c.currentHealthy;
    d.disruptionsAllowed = c.disruptionsAllowed; d.disruptedPods = c.disruptedPods; d.reason = c.reason; d.message = c.message;
    d.observedGeneration = d.generation;
    const after = `${d.desiredHealthy}/${d.currentHealthy}/${d.disruptionsAllowed}/${d.expectedPods}/${d.observedGeneration}`;
    if (record && before !== after) {
      this.changed();
      this.record("pdb-status", `pdb/${d.key}`, pdbStatusText(d));
      this.sample(d);
    }
  }

  sample(d: SimPdb): void {
    this.pdbSeries.push({ t: round(this.t), pdb: d.key, desiredHealthy: d.desiredHealthy, currentHealthy: d.currentHealthy, disruptionsAllowed: d.disruptionsAllowed, expectedPods: d.expectedPods });
  }

  private queuePdbSync(delay = 0): void {
    if (this.pdbSyncQueued) return;
    this.pdbSyncQueued = true;
    this.at(delay, true, () => {
      this.pdbSyncQueued = false;
      const dirty = [...this.dirtyPdbs];
      this.dirtyPdbs.clear();
      for (const d of dirty) this.syncPdb(d);
    });
  }

  private podChanged(p: SimPod): void {
    for (const d of this.pdbsFor(p)) this.dirtyPdbs.add(d);
    if (this.dirtyPdbs.size > 0) this.queuePdbSync();
    if (p.controller?.kind === "StatefulSet") this.at(0, true, () => this.syncStatefulSet(p.namespace, p.controller!.name));
  }

  // ---- workload controllers -----------------------------------------------------------------------

  private ownedActive(kind: string, ns: string, name: string, countTerminating: boolean): number {
    let n = 0;
    for (const p of this.owned.get(`${kind}/${ns}/${name}`) ?? []) {
      if (p.gone) continue;
      if (p.phase === "Succeeded" || p.phase === "Failed") continue;
      if (p.terminating && !countTerminating) continue;
      n++;
    }
    return n;
  }

  private syncOwnerOnTerminating(p: SimPod): void {
    const ref = p.controller;
    if (!ref) return;
    if (ref.kind === "ReplicaSet") this.at(0, true, () => this.syncReplicaSet(p));
    if (ref.kind === "Job") {
      const job = this.workload("Job", p.namespace, ref.name);
      if (job && job.spec?.podReplacementPolicy !== "Failed") this.at(0, true, () => this.syncJob(p, job));
    }
  }

  private syncOwnerOnGone(p: SimPod): void {
    const ref = p.controller;
    if (!ref) return;
    if (ref.kind === "Job") {
      const job = this.workload("Job", p.namespace, ref.name);
      if (job && job.spec?.podReplacementPolicy === "Failed") this.at(0, true, () => this.syncJob(p, job));
    }
    if (ref.kind === "StatefulSet") this.at(0, true, () => this.syncStatefulSet(p.namespace, ref.name));
  }

  private syncReplicaSet(old: SimPod): void {
    const ref = old.controller!;
    const rs = this.workload("ReplicaSet", old.namespace, ref.name);
    if (!rs) return;
    const want = rs.spec?.replicas ?? 1;
    let have = this.ownedActive("ReplicaSet", old.namespace, ref.name, false);
    while (have < want) { this.createReplacement(rs, old, `${ref.name}-${this.suffix()}`); have++; }
  }

  private syncJob(old: SimPod, job: Workload): void {
    const want = job.spec?.parallelism ?? 1;
    const countTerminating = job.spec?.podReplacementPolicy === "Failed";
    let have = this.ownedActive("Job", old.namespace, job.metadata.name!, countTerminating);
    while (have < want) { this.createReplacement(job, old, `${job.metadata.name}-${this.suffix()}`); have++; }
  }

  /** StatefulSet pods come back under their own name once the old object is gone; OrderedReady goes by ordinal. */
  private syncStatefulSet(ns: string, name: string): void {
    const sts = this.workload("StatefulSet", ns, name);
    if (!sts) return;
    const replicas = sts.spec?.replicas ?? 1;
    const ordered = sts.spec?.podManagementPolicy !== "Parallel";
    for (let i = 0; i < replicas; i++) {
      const key = `${ns}/${name}-${i}`;
      const cur = this.byKey.get(key);
      if (!cur) {
        const old = [...this.pods.values()].reverse().find((p) => p.key === key);
        if (!old) continue; // an ordinal the snapshot never had: not the drain's business
        this.createReplacement(sts, old, `${name}-${i}`);
        if (ordered) return;
        continue;
      }
      if (ordered && (cur.terminating || !(cur.phase === "Running" && cur.ready))) return;
    }
  }

  private suffix(): string {
    // Deterministic stand-in for the API server's random generateName suffix.
    let n = ++this.nameCounter * 7919 + 104729;
    let s = "";
    for (let i = 0; i < 5; i++) { s += SUFFIX_ALPHABET[n % SUFFIX_ALPHABET.length]; n = Math.floor(n / SUFFIX_ALPHABET.length) + i * 31; }
    return s;
  }

  private createReplacement(owner: Workload, old: SimPod, name: string): void {
    const tpl = owner.spec?.template;
    const base: Pod = tpl?.spec ? { apiVersion: "v1", kind: "Pod", metadata: { ...(tpl.metadata ?? {}), namespace: old.namespace }, spec: tpl.spec } : { ...old.obj, status: undefined };
    const obj: Pod = {
      ...base,
      metadata: {
        ...base.metadata, name, namespace: old.namespace,
        labels: { ...(base.metadata.labels ?? old.obj.metadata.labels ?? {}) },
        ownerReferences: old.obj.metadata.ownerReferences, deletionTimestamp: undefined, uid: undefined,
      },
      spec: { ...base.spec, nodeName: undefined },
    };
    const sp = this.newPod(obj, `sim-${++this.nameCounter}`, null, "Pending", false);
    sp.replaces = old.key;
    this.replacements.push(sp);
    this.changed();
    this.record("replacement-created", `pod/${sp.key}`, `created by ${owner.kind} ${owner.metadata.name} to replace ${old.key}`);
    this.pending.add(sp);
    this.podChanged(sp);
    this.at(0, true, () => this.trySchedule(sp));
  }

  // ---- scheduler and kubelet start-up -------------------------------------------------------------

  schedNodes(): SchedNode[] {
    return this.schedNodeList;
  }

  private trySchedule(p: SimPod): void {
    if (p.gone || p.node || !this.pending.has(p)) return;
    const out = schedule({ namespace: p.namespace, labels: p.obj.metadata.labels, spec: p.obj.spec, requests: p.requests, priority: p.priority }, this.schedNodeList,
      { startIndex: this.scheduleStart, antiAffinity: [...this.antiPods.values()] });
    this.scheduleStart = out.nextStartIndex;
    if (out.node === null) {
      if (p.pendingReason !== out.message) {
        p.pendingReason = out.message;
        this.record("failed-scheduling", `pod/${p.key}`, out.message);
      }
      return;
    }
    this.pending.delete(p);
    p.pendingReason = null;
    this.bind(p, out.node);
    this.changed();
    this.record("scheduled", `pod/${p.key}`, `Successfully assigned ${p.key} to ${out.node}`);
    const readyAfter = readyAfterSeconds(p.obj, this.annotationSources(p));
    this.at(Math.min(STARTUP_SECONDS, readyAfter), true, () => { if (!p.gone && !p.terminating) { p.phase = "Running"; this.changed(); this.podChanged(p); } });
    this.at(readyAfter, true, () => { if (!p.gone && !p.terminating) { p.phase = "Running"; this.setReady(p, true); } });
  }

  private queueReschedule(): void {
    if (this.rescheduleQueued || this.pending.size === 0) return;
    this.rescheduleQueued = true;
    this.at(0, true, () => {
      this.rescheduleQueued = false;
      // The scheduling queue: higher priority first, then older first.
      const order = [...this.pending].sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
      for (const p of order) this.trySchedule(p);
    });
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

  uncordon(node: string): void {
    const n = this.nodes.get(node)!;
    n.sched.unschedulable = false;
    n.sched.taints = n.sched.taints.filter((t) => t.key !== UNSCHEDULABLE_TAINT);
    this.changed();
    this.record("uncordon", `node/${node}`, "spec.unschedulable=false (node back after its upgrade)");
    this.queueReschedule();
  }

  pendingPods(): SimPod[] { return [...this.pending]; }
}

export function pdbStatusText(d: { desiredHealthy: number; currentHealthy: number; disruptionsAllowed: number; expectedPods: number; reason?: string; message?: string }): string {
  const base = `desiredHealthy=${d.desiredHealthy} currentHealthy=${d.currentHealthy} disruptionsAllowed=${d.disruptionsAllowed} expectedPods=${d.expectedPods}`;
  return d.reason === "SyncFailed" ? `${base} (SyncFailed: ${d.message})` : base;
}

export function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}

function fmt(n: number): string { return String(round(n)); }
