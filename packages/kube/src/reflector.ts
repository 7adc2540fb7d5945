// One list+watch loop for one resource in one scope (cluster-wide or one namespace):
// LIST in pages, WATCH from the list's resourceVersion with bookmarks, resume the watch
// after a dropped connection, relist on 410 Gone, back off on errors. Changes are reported
// as ADDED/MODIFIED/DELETED; a relist is diffed against what we had, so a consumer never
// misses a change that happened while we were disconnected.
import { isForbidden, isGone, KubeError, type KubeObject } from "@podscope/core";
import type { KubeClient } from "./client";
import { ConnectionError, errorFromResponse, KubeconfigError, type ClusterError } from "./errors";
import { collectionPath, type ResourceDef } from "./resources";

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

export interface ReflectorOptions {
  pageSize: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Server-side watch timeout range; a random value in it spreads reconnects (client-go does the same). */
  watchTimeoutSeconds: [number, number];
  /** Keep metadata.managedFields in the cache (default: dropped — often a third of a pod's JSON, never shown). */
  keepManagedFields?: boolean;
}

export interface ReflectorHooks {
  onChange(type: ChangeType, obj: KubeObject): void;
  onState(): void;
  /** Called when LIST is forbidden before the first sync; resolve true to stop this reflector. */
  onForbidden?(err: KubeError): Promise<boolean>;
}

// PODSCOPE_KUBE_DEBUG=1 traces every list/watch step on stderr (for "why is this resource stuck?").
const debug = process.env.PODSCOPE_KUBE_DEBUG ? (...a: unknown[]) => console.error(new Date().toISOString(), "[kube]", ...a) : () => undefined;

export const objectKey = (o: KubeObject): string => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : `${o.metadata.name}`);

