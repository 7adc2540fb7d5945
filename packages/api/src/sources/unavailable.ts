// A source that cannot work here (no root, no containerd, a kubeconfig that does not load). It stays
// listed with its reason so the UI and CLI can say why, and every call fails with that reason.
import { serviceUnavailable, type KubeEvent, type KubeObject, type Node, type Pod } from "@podscope/core";
import type { PodDetail, Source, SourceFacts, SourceInfo, SourceTraits } from "../source";

export class UnavailableSource implements Source {
  // Live (not a file) but nothing works: no member beyond the required ones, no sync on open.
  readonly traits: SourceTraits = { isRecording: false, isLive: true, syncsOnOpen: false };

  constructor(
    readonly id: string,
    private readonly kind: SourceInfo["kind"],
    private readonly name: string,
    readonly reason: string,
  ) {}

  info(): SourceFacts {
    return { id: this.id, kind: this.kind, name: this.name, available: false, reason: this.reason };
  }

  private fail(): never {
    throw serviceUnavailable(`${this.name} is unavailable: ${this.reason}`);
  }

  async listPods(): Promise<Pod[]> {
    return this.fail();
  }
  async getPod(): Promise<Pod> {
    return this.fail();
  }
  async podDetail(): Promise<PodDetail> {
    return this.fail();
  }
  watchPods(): () => void {
    return () => {};
  }
  async listEvents(): Promise<KubeEvent[]> {
    return this.fail();
  }
  async listNodes(): Promise<Node[]> {
    return this.fail();
  }
  async clusterObjects(): Promise<KubeObject[]> {
    return this.fail();
  }
}
