// A Kubernetes cluster (one kubeconfig context) as a source: pods, events and the objects a drain
// rehearsal needs from the shared list+watch caches, a pod's history from the recorder so its
// timeline outlives the API server's event TTL, and create/delete through the API with RBAC.
import { eventInvolves, isForbidden, notFound, type KubeEvent, type KubeObject, type Node, type Pod } from "@podscope/core";
import {
  AgentClient,
  agentEndpoint,
  AgentInspector,
  checkWithServer,
  DRAIN_SNAPSHOT_RESOURCES,
  podLogLines,
  podLogRecords,
  streamDrain,
  unsyncedError,
  withTypeMeta,
  type AgentTransport,
  type HistoryRecorder,
  type KubeSource,
  type RecordedPod,
  type ResourceName,
} from "@podscope/kube";
import type {
  AgentDirectory,
  ApplyResult,
  Drainer,
  Incarnation,
  LogOptions,
  LogRecord,
  NodeInspector,
  PodDetail,
  PodHistory,
  Source,
  SourceFacts,
  SourceTraits,
  WatchEvent,
} from "../source";

export interface ClusterSourceOptions {
  /** Where the podscope agent DaemonSet runs (default the agent manifest's, podscope-system). */
  agentNamespace?: string;
  /** How long one answer from an agent may take before it counts as not answering (default 15 s). */
  agentTimeoutMs?: number;
}

export class ClusterSource implements Source {
  readonly id: string;
  readonly traits: SourceTraits = { isLive: true, syncsOnOpen: true };
  private opened?: KubeSource;

  /**
   * Node views of this context's pods through the podscope agent on each pod's node, reached with the
   * user's own credentials through the API server's pods/proxy (RBAC decides who may look). The pod's node
   * comes from the pod cache; the client is made lazily, so listing sources opens no context.
   */
  readonly inspector: NodeInspector;

  /** Every node's agent, through the same client (its pod choice, its words), for `podscope agent status`. */
  readonly agents: AgentDirectory;

  /**
   * Listed at once, but the context's watches start only when something first asks (open: a started
   * KubeSource), so an unused context costs nothing.
   */
  constructor(
    private readonly context: { name: string; server: string },
    private readonly open: () => KubeSource,
    private readonly recorder: HistoryRecorder,
    opts: ClusterSourceOptions = {},
  ) {
    this.id = `kube:${context.name}`;
    const transport: AgentTransport = {
      context: context.name,
      request: (method, path, reqOpts) => this.kube.client.request(method, path, reqOpts),
    };
    const endpoint = agentEndpoint(opts.agentNamespace);
    const agents = new AgentClient(transport, opts.agentTimeoutMs ? { ...endpoint, timeoutMs: opts.agentTimeoutMs } : endpoint);
    this.inspector = new AgentInspector(agents, (namespace, name) => this.getPod(namespace, name), context.name);
    this.agents = {
      namespace: endpoint.namespace,
      // Every node the user may list, by name as kubectl sorts them.
      status: async () => {
        let names: string[];
        try {
          names = (await this.listNodes()).map((n) => n.metadata.name ?? "").filter((n) => n !== "");
        } catch (e) {
          if (!isForbidden(e)) throw e;
          // RBAC refuses the node list: the nodes the agent pods run on are what this user can know, and the answer
          // says what is missing. The agent pods refused too: the node list's refusal is the answer, in its words.
          const nodes = await agents.statusWhereAgentsRun().catch(() => Promise.reject(e));
          return { nodes, warning: `${e.message}: only the nodes that podscope agent pods run on are listed` };
        }
        return { nodes: await agents.status(names.sort()) };
      },
    };
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
    if (st?.state === "error" && items.length === 0)
      throw unsyncedError(st.error, st.error?.message ?? `cannot list ${resource}`, this.kube.context);
    return withTypeMeta(resource, items);
  }

  async listPods(): Promise<Pod[]> {
    return this.synced<Pod>("pods");
  }

  async getPod(namespace: string, name: string): Promise<Pod> {
    await this.kube.whenSynced(["pods"]);
    const p = this.kube.get<Pod>("pods", name, namespace);
    if (!p) throw notFound("pods", name);
    return { ...p, kind: "Pod", apiVersion: "v1" };
  }

  async podDetail(namespace: string, name: string): Promise<PodDetail> {
    const pod = await this.getPod(namespace, name);
    return this.detailOf(pod);
  }