export class Reflector {
  readonly store = new Map<string, KubeObject>();
  resourceVersion?: string;
  state: "syncing" | "synced" | "error" = "syncing";
  error?: ClusterError;
  everSynced = false;
  relists = 0;
  private stopped = false;
  private readonly abort = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly client: KubeClient,
    readonly resource: ResourceDef,
    readonly namespace: string | undefined,
    private readonly opts: ReflectorOptions,
    private readonly hooks: ReflectorHooks,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    let backoff = this.opts.backoffBaseMs;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) {
          debug(this.resource.name, this.namespace ?? "*", "list");
          await this.relist();
        }
        const opened = Date.now();
        debug(this.resource.name, this.namespace ?? "*", "watch from", this.resourceVersion);
        await this.watch();
        debug(this.resource.name, this.namespace ?? "*", "watch ended cleanly");
        // A clean end is the server's timeoutSeconds: resume at once. A stream that ends almost
        // immediately again and again is treated like an error so we never spin.
        if (Date.now() - opened > 1000) backoff = this.opts.backoffBaseMs;
        else await this.sleep((backoff = Math.min(backoff * 2, this.opts.backoffMaxMs)));
      } catch (e) {
        if (this.stopped) return;
        debug(this.resource.name, this.namespace ?? "*", "failed:", (e as Error)?.message);
        if (isGone(e)) {
          // Our resourceVersion was compacted away (or the watch cache no longer has it):
          // only a fresh LIST can tell us the current state.
          this.resourceVersion = undefined;
          continue;
        }
        const err: ClusterError = e instanceof KubeError || e instanceof ConnectionError || e instanceof KubeconfigError
          ? e : new KubeError("InternalError", String((e as Error)?.message ?? e), { context: this.client.context, cause: e });
        this.state = "error";
        this.error = err;
        // The owner may replace us (namespace fallback) before anyone is told we failed.
        if (isForbidden(err) && !this.everSynced && this.hooks.onForbidden && (await this.hooks.onForbidden(err))) return;
        this.hooks.onState();
        await this.sleep(backoff + Math.random() * backoff * 0.2);
        backoff = Math.min(backoff * 2, this.opts.backoffMaxMs);
      }
    }
  }

  private async relist(): Promise<void> {
    const path = collectionPath(this.resource, this.namespace);
    const intent = { verb: "list", resource: this.resource.plural, namespace: this.namespace };
    const fresh = new Map<string, KubeObject>();
    let cont: string | undefined;
    let listRv: string | undefined;
    const apiVersion = this.resource.group ? `${this.resource.group}/${this.resource.version}` : this.resource.version;
    do {
      let page: any;
      try {
        page = await this.client.request("GET", path, { query: { limit: this.opts.pageSize, continue: cont }, intent, timeoutMs: 60_000 });
      } catch (e) {
        // An expired continue token: the snapshot is gone, start the list over.
        if (cont && isGone(e)) {
          fresh.clear();
          cont = undefined;
          listRv = undefined;
          continue;
        }
        throw e;
      }
      listRv ??= page?.metadata?.resourceVersion;
      for (const item of page?.items ?? []) {
        // Items of a list carry no apiVersion/kind; fill them so every object stands alone.
        item.apiVersion ??= apiVersion;
        item.kind ??= this.resource.kind;
        if (!this.opts.keepManagedFields) delete item.metadata?.managedFields;
        fresh.set(objectKey(item), item);
      }
      cont = page?.metadata?.continue || undefined;
    } while (cont && !this.stopped);
    if (this.stopped) return;
    const changes: [ChangeType, KubeObject][] = [];
    for (const [key, obj] of fresh) {
      const old = this.store.get(key);
      if (!old) changes.push(["ADDED", obj]);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) changes.push(["MODIFIED", obj]);
    }
    for (const [key, old] of this.store) if (!fresh.has(key)) changes.push(["DELETED", old]);
    this.store.clear();
    for (const [k, v] of fresh) this.store.set(k, v);
    if (this.everSynced) this.relists++;
    this.resourceVersion = listRv ?? "0";
    this.everSynced = true;
    this.state = "synced";
    this.error = undefined;
    for (const [t, o] of changes) this.hooks.onChange(t, o);
    this.hooks.onState();
  }

  private async watch(): Promise<void> {
    const [lo, hi] = this.opts.watchTimeoutSeconds;
    const timeoutSeconds = Math.floor(lo + Math.random() * (hi - lo));
    const apiVersion = this.resource.group ? `${this.resource.group}/${this.resource.version}` : this.resource.version;
    await this.client.stream(
      collectionPath(this.resource, this.namespace),
      {
        query: { watch: 1, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
        intent: { verb: "watch", resource: this.resource.plural, namespace: this.namespace },
      },
      (ev) => {
        const obj = ev?.object as KubeObject | undefined;
        switch (ev?.type) {
          case "ADDED":
          case "MODIFIED":
          case "DELETED": {
            if (!obj?.metadata) return;
            obj.apiVersion ??= apiVersion;
            obj.kind ??= this.resource.kind;
            if (!this.opts.keepManagedFields) delete obj.metadata.managedFields;
            if (ev.type === "DELETED") this.store.delete(objectKey(obj));
            else this.store.set(objectKey(obj), obj);
            this.resourceVersion = obj.metadata.resourceVersion ?? this.resourceVersion;
            if (this.state !== "synced") {
              this.state = "synced";
              this.error = undefined;
              this.hooks.onState();
            }
            this.hooks.onChange(ev.type, obj);
            return;
          }
          case "BOOKMARK":
            this.resourceVersion = obj?.metadata?.resourceVersion ?? this.resourceVersion;
            if (this.state !== "synced") {
              this.state = "synced";
              this.error = undefined;
              this.hooks.onState();
            }
            return;
          case "ERROR": {
            const status = ev.object ?? {};
            throw errorFromResponse(Number(status.code) || 500, JSON.stringify(status), this.client.context, this.client.server, {
              verb: "watch",
              resource: this.resource.plural,
              namespace: this.namespace,
            });
          }
        }
      },
      this.abort.signal,
      () => {
        // A watch that (re)connected from our resourceVersion means we are in sync again,
        // even before its first event.
        if (this.state !== "synced") {
          this.state = "synced";
          this.error = undefined;
          this.hooks.onState();
        }
      },
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.abort.signal.addEventListener("abort", done, { once: true });
    });
  }
}
