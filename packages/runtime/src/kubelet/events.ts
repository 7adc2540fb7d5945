// Events as kubelet's recorder emits them, with client-go's aggregation: the same
// (object, fieldPath, type, reason, message, source) again bumps count and lastTimestamp of the
// existing event instead of adding one. The clock is passed in.
import { randomBytes } from "node:crypto";
import { eventVersionOf, isoSeconds, type EventVersion, type KubeEvent, type Pod } from "@podscope/core";

export type EventType = "Normal" | "Warning";

/** The API server's default event TTL (kube-apiserver --event-ttl): older events are dropped. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

export class EventRecorder {
  private readonly events: KubeEvent[] = [];
  private readonly byKey = new Map<string, KubeEvent>();
  /** Every version of each event (by name): its count and last time at each repetition, for time travel. */
  private readonly versions = new Map<string, EventVersion[]>();

  /**
   * `isLive(uid)`: events of pods still on the node are kept past the TTL, so a long-running
   * pod's timeline keeps its markers (podscope records what a cluster's event store forgets).
   */
  constructor(
    private readonly now: () => Date,
    private readonly host: string,
    private readonly onEvent: (e: KubeEvent) => void = () => {},
    private readonly isLive: (uid: string) => boolean = () => false,
  ) {}

  record(pod: Pod, type: EventType, reason: string, message: string, opts: { fieldPath?: string; component?: string } = {}): KubeEvent {
    const component = opts.component ?? "kubelet";
    const { name = "", namespace = "default", uid = "" } = pod.metadata;
    const key = JSON.stringify([uid, opts.fieldPath ?? "", type, reason, message, component]);
    const stamp = isoSeconds(this.now());
    this.expire();
    const existing = this.byKey.get(key);
    if (existing) {
      existing.count = (existing.count ?? 1) + 1;
      existing.lastTimestamp = stamp;
      this.versions.get(existing.metadata.name ?? "")?.push(eventVersionOf(existing));
      this.onEvent(existing);
      return existing;
    }
    const e: KubeEvent = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${name}.${randomBytes(8).toString("hex")}`, namespace, creationTimestamp: stamp },
      involvedObject: { kind: "Pod", apiVersion: "v1", namespace, name, uid, ...(opts.fieldPath ? { fieldPath: opts.fieldPath } : {}) },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      eventTime: null,
      source: component === "kubelet" ? { component, host: this.host } : { component },
      reportingComponent: component,
    };
    this.events.push(e);
    this.byKey.set(key, e);
    this.versions.set(e.metadata.name ?? "", [eventVersionOf(e)]);
    this.onEvent(e);
    return e;
  }

  /** Drops events whose last occurrence is older than the TTL (pods gone from the node only), as the API server's storage does. */
  private expire(): void {
    const cutoff = this.now().getTime() - EVENT_TTL_MS;
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (Date.parse(e.lastTimestamp ?? "") >= cutoff || this.isLive(e.involvedObject.uid ?? "")) continue;
      this.events.splice(i, 1);
      this.versions.delete(e.metadata.name ?? "");
      for (const [k, v] of this.byKey) if (v === e) this.byKey.delete(k);
    }
  }

  /** The versions this recorder saw of an event (none for one restored or of another recorder). */
  versionsOf(e: KubeEvent): EventVersion[] {
    return structuredClone(this.versions.get(e.metadata.name ?? "") ?? []);
  }

  /** Events already recorded elsewhere (restored after a restart). */
  restore(events: KubeEvent[]): void {
    for (const e of events) {
      const io = e.involvedObject;
      const key = JSON.stringify([io.uid ?? "", io.fieldPath ?? "", e.type, e.reason, e.message, e.source?.component ?? "kubelet"]);
      if (this.byKey.has(key)) continue;
      this.events.push(e);
      this.byKey.set(key, e);
    }
  }

  list(filter: { namespace?: string; name?: string; uid?: string } = {}): KubeEvent[] {
    return this.events.filter(
      (e) =>
        (filter.namespace === undefined || e.involvedObject.namespace === filter.namespace) &&
        (filter.name === undefined || e.involvedObject.name === filter.name) &&
        (filter.uid === undefined || e.involvedObject.uid === filter.uid),
    );
  }

  /** Drops the events of a deleted pod once nobody needs them (kept otherwise for `events` after delete). */
  forget(uid: string): void {
    for (let i = this.events.length - 1; i >= 0; i--)
      if (this.events[i].involvedObject.uid === uid) this.versions.delete(this.events.splice(i, 1)[0].metadata.name ?? "");
    for (const [k, e] of this.byKey) if (e.involvedObject.uid === uid) this.byKey.delete(k);
  }
}

/** kubelet's fieldPath of a container: spec.containers{name} / spec.initContainers{name}. */
export function containerFieldPath(kind: "init" | "regular", name: string): string {
  return kind === "init" ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}
