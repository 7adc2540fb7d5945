// The local node as a source: pods run by podscope's mini-kubelet over its own containerd, and the
// host inspection that only a source on this machine can offer.
import {
  eventAtTime,
  logSinceCutoff,
  nodeAtTime,
  nodeStateOf,
  notFound,
  podAtTime,
  validatePod,
  type KubeEvent,
  type KubeObject,
  type Node,
  type Pod,
} from "@podscope/core";
import { findCriPods, readCriPods, readOnlyCri, readPodRuntime } from "@podscope/agent/server";
import { createNodeInspector, podMapFromPods, PodNotFoundError } from "@podscope/inspect";
import { importImage, listImages, type ContainerdInstance, type LocalNode } from "@podscope/runtime";
import type {
  ApplyResult,
  ImageStore,
  LocalImage,
  LogOptions,
  LogRecord,
  NodeInspector,
  PodDetail,
  PodHistory,
  Source,
  SourceFacts,
  SourceTraits,
  DebugRequest,
  StreamGrant,
  StreamRequest,
  WatchEvent,
} from "../source";

// Labels kubelet writes on sandboxes; the runtime uses the same keys.
const POD_UID_LABEL = "io.kubernetes.pod.uid";

export class LocalSource implements Source {
  readonly id = "local";
  readonly traits: SourceTraits = { isLive: true, syncsOnOpen: false };
  readonly inspector: NodeInspector;
  readonly images: ImageStore;

  constructor(
    private readonly node: LocalNode,
    private readonly runtime: ContainerdInstance,
  ) {
    const inspector = createNodeInspector(async () => {
      // The sandbox ID is not part of a Pod: ask the runtime, so pause's cgroup gets its name.
      const sandboxes = await this.runtime.cri.listPodSandbox();
      const byUid = new Map(
        sandboxes.filter((s) => s.state === "SANDBOX_READY").map((s) => [s.labels?.[POD_UID_LABEL] ?? "", s.id] as const),
      );
      return podMapFromPods(this.node.listPods(), (p) => byUid.get(p.metadata.uid ?? ""));
    });
    // The inspector's "not found" is a Kubernetes NotFound to the API.
    const mapNotFound = (e: unknown): never => {
      if (e instanceof PodNotFoundError) throw notFound("pods", e.name);
      throw e;
    };
    this.inspector = {
      cgroups: async (p, opts) => {
        // The local source has one node: a tree of any other is one it cannot see.
        if (!p && opts?.node && opts.node !== this.node.nodeName) throw notFound("nodes", opts.node);
        return inspector.cgroups(p).catch(mapNotFound);
      },
      namespaces: (p) => inspector.namespaces(p).catch(mapNotFound),
      processes: (p) => inspector.processes(p).catch(mapNotFound),
      // The same reading of the runtime as a cluster node's agent does, over this node's own containerd.
      runtime: async (p) => {
        const uid = (await this.getPod(p.namespace, p.name)).metadata.uid;
        const cri = readOnlyCri(this.runtime.cri);
        const [entry] = findCriPods(await readCriPods(cri), { ...p, uid });
        if (!entry) throw notFound("pods", p.name);
        return readPodRuntime(cri, entry);
      },
    };
    this.images = {
      list: async () => (await listImages(this.runtime.cri)).map(toImage),
      importFile: async (path) => {
        const names = await importImage({ socket: this.runtime.socket }, path);
        const all = (await listImages(this.runtime.cri)).map(toImage);
        return all.filter((i) => names.some((n) => i.ref === n || i.aliases?.includes(n)));
      },
    };
  }

  /** exec/attach: containerd's streaming URL for the container (loopback: the client runs on this machine). */
  async stream(namespace: string, name: string, req: StreamRequest): Promise<StreamGrant> {
    const g = await this.node.streamUrl(namespace, name, req);
    return { url: g.url, container: g.container, ...(g.defaultedFrom ? { defaultedFrom: g.defaultedFrom } : {}) };
  }

  async debug(namespace: string, name: string, req: DebugRequest): Promise<{ container: string }> {
    const { container } = await this.node.debug(namespace, name, req);
    return { container };
  }

  info(): SourceFacts {
    return { id: this.id, kind: "local", name: `local node (${this.node.nodeName})`, available: true };
  }

  async listPods(): Promise<Pod[]> {
    return this.node.listPods();
  }

  async getPod(namespace: string, name: string): Promise<Pod> {
    const p = this.node.getPod(namespace, name);
    if (!p) throw notFound("pods", name);
    return p;
  }

  async podDetail(namespace: string, name: string): Promise<PodDetail> {
    const pod = await this.getPod(namespace, name);
    return this.history.podDetailByUid(pod.metadata.uid ?? "");
  }

