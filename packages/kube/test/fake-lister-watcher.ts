// A fake API server collection behind the ListerWatcher seam, for the Reflector's unit tests: objects with a
// resourceVersion counter, LIST pages with continue tokens (which can be made to expire), open watches the test
// pushes events into (changes, bookmarks, ERROR Status), and failures queued for the next list or watch. Errors
// are built by the real errorFromResponse, so the Reflector sees what KubeClient would give it. The real-cluster
// tests (watch.test.ts, restart.test.ts) keep covering KubeListerWatcher itself.
import type { KubeObject } from "@podscope/core";
import { errorFromNetwork, errorFromResponse } from "../src/errors";
import { WatchChannel, type ListerWatcher, type ListOptions, type ListPage, type Watch, type WatchOptions } from "../src/lister-watcher";
import type { ReflectorClock } from "../src/reflector";

const CONTEXT = "fake";
const SERVER = "https://fake.invalid";

/** The error KubeClient gives for an HTTP failure with this code and Status reason. */
export function httpError(code: number, reason: string, message = `${reason} (fake)`): Error {
  return errorFromResponse(
    code,
    JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message }),
    CONTEXT,
    SERVER,
  );
}

/** A connection that broke mid-stream, as KubeClient reports it. */
export function connectionLost(): Error {
  return errorFromNetwork(new Error("watch connection closed by the server mid-stream"), CONTEXT, SERVER, { lost: true });
}

export const pod = (name: string, namespace = "default", extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, namespace, managedFields: [{ manager: "kubectl" }], ...extra },
  spec: {},
});

interface ListSnapshot {
  items: KubeObject[];
  resourceVersion: string;
}

export class FakeListerWatcher implements ListerWatcher {
  readonly context = CONTEXT;
  readonly server = SERVER;
  /** Every call, in order. */
  readonly lists: ListOptions[] = [];
  readonly watchCalls: WatchOptions[] = [];
  /** Every watch handed out (closed ones included). */
  readonly watches: WatchChannel[] = [];
  private rv = 100;
  private readonly objects = new Map<string, KubeObject>();
  private readonly tokens = new Map<string, { snap: ListSnapshot; offset: number }>();
  private tokenSeq = 0;
  private readonly listFailures: unknown[] = [];
  private readonly watchFailures: unknown[] = [];
  private readonly holdWatches: { resolve: () => void }[] = [];
  holdNextWatch = false;

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** The open watch (the last one handed out, if not closed). */
  get current(): WatchChannel | undefined {
    const w = this.watches[this.watches.length - 1];
    return w && !w.closed ? w : undefined;
  }

  // ---- the collection ----------------------------------------------------------------------------------

  /** Create or update an object: bumps the resourceVersion and tells the open watch. */
  put(obj: KubeObject): KubeObject {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    const type = this.objects.has(key) ? "MODIFIED" : "ADDED";
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } } as KubeObject;
    this.objects.set(key, stored);
    this.current?.push({ type, object: structuredClone(stored) });
    return stored;
  }

  remove(name: string, namespace = "default"): void {
    const key = `${namespace}/${name}`;
    const old = this.objects.get(key);
    if (!old) return;
    this.objects.delete(key);
    this.current?.push({
      type: "DELETED",
      object: { ...structuredClone(old), metadata: { ...old.metadata, resourceVersion: String(++this.rv) } } as KubeObject,
    });
  }

  /** Change the collection without telling anyone (what happens while the reflector is disconnected). */
  quietly(f: () => void): void {
    const w = this.watches;
    const saved = w.splice(0);
    try {
      f();
    } finally {
      w.push(...saved);
    }
  }

  // ---- what the watch is sent ----------------------------------------------------------------------------

  bookmark(): void {
    this.current!.push({ type: "BOOKMARK", object: { metadata: { resourceVersion: String(++this.rv) } } as KubeObject });
  }

  sendError(code: number, reason: string): void {
    this.current!.push({ type: "ERROR", object: { kind: "Status", status: "Failure", code, reason, message: `${reason} (fake watch)` } });
  }

  /** The server's timeoutSeconds: the stream ends cleanly. */
  endWatch(): void {
    this.current!.end();
  }

  breakWatch(err: unknown = connectionLost()): void {
    this.current!.end(err);
  }

  // ---- failures --------------------------------------------------------------------------------------------

  failNextList(...errs: unknown[]): void {
    this.listFailures.push(...errs);
  }

  failNextWatch(...errs: unknown[]): void {
    this.watchFailures.push(...errs);
  }

  /** Every continue token handed out so far now answers 410 Expired (the list snapshot was compacted). */
  expireContinueTokens(): void {
    this.tokens.clear();
  }

  /** Let a watch held by holdNextWatch open. */
  releaseWatch(): void {
    this.holdWatches.shift()?.resolve();
  }

  // ---- ListerWatcher -------------------------------------------------------------------------------------

  async list(opts: ListOptions): Promise<ListPage> {
    this.lists.push({ ...opts });
    await Promise.resolve();
    if (this.listFailures.length > 0) throw this.listFailures.shift();
    let at: { snap: ListSnapshot; offset: number };
    if (opts.continue === undefined) {
      const items = [...this.objects.values()].sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1,
      );
      at = { snap: { items, resourceVersion: this.resourceVersion }, offset: 0 };
    } else {
      const t = this.tokens.get(opts.continue);
      if (!t) throw httpError(410, "Expired", "The provided continue parameter is too old to display a consistent list result.");
      at = t;
    }
    const end = at.offset + opts.limit;
    // Items of a list carry no apiVersion/kind (the reflector fills them in).
    const items = at.snap.items.slice(at.offset, end).map((o) => {
      const copy = structuredClone(o);
      delete copy.apiVersion;
      delete copy.kind;
      return copy;
    });
    let cont: string | undefined;
    if (end < at.snap.items.length) {
      cont = `token-${++this.tokenSeq}`;
      this.tokens.set(cont, { snap: at.snap, offset: end });
    }
    return { items, resourceVersion: at.snap.resourceVersion, continue: cont };
  }

  async watch(opts: WatchOptions): Promise<Watch> {
    this.watchCalls.push({ ...opts, signal: undefined });
    if (this.holdNextWatch) {
      this.holdNextWatch = false;
      await new Promise<void>((resolve) => this.holdWatches.push({ resolve }));
    } else await Promise.resolve();
    if (this.watchFailures.length > 0) throw this.watchFailures.shift();
    const w = new WatchChannel();
    this.watches.push(w);
    return w;
  }
}

/**
 * Time for the reflector: `now` moves only when told (or by the sleeps), `random` is fixed. Sleeps are recorded;
 * with `auto` they end at once (advancing `now`), otherwise they wait for `wake()` or the reflector's stop.
 */
export class FakeClock implements ReflectorClock {
  t = 0;
  auto = true;
  readonly sleeps: number[] = [];
  private readonly sleeping: (() => void)[] = [];
  constructor(private readonly rnd = 0) {}

  now(): number {
    return this.t;
  }

  random(): number {
    return this.rnd;
  }

  get asleep(): number {
    return this.sleeping.length;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal.aborted) return Promise.resolve();
    if (this.auto) {
      this.t += ms;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        const i = this.sleeping.indexOf(done);
        if (i >= 0) this.sleeping.splice(i, 1);
        resolve();
      };
      this.sleeping.push(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  wake(): void {
    this.sleeping[0]?.();
  }
}

/** Let pending promise callbacks run until `cond` holds (no real time passes: the fakes never use timers). */
export async function until(what: string, cond: () => boolean, rounds = 2000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never happened: ${what}`);
}
