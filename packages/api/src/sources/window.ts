// A read-only source opened from a window file (see @podscope/core's window-file): the pods, events,
// nodes, PDBs and workloads of a time window, with recorded history, log lines and inspection data,
// frozen at the moment it was taken. Links inside it resolve inside it (its nodes are the file's), and
// a drain rehearsal can start from it. Its id comes from the file's content, so the same file opened
// twice is the same source.
import { createHash } from "node:crypto";
import {
  eventAtTime,
  nodeAtTime,
  nodeStateOf,
  eventInvolves,
  KubeError,
  notFound,
  podAtTime,
  type KubeEvent,
  type KubeObject,
  type Node,
  type Pod,
  windowKey,
  type WindowFile,
  type WindowPodInspection,
} from "@podscope/core";
import type { CgroupNode, LsnsJson, NodeInspector, PodProcessesJson } from "@podscope/inspect";
import type { Incarnation, LogOptions, PodDetail, PodHistory, Source, SourceFacts, SourceTraits } from "../source";

/** The id of the source a file opens as: the same bytes always give the same source. */
export function windowSourceId(text: string): string {
  return `window-${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
}

export class WindowSource implements Source {
  readonly traits: SourceTraits = { isLive: false, syncsOnOpen: false };
  /** The inspection data saved with its pods, when the file has any. */
  readonly inspector?: NodeInspector;

  constructor(
    readonly id: string,
    private readonly file: WindowFile,
  ) {
    if (file.inspection && Object.keys(file.inspection).length > 0) {
      this.inspector = {
        cgroups: async (ref) => this.frozen(ref, "cgroups") as CgroupNode,
        namespaces: async (ref) => this.frozen(ref, "namespaces") as LsnsJson,
        processes: async (ref) => this.frozen(ref, "processes") as PodProcessesJson,
      };
    }
  }

  get window(): WindowFile {
    return this.file;
  }

  /**
   * What the file recorded, read as a recording source's history: the pods deleted within the window
   * stay reachable (by UID), and time travel inside the window replays it from its status records.
   */
  readonly history: PodHistory = {
    incarnations: async (namespace, name) =>
      this.everyPod()
        .filter((r) => (r.pod.metadata.namespace ?? "default") === namespace && r.pod.metadata.name === name)
        .map((r): Incarnation => ({
          uid: windowKey(r.pod),
          namespace,
          name,
          createdAt: r.pod.metadata.creationTimestamp ?? this.file.history[windowKey(r.pod)]?.[0]?.time ?? this.file.from,
          ...(r.deletedAt ? { deletedAt: r.deletedAt } : {}),
        }))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    deletedPods: async () => [...(this.file.objects.deletedPods ?? [])].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt)),
    podDetailByUid: async (uid) => {
      const r = this.everyPod().find((x) => windowKey(x.pod) === uid);
      if (!r) throw new KubeError("NotFound", `no pod with UID "${uid}" in this window file`);
      return { ...this.detailOf(r.pod), ...(r.deletedAt ? { deletedAt: r.deletedAt } : {}) };
    },
    podsAt: async (t) => {
      const all = this.everyPod();
      const pods = all.flatMap((r) => podAtTime(r.pod, this.file.history[windowKey(r.pod)] ?? [], t.getTime(), r.deletedAt) ?? []);
      const first = Object.values(this.file.history)
        .flatMap((h) => h.slice(0, 1).map((x) => x.time))
        .sort()[0];
      return { pods, ...(first ? { since: first } : {}) };
    },
    // A file keeps each event as it was when taken: one that repeated within the window shows its first
    // occurrence before its last (core's eventAtTime without versions).
    eventsAt: async (t, pod) =>
      this.file.objects.events.flatMap((e) => (!pod || eventInvolves(e, pod) ? (eventAtTime(e, [], t.getTime()) ?? []) : [])),
    // A file holds its nodes as they were when taken, and no earlier state: before takenAt they are unknown.
    nodesAt: async (t) => ({
      nodes: this.file.objects.nodes.flatMap((n) => nodeAtTime(n, [{ time: this.file.takenAt, state: nodeStateOf(n) }], t.getTime()) ?? []),
      since: this.file.takenAt,
    }),
  };

  info(): SourceFacts {
    const f = this.file;
    const what = f.scope.pod
      ? `${f.scope.namespace ?? "default"}/${f.scope.pod}`
      : f.scope.namespace
        ? `namespace ${f.scope.namespace}`
        : "everything";
    return {
      id: this.id,
      kind: "snapshot",
      name: `${f.scope.pod ? "snapshot" : "window"} of ${what} (${f.source.name}, ${f.takenAt})`,
      available: true,
      takenAt: f.takenAt,
    };
  }

  async listPods(): Promise<Pod[]> {
    return this.file.objects.pods;
  }

  async getPod(namespace: string, name: string): Promise<Pod> {
    const p = this.file.objects.pods.find((x) => (x.metadata.namespace ?? "default") === namespace && x.metadata.name === name);
    if (!p) throw notFound("pods", name);
    return p;
  }

  async podDetail(namespace: string, name: string): Promise<PodDetail> {
    return this.detailOf(await this.getPod(namespace, name));
  }

  private detailOf(pod: Pod): PodDetail {
    return {
      pod,
      history: this.file.history[windowKey(pod)] ?? [],
      events: this.file.objects.events.filter((e) => eventInvolves(e, pod.metadata)),
    };
  }

  /** The pods at takenAt and those deleted within the window. */
  private everyPod(): { pod: Pod; deletedAt?: string }[] {
    return [...this.file.objects.pods.map((pod) => ({ pod })), ...(this.file.objects.deletedPods ?? [])];
  }

  /** Nothing changes in a file. */
  watchPods(): () => void {
    return () => {};
  }

  async listEvents(filter?: { namespace?: string; name?: string }): Promise<KubeEvent[]> {
    return this.file.objects.events.filter(
      (e) =>
        (!filter?.namespace || (e.involvedObject.namespace ?? e.metadata.namespace) === filter.namespace) &&
        (!filter?.name || e.involvedObject.name === filter.name),
    );
  }

  async listNodes(): Promise<Node[]> {
    return this.file.objects.nodes;
  }

  async clusterObjects(): Promise<KubeObject[]> {
    const o = this.file.objects;
    return [...o.nodes, ...o.pods, ...o.pdbs, ...o.workloads, ...(o.other ?? [])];
  }

  /** The lines saved in the file (at most the last 1,000 of each instance); following ends after them. */
  async *logs(namespace: string, name: string, opts: LogOptions): AsyncIterable<string> {
    const pod = await this.getPod(namespace, name);
    const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name);
    const container = opts.container ?? (pod.spec.containers.length === 1 ? pod.spec.containers[0].name : undefined);
    if (!container) {
      // kubectl's words when a pod has several containers and none is named.
      throw new KubeError(
        "BadRequest",
        `a container name must be specified for pod ${name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(" ")}]`,
      );
    }
    if (!names.includes(container)) throw new KubeError("BadRequest", `container ${container} is not valid for pod ${name}`);
    if (opts.sinceSeconds !== undefined || opts.sinceTime !== undefined)
      throw new KubeError(
        "BadRequest",
        "this window file keeps its log lines without their times: --since and --since-time cannot select among them",
      );
    const saved = this.file.logs[windowKey(pod)]?.[container];
    const lines = opts.previous ? saved?.previous : saved?.current;
    if (!lines) {
      throw new KubeError(
        "NotFound",
        opts.previous
          ? `previous terminated container "${container}" in pod "${name}" not found in this window file`
          : `this window file holds no logs for container "${container}" of pod "${name}"`,
      );
    }
    yield* opts.tailLines !== undefined ? lines.slice(-opts.tailLines) : lines;
  }

  private frozen(ref: { namespace: string; name: string } | undefined, what: keyof WindowPodInspection): unknown {
    if (!ref) throw new KubeError("NotFound", `this window file holds no node-wide ${what} data, only its pods'`);
    const pod = this.file.objects.pods.find((x) => (x.metadata.namespace ?? "default") === ref.namespace && x.metadata.name === ref.name);
    if (!pod) throw notFound("pods", ref.name);
    const v = this.file.inspection?.[windowKey(pod)]?.[what];
    if (v === undefined) throw new KubeError("NotFound", `this window file holds no ${what} data for pod "${ref.name}"`);
    return v;
  }
}