  /** A pod's recorded statuses and events, selected by its UID (an earlier pod of that name is another). */
  private detailOf(pod: Pod, deletedAt?: string): PodDetail {
    const { namespace = "", name = "", uid = "" } = pod.metadata;
    this.recorder.flush();
    const history = this.recorder
      .history(this.context.name, uid)
      .filter((r) => r.status)
      .map((r) => ({ time: r.time, status: r.status! }));
    const events = this.recorder.podEvents(this.context.name, { namespace, name, uid });
    return { pod, history, events, ...(deletedAt ? { deletedAt } : {}) };
  }

  /** Deleted pods and every incarnation of a name, from the recorder's file (retention 7 days). */
  readonly history: PodHistory = {
    incarnations: async (namespace, name) => this.recorder.incarnations(this.context.name, namespace, name).map(incarnationOf),
    deletedPods: async () =>
      this.recorder.deletedPods(this.context.name).map((r) => {
        const pod = withKind(r.pod);
        // A force deletion may carry no deletionTimestamp: the time it was seen gone stands for it.
        pod.metadata = { ...pod.metadata, deletionTimestamp: pod.metadata.deletionTimestamp ?? r.deletedAt };
        return { pod, deletedAt: r.deletedAt! };
      }),
    podsAt: async (t) => {
      const r = this.recorder.podsAt(this.context.name, t.getTime());
      return { ...r, pods: r.pods.map(withKind) };
    },
    eventsAt: async (t, pod) => this.recorder.eventsAt(this.context.name, t.getTime(), pod),
    nodesAt: async (t) => {
      const r = this.recorder.nodesAt(this.context.name, t.getTime());
      return { ...r, nodes: r.nodes.map((n) => ({ ...n, kind: "Node", apiVersion: "v1" })) };
    },
    podDetailByUid: async (uid) => {
      await this.kube.whenSynced(["pods"]);
      const live = this.kube.list<Pod>("pods").find((p) => p.metadata.uid === uid);
      if (live) return this.detailOf(withKind(live));
      const r = this.recorder.pod(this.context.name, uid);
      if (!r) throw notFound("pods", uid);
      return this.detailOf(withKind(r.pod), r.deletedAt);
    },
  };

  watchPods(onEvent: (e: WatchEvent<Pod>) => void): () => void {
    return this.kube.subscribe("pods", (ev) => {
      if (ev.type !== "STATE") onEvent({ type: ev.type, object: { ...(ev.object as Pod), kind: "Pod", apiVersion: "v1" } });
    });
  }

  async listEvents(filter: { namespace?: string; name?: string; uid?: string } = {}): Promise<KubeEvent[]> {
    if (filter.namespace && filter.name) {
      this.recorder.flush();
      if (filter.uid)
        return this.recorder.podEvents(this.context.name, { namespace: filter.namespace, name: filter.name, uid: filter.uid });
      return this.recorder.events(this.context.name, filter.namespace, filter.name);
    }
    const all = await this.synced<KubeEvent>("events");
    return all.filter(
      (e) =>
        (!filter.namespace || e.involvedObject.namespace === filter.namespace || e.metadata.namespace === filter.namespace) &&
        (!filter.uid || eventInvolves(e, filter)),
    );
  }

  async listNodes(): Promise<Node[]> {
    return this.synced<Node>("nodes");
  }

  async clusterObjects(): Promise<KubeObject[]> {
    return (await Promise.all(DRAIN_SNAPSHOT_RESOURCES.map((r) => this.synced(r)))).flat();
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

  /** A container's log through the API server's pods/log, within the user's RBAC (kubectl logs). */
  logs(namespace: string, name: string, opts: LogOptions): AsyncIterable<string> {
    return podLogLines(this.kube.client, namespace, name, { ...opts, nodeName: this.nodeOf(namespace, name) });
  }

  /** The same lines with their times; the stream stays unknown (null): the API merges stdout and stderr. */
  logRecords(namespace: string, name: string, opts: LogOptions): AsyncIterable<LogRecord> {
    return podLogRecords(this.kube.client, namespace, name, { ...opts, nodeName: this.nodeOf(namespace, name) });
  }

  /** The pod's node from the cache, when it is there: named when the node cannot serve a log. */
  private nodeOf(namespace: string, name: string): string | undefined {
    return this.kube.get<Pod>("pods", name, namespace)?.spec.nodeName;
  }

  async close(): Promise<void> {
    await this.opened?.stop();
  }
}

function withKind(p: Pod): Pod {
  return { ...p, kind: "Pod", apiVersion: "v1" };
}

function incarnationOf(r: RecordedPod): Incarnation {
  return {
    uid: r.uid,
    namespace: r.namespace,
    name: r.name,
    createdAt: r.pod.metadata.creationTimestamp ?? r.firstSeen,
    ...(r.deletedAt ? { deletedAt: r.deletedAt } : {}),
  };
}
