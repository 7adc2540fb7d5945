// A read-only source made from a snapshot file exported earlier: one pod with its history, events
// and inspection data, frozen at the moment it was taken. Postmortems open these.
import { badRequest, KubeError, notFound, type KubeEvent, type KubeObject, type Node, type Pod } from "@podscope/core";
import type { CgroupNode, LsnsJson, NodeInspector, PodProcessesJson } from "@podscope/inspect";
import type { PodDetail, Source, SourceFacts, SourceTraits, StatusRecord } from "../source";

export interface PodSnapshot {
  kind: "PodscopeSnapshot";
  version: 1;
  source: { id: string; name: string; kind: string };
  takenAt: string;
  pod: Pod;
  history: StatusRecord[];
  events: KubeEvent[];
  inspection?: { cgroups?: CgroupNode; namespaces?: LsnsJson; processes?: PodProcessesJson };
}

type Inspection = NonNullable<PodSnapshot["inspection"]>;

export function parseSnapshot(json: string): PodSnapshot {
  // What the checks below read of an untrusted file; the rest is taken as the format says.
  let v: { kind?: unknown; version?: unknown; pod?: { metadata?: { name?: unknown } }; history?: unknown; events?: unknown } | null;
  try { v = JSON.parse(json) as typeof v; } catch (e) {
    throw badRequest(`not a podscope snapshot: the file is not JSON (${(e as Error).message})`);
  }
  if (!v || v.kind !== "PodscopeSnapshot") throw badRequest(`not a podscope snapshot: kind is ${JSON.stringify(v?.kind)}, expected "PodscopeSnapshot"`);
  if (v.version !== 1) throw badRequest(`unsupported snapshot version ${JSON.stringify(v.version)} (this podscope reads version 1)`);
  if (!v.pod?.metadata?.name || !Array.isArray(v.history) || !Array.isArray(v.events)) {
    throw badRequest("not a podscope snapshot: pod, history or events missing");
  }
  return v as PodSnapshot;
}

export class SnapshotSource implements Source {
  readonly traits: SourceTraits = { isRecording: false, isLive: false, syncsOnOpen: false };
  /** The inspection data saved with the pod, when the snapshot has any. */
  readonly inspector?: NodeInspector;

  constructor(readonly id: string, private readonly snap: PodSnapshot) {
    if (snap.inspection) {
      this.inspector = {
        cgroups: async () => this.frozen("cgroups"),
        namespaces: async () => this.frozen("namespaces"),
        processes: async () => this.frozen("processes"),
      };
    }
  }

  info(): SourceFacts {
    const p = this.snap.pod.metadata;
    return {
      id: this.id,
      kind: "snapshot",
      name: `snapshot of ${p.namespace}/${p.name} (${this.snap.source.name}, ${this.snap.takenAt})`,
      available: true,
      takenAt: this.snap.takenAt,
    };
  }

  get snapshot(): PodSnapshot { return this.snap; }

  async listPods(): Promise<Pod[]> { return [this.snap.pod]; }

  async getPod(namespace: string, name: string): Promise<Pod> {
    const m = this.snap.pod.metadata;
    if (m.namespace === namespace && m.name === name) return this.snap.pod;
    throw notFound("pods", name);
  }

  async podDetail(namespace: string, name: string): Promise<PodDetail> {
    return { pod: await this.getPod(namespace, name), history: this.snap.history, events: this.snap.events };
  }

  watchPods(): () => void { return () => {}; }

  async listEvents(): Promise<KubeEvent[]> { return this.snap.events; }
  async listNodes(): Promise<Node[]> { return []; }
  async clusterObjects(): Promise<KubeObject[]> { return [this.snap.pod]; }

  private frozen<K extends keyof Inspection>(what: K): NonNullable<Inspection[K]> {
    const v = this.snap.inspection?.[what];
    if (v === undefined) throw new KubeError("NotFound", `this snapshot holds no ${what} data`);
    return v;
  }
}
