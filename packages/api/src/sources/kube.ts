// A Kubernetes cluster (one kubeconfig context) as a source: pods, events and the objects a drain
// rehearsal needs from the shared list+watch caches, a pod's history from the recorder so its
// timeline outlives the API server's event TTL, and create/delete through the API with RBAC.
import { notFound, type KubeEvent, type KubeObject, type Node, type Pod } from "@podscope/core";
import { checkWithServer, RESOURCES, streamDrain, unsyncedError, type HistoryRecorder, type KubeSource, type ResourceName } from "@podscope/kube";
import type { ApplyResult, Drainer, PodDetail, Source, SourceFacts, SourceTraits, WatchEvent } from "../source";

// What a drain rehearsal reads from a live cluster.
const CLUSTER_OBJECTS: ResourceName[] = ["nodes", "pods", "poddisruptionbudgets", "replicasets", "deployments", "daemonsets", "statefulsets", "jobs", "priorityclasses"];

export class ClusterSource implements Source {
  readonly id: string;
  readonly traits: SourceTraits = { isRecording: true, isLive: true, syncsOnOpen: true };
  private opened?: KubeSource;

  /**
   * Listed at once, but the context's watches start only when something first asks (open: a started
   * KubeSource), so an unused context costs nothing.
   */
  constructor(private readonly context: { name: string; server: string }, private readonly open: () => KubeSource, private readonly recorder: HistoryRecorder) {
    this.id = `kube:${context.name}`;
  }

  private get kube(): KubeSource {
    return (this.opened ??= this.open());
  }

  info(): SourceFacts {
    // Not opened yet: no sync states ("not watched yet").
    const sync = this.opened?.syncStates().map((s) => ({ resource: s.resource, state: s.state, error: s.error, count: s.count }));
    return { id: this.id, kind: "kube", name: `${this.context.name} (${this.context.server})`, available: true, ...(sync ? { sync } : {}) };
  }

  /** Draining a node of this context for real, as kubectl does. */
  readonly drainer: Drainer = {
    check: (req) => checkWithServer(this.kube, req),
    drain: (req, signal) => streamDrain(this.kube, req, signal),
    uncordon: (node) => this.kube.uncordon(node),
  };

  /** Waits for the first LIST; a resource that could not be listed at all fails with the API's words (RBAC, network). */
  private async synced<T extends KubeObject>(resource: ResourceName): Promise<T[]> {
    await this.kube.whenSynced([resource]);
    const st = this.kube.syncStates().find((s) => s.resource === resource);
    const items = this.kube.list<T>(resource);
    if (st?.state === "error" && items.length === 0) throw unsyncedError(st.error, st.error?.message ?? `cannot list ${resource}`, this.kube.context);
    const def = RESOURCES[resource];
    // Items of a LIST carry no kind/apiVersion: put them back, the drain simulator reads them.
    return items.map((o) => ({ ...o, kind: def.kind, apiVersion: def.group ? `${def.group}/${def.version}` : def.version }));
  }

  async listPods(): Promise<Pod[]> { return this.synced<Pod>("pods"); }

  async getPod(namespace: string, name: string): Promise<Pod> {
    await this.kube.whenSynced(["pods"]);
    const p = this.kube.get<Pod>("pods", name, namespace);
    if (!p) throw notFound("pods", name);
    return { ...p, kind: "Pod", apiVersion: "v1" };
  }

  async podDetail(namespace: string, name: string): Promise<PodDetail> {
    const pod = await this.getPod(namespace, name);
    this.recorder.flush();
    const history = this.recorder.history(this.context.name, namespace, name)
      .filter((r) => r.status && (!pod.metadata.uid || r.uid === pod.metadata.uid))
      .map((r) => ({ time: r.time, status: r.status! }));
    const events = this.recorder.events(this.context.name, namespace, name, "Pod");
    return { pod, history, events };
  }

  watchPods(onEvent: (e: WatchEvent<Pod>) => void): () => void {
    return this.kube.subscribe("pods", (ev) => {
      if (ev.type !== "STATE") onEvent({ type: ev.type, object: { ...(ev.object as Pod), kind: "Pod", apiVersion: "v1" } });
    });
  }

  async listEvents(filter: { namespace?: string; name?: string } = {}): Promise<KubeEvent[]> {
    if (filter.namespace && filter.name) {
      this.recorder.flush();
      return this.recorder.events(this.context.name, filter.namespace, filter.name);
    }
    const all = await this.synced<KubeEvent>("events");
    return all.filter((e) => !filter.namespace || e.involvedObject.namespace === filter.namespace || e.metadata.namespace === filter.namespace);
  }

  async listNodes(): Promise<Node[]> { return this.synced<Node>("nodes"); }

  async clusterObjects(): Promise<KubeObject[]> {
    return (await Promise.all(CLUSTER_OBJECTS.map((r) => this.synced(r)))).flat();
  }

  /** Server-side apply of each object (fieldManager podscope), within the user's RBAC. */
  async apply(objects: KubeObject[]): Promise<ApplyResult> {
    const result: ApplyResult = { created: [], warnings: [] };
    for (const o of objects) {
      const r = await this.kube.apply(o);
      result.created.push({ namespace: r.metadata.namespace ?? "", name: r.metadata.name ?? "" });
    }
    return result;
  }

  async deletePod(namespace: string, name: string, gracePeriodSeconds?: number): Promise<void> {
    await this.kube.deletePod(namespace, name, { gracePeriodSeconds });
  }

  async close(): Promise<void> { await this.opened?.stop(); }
}
