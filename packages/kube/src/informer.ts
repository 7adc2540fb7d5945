// One resource of one context: a cluster-wide Reflector, or — when listing cluster-wide is
// forbidden — one Reflector per allowed namespace. Keeps the merged cache, the sync state and
// the set of in-process subscribers (one upstream watch, any number of listeners).
import type { KubeObject } from "@podscope/core";
import type { KubeClient } from "./client";
import type { ErrorSummary, KubeError } from "@podscope/core";
import { errorSummary } from "./errors";
import { KubeListerWatcher, type ListerWatcher } from "./lister-watcher";
import { type ChangeType, Reflector, type ReflectorClock, type ReflectorOptions } from "./reflector";
import type { ResourceDef, ResourceName } from "./resources";

export interface SyncState {
  resource: ResourceName;
  state: "syncing" | "synced" | "error";
  /** The failure (reason, readable words, code): for a partial view, which namespaces are forbidden. */
  error?: ErrorSummary;
  resourceVersion?: string;
  count: number;
  /** "cluster" = one cluster-wide watch; "namespaces" = cluster-wide was forbidden, per-namespace watches. */
  scope: "cluster" | "namespaces";
  namespaces?: string[];
  /** Some namespaces could not be listed (RBAC): the view is partial. */
  partial?: boolean;
  /** Relists after the first sync (410 Gone, or after reconnecting). */
  relists: number;
}

export type ResourceEvent =
  { type: ChangeType; resource: ResourceName; object: KubeObject } | { type: "STATE"; resource: ResourceName; state: SyncState };

/** A change to one object (ResourceEvent without the STATE notifications). */
export type ChangeEvent = Extract<ResourceEvent, { object: KubeObject }>;

export type ResourceListener = (ev: ResourceEvent) => void;

export class ResourceInformer {
  private reflectors: Reflector[] = [];
  private readonly listeners = new Set<ResourceListener>();
  private scope: "cluster" | "namespaces" = "cluster";
  private started = false;
  private syncedWaiters: (() => void)[] = [];

  constructor(
    client: KubeClient,
    readonly def: ResourceDef,
    private readonly opts: ReflectorOptions,
    /** Namespaces to fall back to when cluster-wide access is forbidden. */
    private readonly fallbackNamespaces: () => Promise<string[]>,
    /** The API server seam, one per scope (undefined = cluster-wide); a fake in unit tests. */
    private readonly listerWatcher: (namespace: string | undefined) => ListerWatcher = (ns) => new KubeListerWatcher(client, def, ns),
    private readonly clock?: ReflectorClock,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.reflectors = [this.makeReflector(undefined)];
    this.reflectors[0].start();
  }

  async stop(): Promise<void> {
    const rs = this.reflectors;
    this.reflectors = [];
    await Promise.all(rs.map((r) => r.stop()));
  }

  subscribe(listener: ResourceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Current cache content (plain JSON objects; do not mutate). */
  list(): KubeObject[] {
    const out: KubeObject[] = [];
    for (const r of this.reflectors) for (const o of r.store.values()) out.push(o);
    return out;
  }

  get(name: string, namespace?: string): KubeObject | undefined {
    const key = namespace ? `${namespace}/${name}` : name;
    for (const r of this.reflectors) {
      const o = r.store.get(key);
      if (o) return o;
    }
    return undefined;
  }

  syncState(): SyncState {
    const rs = this.reflectors;
    let count = 0;
    for (const r of rs) count += r.store.size;
    const errors = rs.filter((r) => r.state === "error");
    const syncing = rs.some((r) => !r.everSynced && r.state === "syncing");
    const state: SyncState["state"] = rs.length === 0 ? "syncing" : syncing ? "syncing" : errors.length === rs.length ? "error" : "synced";
    const st: SyncState = {
      resource: this.def.name,
      state,
      count,
      scope: this.scope,
      relists: rs.reduce((n, r) => n + r.relists, 0),
      resourceVersion: this.scope === "cluster" ? rs[0]?.resourceVersion : maxRv(rs.map((r) => r.resourceVersion)),
    };
    if (this.scope === "namespaces") {
      st.namespaces = rs.map((r) => r.namespace as string);
      st.partial = true; // cluster-wide was forbidden: by definition only part of the cluster is visible
    }
    const failures = errors.flatMap((r) => (r.error ? [errorSummary(r.error)] : []));
    if (failures.length > 0) st.error = { ...failures[0], message: failures.map((f) => f.message).join("; ") };
    return st;
  }

  /** Resolves once every scope has completed a LIST (or failed for good, e.g. forbidden). */
  whenSynced(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  private isSettled(): boolean {
    return this.reflectors.length > 0 && this.reflectors.every((r) => r.everSynced || r.state === "error");
  }

  private makeReflector(namespace: string | undefined): Reflector {
    return new Reflector(
      this.listerWatcher(namespace),
      this.def,
      namespace,
      this.opts,
      {
        onChange: (type, object) => this.emit({ type, resource: this.def.name, object }),
        onState: () => {
          this.emit({ type: "STATE", resource: this.def.name, state: this.syncState() });
          if (this.isSettled()) {
            const ws = this.syncedWaiters;
            this.syncedWaiters = [];
            for (const w of ws) w();
          }
        },
        onForbidden: namespace === undefined && this.def.namespaced ? (err) => this.fallBackToNamespaces(err) : undefined,
      },
      this.clock,
    );
  }

  // Cluster-wide LIST is forbidden: keep working with what the user may see, namespace by namespace.
  private async fallBackToNamespaces(_err: KubeError): Promise<boolean> {
    const namespaces = [...new Set(await this.fallbackNamespaces())];
    if (namespaces.length === 0 || this.reflectors.length === 0) return false; // nothing to fall back to (or stopped): keep the 403
    this.scope = "namespaces";
    this.reflectors = namespaces.map((ns) => this.makeReflector(ns));
    for (const r of this.reflectors) r.start();
    this.emit({ type: "STATE", resource: this.def.name, state: this.syncState() });
    return true;
  }

  private emit(ev: ResourceEvent): void {
    for (const l of this.listeners) {
      try {
        l(ev);
      } catch {
        // One faulty subscriber must not starve the others or break the watch.
      }
    }
  }
}

function maxRv(rvs: (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const rv of rvs) if (rv !== undefined && (best === undefined || BigInt(rv) > BigInt(best))) best = rv;
  return best;
}