  /** The node keeps every pod it ran (its last object, statuses and events) for the history retention. */
  readonly history: PodHistory = {
    incarnations: async (namespace, name) => this.node.incarnations(namespace, name),
    deletedPods: async () => this.node.deletedPods(),
    podsAt: async (t) => {
      const pods: Pod[] = [];
      let since: number | undefined;
      for (const r of this.node.podRecords()) {
        const first = Date.parse(r.history[0]?.time ?? "");
        if (!Number.isNaN(first) && (since === undefined || first < since)) since = first;
        const p = podAtTime(r.pod, r.history, t.getTime(), r.deletedAt);
        if (p) pods.push(p);
      }
      return { pods, ...(since !== undefined ? { since: new Date(since).toISOString() } : {}) };
    },
    podDetailByUid: async (uid) => {
      const r = this.node.podByUid(uid);
      if (!r) throw notFound("pods", uid);
      return { pod: r.pod, history: r.history, events: r.events, ...(r.deletedAt ? { deletedAt: r.deletedAt } : {}) };
    },
    // Each event with the versions the node's event recorder kept of it (every count bump).
    eventsAt: async (t, pod) => {
      const events = pod ? (this.node.podByUid(pod.uid)?.events ?? []) : this.node.listEvents();
      return events
        .flatMap((e) => eventAtTime(e, this.node.eventVersions(e), t.getTime()) ?? [])
        .sort((a, b) => Date.parse(a.lastTimestamp ?? "") - Date.parse(b.lastTimestamp ?? ""));
    },
    // The local node's conditions, capacity and taints do not change while it runs: its state is the same
    // from its start (its creationTimestamp), and unknown before.
    nodesAt: async (t) => {
      const node = this.node.node();
      const since = node.metadata.creationTimestamp ?? new Date().toISOString();
      const then = nodeAtTime(node, [{ time: since, state: nodeStateOf(node) }], t.getTime());
      return { nodes: then ? [then] : [], since };
    },
  };

  watchPods(onEvent: (e: WatchEvent<Pod>) => void): () => void {
    const seen = new Set(this.node.listPods().map((p) => p.metadata.uid));
    const onPod = (pod: Pod) => {
      const type = seen.has(pod.metadata.uid) ? "MODIFIED" : "ADDED";
      seen.add(pod.metadata.uid);
      onEvent({ type, object: pod });
    };
    const onDeleted = (pod: Pod) => {
      seen.delete(pod.metadata.uid);
      onEvent({ type: "DELETED", object: pod });
    };
    this.node.on("pod", onPod);
    this.node.on("podDeleted", onDeleted);
    return () => {
      this.node.off("pod", onPod);
      this.node.off("podDeleted", onDeleted);
    };
  }

  async listEvents(filter?: { namespace?: string; name?: string; uid?: string }): Promise<KubeEvent[]> {
    return this.node.listEvents(filter);
  }
  async listNodes(): Promise<Node[]> {
    return [this.node.node()];
  }
  async clusterObjects(): Promise<KubeObject[]> {
    return [this.node.node(), ...this.node.listPods()];
  }

  /** Creates every pod in the manifest; all are validated first, so one bad pod creates none. */
  async apply(objects: KubeObject[]): Promise<ApplyResult> {
    const pods = objects.map((o) => validatePod(o));
    const result: ApplyResult = { created: [], warnings: [] };
    for (const pod of pods) {
      const r = await this.node.createPod(pod);
      result.created.push({ namespace: r.pod.metadata.namespace!, name: r.pod.metadata.name! });
      result.warnings.push(...r.warnings);
    }
    return result;
  }

  async deletePod(namespace: string, name: string, gracePeriodSeconds?: number): Promise<void> {
    await this.node.deletePod(namespace, name, { gracePeriodSeconds });
  }

  logs(namespace: string, name: string, opts: LogOptions): AsyncIterable<string> {
    return stripNewlines(this.node.logs(namespace, name, opts.container, { ...opts, since: sinceOf(opts) }));
  }

  async *logRecords(namespace: string, name: string, opts: LogOptions): AsyncIterable<LogRecord> {
    for await (const l of stripNewlines(
      this.node.logs(namespace, name, opts.container, { ...opts, since: sinceOf(opts), records: true }),
    )) {
      // `<time> <stream> <message>`, as LocalNode writes it with `records`.
      const a = l.indexOf(" "),
        b = l.indexOf(" ", a + 1);
      yield { time: l.slice(0, a), stream: l.slice(a + 1, b) === "stderr" ? "stderr" : "stdout", line: b < 0 ? "" : l.slice(b + 1) };
    }
  }

  async close(): Promise<void> {
    await this.node.stop(); // closes the node's CRI client too
  }
}

/** --since counts back from now: the node runs on this machine, its clock is this one's. */
function sinceOf(opts: LogOptions): number | undefined {
  return logSinceCutoff(opts, Date.now());
}

async function* stripNewlines(src: AsyncIterable<string>): AsyncIterable<string> {
  for await (const l of src) yield l.endsWith("\n") ? l.slice(0, -1) : l;
}

function toImage(i: { name: string; repoTags: string[]; id: string; size: number }): LocalImage {
  return { ref: i.name, id: i.id, size: i.size, aliases: i.repoTags.slice(1) };
}
