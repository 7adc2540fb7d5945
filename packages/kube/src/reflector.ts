// One list+watch loop for one resource in one scope (cluster-wide or one namespace):
// LIST in pages, WATCH from the list's resourceVersion with bookmarks, resume the watch
// after a dropped connection, relist on 410 Gone, back off on errors. Changes are reported
// as ADDED/MODIFIED/DELETED; a relist is diffed against what we had, so a consumer never
// misses a change that happened while we were disconnected. It talks to the API server only through a
// ListerWatcher (lister-watcher.ts) and keeps time through a ReflectorClock, so its logic is unit-tested
// against fakes (test/reflector.test.ts) as well as against the real control plane.
import { isForbidden, isGone, KubeError, type KubeObject } from "@podscope/core";
import { ConnectionError, errorFromResponse, KubeconfigError, type ClusterError } from "./errors";
import type { ListerWatcher, ListPage } from "./lister-watcher";
import type { ResourceDef } from "./resources";

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

/** Time as the Reflector sees it: injected so back-off and watch timeouts are testable without waiting. */
export interface ReflectorClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** In [0, 1): the jitter of back-off delays and watch timeouts. */
  random(): number;
}

export const systemClock: ReflectorClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    }),
};

// PODSCOPE_KUBE_DEBUG=1 traces every list/watch step on stderr (for "why is this resource stuck?").
const debug = process.env.PODSCOPE_KUBE_DEBUG
  ? (...a: unknown[]) => console.error(new Date().toISOString(), "[kube]", ...a)
  : () => undefined;

export const objectKey = (o: KubeObject): string =>
  o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : `${o.metadata.name}`;

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
    private readonly lw: ListerWatcher,
    readonly resource: ResourceDef,
    readonly namespace: string | undefined,
    private readonly opts: ReflectorOptions,
    private readonly hooks: ReflectorHooks,
    private readonly clock: ReflectorClock = systemClock,
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
        const opened = this.clock.now();
        debug(this.resource.name, this.namespace ?? "*", "watch from", this.resourceVersion);
        await this.watch();
        debug(this.resource.name, this.namespace ?? "*", "watch ended cleanly");
        // A clean end is the server's timeoutSeconds: resume at once. A stream that ends almost
        // immediately again and again is treated like an error so we never spin.
        if (this.clock.now() - opened > 1000) backoff = this.opts.backoffBaseMs;
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
        const err: ClusterError =
          e instanceof KubeError || e instanceof ConnectionError || e instanceof KubeconfigError
            ? e
            : new KubeError("InternalError", String((e as Error)?.message ?? e), { context: this.lw.context, cause: e });
        this.state = "error";
        this.error = err;
        // The owner may replace us (namespace fallback) before anyone is told we failed.
        if (isForbidden(err) && !this.everSynced && this.hooks.onForbidden && (await this.hooks.onForbidden(err))) return;
        this.hooks.onState();
        await this.sleep(backoff + this.clock.random() * backoff * 0.2);
        backoff = Math.min(backoff * 2, this.opts.backoffMaxMs);
      }
    }
  }

  private async relist(): Promise<void> {
    const fresh = new Map<string, KubeObject>();
    let cont: string | undefined;
    let listRv: string | undefined;
    const apiVersion = this.resource.group ? `${this.resource.group}/${this.resource.version}` : this.resource.version;
    // A `continue` inside a do…while would jump to its condition and end the list: the loop restarts explicitly.
    for (;;) {
      let page: ListPage;
      try {
        page = await this.lw.list({ limit: this.opts.pageSize, continue: cont });
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
      listRv ??= page.resourceVersion;
      for (const item of page.items) {
        // Items of a list carry no apiVersion/kind; fill them so every object stands alone.
        item.apiVersion ??= apiVersion;
        item.kind ??= this.resource.kind;
        if (!this.opts.keepManagedFields) delete item.metadata?.managedFields;
        fresh.set(objectKey(item), item);
      }
      cont = page.continue || undefined;
      if (!cont || this.stopped) break;
    }
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
    const timeoutSeconds = Math.floor(lo + this.clock.random() * (hi - lo));
    const apiVersion = this.resource.group ? `${this.resource.group}/${this.resource.version}` : this.resource.version;
    if (this.stopped) return;
    const w = await this.lw.watch({
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds,
      signal: this.abort.signal,
    });
    if (this.stopped) return w.stop();
    const stop = () => w.stop();
    this.abort.signal.addEventListener("abort", stop, { once: true });
    try {
      // A watch that (re)connected from our resourceVersion means we are in sync again, even before its first event.
      this.markSynced();
      for await (const ev of w) {
        if (this.stopped) return;
        switch (ev.type) {
          case "ADDED":
          case "MODIFIED":
          case "DELETED": {
            const obj = ev.object;
            if (!obj?.metadata) continue;
            obj.apiVersion ??= apiVersion;
            obj.kind ??= this.resource.kind;
            if (!this.opts.keepManagedFields) delete obj.metadata.managedFields;
            if (ev.type === "DELETED") this.store.delete(objectKey(obj));
            else this.store.set(objectKey(obj), obj);
            this.resourceVersion = obj.metadata.resourceVersion ?? this.resourceVersion;
            this.markSynced();
            this.hooks.onChange(ev.type, obj);
            continue;
          }
          case "BOOKMARK":
            this.resourceVersion = ev.object?.metadata?.resourceVersion ?? this.resourceVersion;
            this.markSynced();
            continue;
          case "ERROR": {
            const status = ev.object ?? {};
            throw errorFromResponse(Number(status.code) || 500, JSON.stringify(status), this.lw.context, this.lw.server, {
              verb: "watch",
              resource: this.resource.plural,
              namespace: this.namespace,
            });
          }
        }
      }
    } finally {
      this.abort.signal.removeEventListener("abort", stop);
    }
  }

  private markSynced(): void {
    if (this.state === "synced") return;
    this.state = "synced";
    this.error = undefined;
    this.hooks.onState();
  }

  private sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms, this.abort.signal);
  }
}
