// The seam between a Reflector and the API server, in client-go's tools/cache shape: LIST one page of a
// collection, open a WATCH that streams {type, object} events. The Reflector's logic (paging, resuming from the
// last resourceVersion, bookmarks, relist on 410 Gone, back-off) runs over this interface, so it can be unit
// tested against a fake (test/fake-lister-watcher.ts); KubeListerWatcher is the real one over a KubeClient.
import type { KubeList, KubeObject } from "@podscope/core";
import type { KubeClient } from "./client";
import type { KubeStatus } from "./errors";
import { collectionPath, type ResourceDef } from "./resources";

export interface ListOptions {
  /** Page size (the API server's `limit`). */
  limit: number;
  /** The token of the previous page; absent for the first page. */
  continue?: string;
}

/** One page of a LIST: its items (without apiVersion/kind, as the API server sends them) and list metadata. */
export interface ListPage {
  items: KubeObject[];
  resourceVersion?: string;
  /** Present while more pages follow. */
  continue?: string;
}

export interface WatchOptions {
  /** Stream changes after this version. */
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  /** The API server ends the watch cleanly after this long. */
  timeoutSeconds: number;
  /** Aborting it cancels a watch still opening and closes an open one. */
  signal?: AbortSignal;
}

export type WatchEvent =
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: KubeObject }
  /** Only metadata.resourceVersion is meaningful: the watch has seen everything up to it. */
  | { type: "BOOKMARK"; object: KubeObject }
  /** The watch failed after it opened (e.g. 410 Expired: the version was compacted away). */
  | { type: "ERROR"; object: KubeStatus };

/**
 * An open watch (client-go's watch.Interface): iterate its events; the iteration ends when the server closes
 * the stream cleanly, throws when the connection breaks. `stop()` (or leaving a for-await loop) closes it.
 */
export interface Watch extends AsyncIterable<WatchEvent> {
  stop(): void;
}

export interface ListerWatcher {
  /** Who is asked, for error messages. */
  readonly context: string;
  readonly server: string;
  /** One page; rejects with the API server's error (410 Expired for a continue token too old). */
  list(opts: ListOptions): Promise<ListPage>;
  /** Resolves once the API server has accepted the watch; rejects with its error (403, 410 …) otherwise. */
  watch(opts: WatchOptions): Promise<Watch>;
}

/**
 * Events pushed by a producer, pulled by one `for await` consumer. Events queue (a watch is never paused:
 * the API server would not wait); `end(err)` ends the iteration after the queued events, with that error.
 */
export class WatchChannel implements Watch {
  private readonly queue: WatchEvent[] = [];
  private ended = false;
  private failure: unknown;
  private wake?: () => void;

  constructor(private readonly onStop: () => void = () => undefined) {}

  push(ev: WatchEvent): void {
    if (this.ended) return;
    this.queue.push(ev);
    this.wake?.();
  }

  end(err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = err;
    this.wake?.();
  }

  get closed(): boolean {
    return this.ended;
  }

  stop(): void {
    const wasOpen = !this.ended;
    this.queue.length = 0;
    this.end();
    if (wasOpen) this.onStop();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    try {
      for (;;) {
        const ev = this.queue.shift();
        if (ev) {
          yield ev;
          continue;
        }
        if (this.ended) {
          if (this.failure !== undefined) throw this.failure;
          return;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    } finally {
      // The consumer left (break, throw in its loop body, or the stream's end): the connection is not needed.
      this.stop();
    }
  }
}

/** The real ListerWatcher: one resource in one scope (cluster-wide or one namespace) of a KubeClient's context. */
export class KubeListerWatcher implements ListerWatcher {
  private readonly path: string;

  constructor(
    private readonly client: KubeClient,
    private readonly resource: ResourceDef,
    private readonly namespace: string | undefined,
  ) {
    this.path = collectionPath(resource, namespace);
  }

  get context(): string {
    return this.client.context;
  }

  get server(): string {
    return this.client.server;
  }

  async list(opts: ListOptions): Promise<ListPage> {
    // Read defensively: a proxy or an aggregated API may leave out what a real LIST always has.
    const page = await this.client.request<Partial<KubeList> | undefined>("GET", this.path, {
      query: { limit: opts.limit, continue: opts.continue },
      intent: { verb: "list", resource: this.resource.plural, namespace: this.namespace },
      timeoutMs: 60_000,
    });
    return { items: page?.items ?? [], resourceVersion: page?.metadata?.resourceVersion, continue: page?.metadata?.continue || undefined };
  }

  watch(opts: WatchOptions): Promise<Watch> {
    const abort = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, abort.signal]) : abort.signal;
    const channel = new WatchChannel(() => abort.abort());
    return new Promise<Watch>((resolve, reject) => {
      let opened = false;
      this.client
        .stream(
          this.path,
          {
            query: {
              watch: 1,
              resourceVersion: opts.resourceVersion,
              allowWatchBookmarks: opts.allowWatchBookmarks,
              timeoutSeconds: opts.timeoutSeconds,
            },
            intent: { verb: "watch", resource: this.resource.plural, namespace: this.namespace },
          },
          (line: unknown) => {
            const ev = line as { type?: string; object?: unknown } | null;
            if (ev && typeof ev.type === "string" && ev.object && typeof ev.object === "object") channel.push(ev as WatchEvent);
          },
          signal,
          () => {
            opened = true;
            resolve(channel);
          },
        )
        .then(
          () => channel.end(),
          (e: unknown) => {
            if (opened) channel.end(e);
            else reject(e);
          },
        );
    });
  }
}
