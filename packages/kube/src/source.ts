// KubeSource: everything podscope knows about one kubeconfig context. One ResourceInformer
// (one upstream LIST+WATCH) per resource, shared by every subscriber in the process; pods and
// events are also fed to the history recorder.
import type { KubeEvent, KubeObject, Node, Pod } from "@podscope/core";
import { KubeClient } from "./client";
import { loadKubeConfig, type LoadedKubeConfig } from "./kubeconfig";
import { ResourceInformer, type ResourceListener, type SyncState } from "./informer";
import type { HistoryRecorder } from "./recorder";
import type { ReflectorOptions } from "./reflector";
import { DEFAULT_RESOURCES, RESOURCES, type ResourceName } from "./resources";
import { applyObject, cordonNode, deletePod, evictPod, uncordonNode, type EvictOptions } from "./actions";

export interface KubeSourceOptions {
  /** Parsed kubeconfig, or a path; default: KUBECONFIG / ~/.kube/config. */
  kubeconfig?: LoadedKubeConfig | string;
  /** Context name; default the kubeconfig's current-context. */
  context?: string;
  resources?: ResourceName[];
  /** Where to look when cluster-wide listing is forbidden; default: all namespaces the user may list, else the context's namespace. */
  namespaces?: string[];
  recorder?: HistoryRecorder;
  pageSize?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  watchTimeoutSeconds?: [number, number];
  /** Keep metadata.managedFields on cached objects (default false: dropped to save memory). */
  keepManagedFields?: boolean;
}

export class KubeSource {
  readonly client: KubeClient;
  readonly context: string;
  private readonly informers = new Map<ResourceName, ResourceInformer>();
  private readonly recorder?: HistoryRecorder;
  private readonly unsubscribers: (() => void)[] = [];
  private started = false;

  constructor(opts: KubeSourceOptions = {}) {
    const loaded = typeof opts.kubeconfig === "object" ? opts.kubeconfig : loadKubeConfig({ path: opts.kubeconfig });
    this.client = new KubeClient(loaded, opts.context);
    this.context = this.client.context;
    this.recorder = opts.recorder;
    const reflectorOpts: ReflectorOptions = {
      pageSize: opts.pageSize ?? 500,
      backoffBaseMs: opts.backoffBaseMs ?? 500,
      backoffMaxMs: opts.backoffMaxMs ?? 30_000,
      watchTimeoutSeconds: opts.watchTimeoutSeconds ?? [300, 600],
      keepManagedFields: opts.keepManagedFields ?? false,
    };
    // Fallback scope when cluster-wide listing is forbidden: the namespaces given, else every
    // namespace the user may list, else the context's own namespace (as kubectl would use).
    const namespaces = async (): Promise<string[]> => {
      if (opts.namespaces) return opts.namespaces;
      try {
        const list = await this.client.request<{ items: KubeObject[] }>("GET", "/api/v1/namespaces", {
          intent: { verb: "list", resource: "namespaces" },
        });
        const names = list.items.map((n) => n.metadata.name as string);
        if (names.length > 0) return names;
      } catch {
        // Not allowed to list namespaces either (403), or the server is away (the namespace's own watch then
        // reports it): fall through to the context's namespace.
      }
      return [this.client.defaultNamespace];
    };
    for (const r of opts.resources ?? DEFAULT_RESOURCES) {
      const def = RESOURCES[r];
      if (!def) throw new Error(`unknown resource "${r}"; known: ${Object.keys(RESOURCES).join(", ")}`);
      this.informers.set(r, new ResourceInformer(this.client, def, reflectorOpts, namespaces));
    }
  }

  /** Ask the API server who it is (GET /version): a quick reachability + credentials check. */
  async version(): Promise<{ gitVersion: string; major: string; minor: string }> {
    return this.client.request("GET", "/version", { timeoutMs: 10_000 });
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    if (this.recorder) {
      const rec = this.recorder;
      const pods = this.informers.get("pods");
      if (pods)
        this.unsubscribers.push(
          pods.subscribe((ev) => {
            if (ev.type !== "STATE") return rec.recordPod(this.context, ev.object as Pod, ev.type === "DELETED");
            // A complete LIST: pods deleted while podscope was not watching are recorded deleted.
            if (ev.state.state === "synced" && !ev.state.partial && ev.state.scope === "cluster") {
              rec.reconcilePods(this.context, new Set(pods.list().map((p) => p.metadata.uid ?? "")));
            }
          }),
        );
      const events = this.informers.get("events");
      if (events)
        this.unsubscribers.push(
          events.subscribe((ev) => ev.type !== "STATE" && rec.recordEvent(this.context, ev.object as KubeEvent, ev.type === "DELETED")),
        );
      // Node state changes (conditions, allocatable, taints, cordon): the node page as of T.
      const nodes = this.informers.get("nodes");
      if (nodes)
        this.unsubscribers.push(
          nodes.subscribe((ev) => ev.type !== "STATE" && rec.recordNode(this.context, ev.object as Node, ev.type === "DELETED")),
        );
    }
    for (const inf of this.informers.values()) inf.start();
    return this;
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribers.splice(0)) u();
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
    this.recorder?.flush();
    this.client.close();
  }

  informer(resource: ResourceName): ResourceInformer {
    const inf = this.informers.get(resource);
    if (!inf) throw new Error(`resource "${resource}" is not watched by the source of context "${this.context}"`);
    return inf;
  }

  list<T extends KubeObject = KubeObject>(resource: ResourceName): T[] {
    return this.informer(resource).list() as T[];
  }

  get<T extends KubeObject = KubeObject>(resource: ResourceName, name: string, namespace?: string): T | undefined {
    return this.informer(resource).get(name, namespace) as T | undefined;
  }

  /** Fan-out: any number of listeners share the one upstream watch. Returns unsubscribe. */
  subscribe(resource: ResourceName, listener: ResourceListener): () => void {
    return this.informer(resource).subscribe(listener);
  }

  syncStates(): SyncState[] {
    return [...this.informers.values()].map((i) => i.syncState());
  }

  /** Resolves when every (or the given) resource finished its first LIST or failed it. */
  async whenSynced(resources?: ResourceName[]): Promise<void> {
    await Promise.all((resources ?? [...this.informers.keys()]).map((r) => this.informer(r).whenSynced()));
  }

  // Actions (the drain engineer builds on these).
  apply<T extends KubeObject = KubeObject>(obj: KubeObject, opts?: { namespace?: string; dryRun?: boolean }): Promise<T> {
    return applyObject<T>(this.client, obj, opts);
  }
  deletePod(namespace: string, name: string, opts?: { gracePeriodSeconds?: number; dryRun?: boolean }): Promise<Pod> {
    return deletePod(this.client, namespace, name, opts);
  }
  evictPod(namespace: string, name: string, opts?: EvictOptions): Promise<unknown> {
    return evictPod(this.client, namespace, name, opts);
  }
  cordon(node: string) {
    return cordonNode(this.client, node);
  }
  uncordon(node: string) {
    return uncordonNode(this.client, node);
  }
}
