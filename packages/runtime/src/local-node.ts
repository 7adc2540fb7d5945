// The local node as the API server sees it: a Kubernetes-like pod store backed by the
// mini-kubelet over podscope's own containerd. Pods survive the server: every sandbox carries its
// pod, every pod directory a state file, and start() adopts what it finds.
//
// Events: 'pod' (Pod, after every status change), 'podDeleted' (Pod, once it is gone),
// 'event' (KubeEvent, created or aggregated).
import { randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import {
  alreadyExists,
  badRequest,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  invalid,
  isoSeconds,
  KubeError,
  notFound,
  qosClass,
  QuantityError,
  writtenBefore,
  type ContainerStatus,
  type EventVersion,
  type KubeEvent,
  type Node,
  type Pod,
  type PodStatus,
} from "@podscope/core";
import { CriUnavailableError, followCriLog, readCriLog, type CriClient } from "./cri";
import { ensureContainerd, type ContainerdInstance, type EnsureOptions } from "./containerd";
import { EphemeralContainers, ephemeralContainersOf, type DebugRequest } from "./exec/ephemeral";
import { streamTarget, type StreamKind, type StreamTarget } from "./exec/target";
import { containerStdio } from "./kubelet/container-config";
import { secretKeyring } from "./images/credentials";
import { readRegistryConfig, registryConfigPath } from "./images/registry-config";
import { DeletedPodStore, type DeletedPodRecord } from "./kubelet/deleted-pods";
import { EventRecorder } from "./kubelet/events";
import { ImageManager, type PodPullSecrets } from "./kubelet/image-manager";
import { MANAGED_SELECTOR, POD_ANNOTATION, POD_UID_LABEL } from "./kubelet/labels";
import { hostIPv4, nodeObject } from "./kubelet/node-info";
import { PodWorker, type HistoryEntry, type SavedWorkerState } from "./kubelet/pod-worker";
import { podPaths } from "./kubelet/sandbox-config";
import { unsupportedFieldWarnings } from "./kubelet/unsupported";

export interface LocalNodeStartOptions {
  /** $PODSCOPE_HOME (default: env, else ~/.podscope). */
  home?: string;
  /** The clock for timestamps (status, conditions, events). Timers still run on real time. */
  now?: () => Date;
  /** Defaults to the host name. */
  nodeName?: string;
  /** Options for podscope's containerd (bridge, subnet, …), passed to ensureContainerd. */
  containerd?: Omit<EnsureOptions, "home">;
  /** How often the runtime is relisted for container state changes (kubelet's PLEG: 1 s). */
  relistMs?: number;
  /** The node's log, for failures no pod event can carry (default: stderr). */
  log?: (message: string) => void;
  /**
   * The node's registry credentials: a docker config file (`{"auths": {host: {auth}}}`), read at
   * every pull. Defaults to $PODSCOPE_REGISTRY_CONFIG, else <home>/config.json (absent: no credentials).
   */
  registryConfig?: string;
}

/** A Secret the node keeps for imagePullSecrets (kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg). */
export interface PullSecret {
  apiVersion?: string;
  kind?: string;
  type?: string;
  metadata: { name?: string; namespace?: string; uid?: string; creationTimestamp?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const PULL_SECRET_TYPES = ["kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg"];

export interface LogStreamOptions {
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  /** Lines written before this time (ms since the epoch) are skipped, after the tail is taken (kubelet's order). */
  since?: number;
  signal?: AbortSignal;
  /** Each line as `<RFC 3339 time> <stdout|stderr> <message>`: the CRI record's own fields, for viewers that show times and tell stderr apart. */
  records?: boolean;
}

interface Entry {
  worker: PodWorker;
  deleting?: Promise<void>;
}

/** One pod incarnation on this node: a UID given to a name, live or deleted. */
export interface PodIncarnation {
  uid: string;
  namespace: string;
  name: string;
  createdAt: string;
  deletedAt?: string;
}

/** A pod's status history and events, by UID; deletedAt set for a deleted pod (pod = its last object). */
export interface PodRecord {
  pod: Pod;
  history: HistoryEntry[];
  events: KubeEvent[];
  deletedAt?: string;
}

const key = (ns: string, name: string) => `${ns}/${name}`;

// The API server's alphabet for generated names: no vowels, no look-alike digits.
const SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";
function randomSuffix(): string {
  return Array.from(randomBytes(5), (b) => SUFFIX_CHARS[b % SUFFIX_CHARS.length]).join("");
}

export class LocalNode extends EventEmitter {
  readonly nodeName: string;
  private readonly pods = new Map<string, Entry>();
  private readonly recorder: EventRecorder;
  private readonly hostIP = hostIPv4();
  private readonly startedAt: Date;
  private relist?: NodeJS.Timeout;
  private lastStates = new Map<string, string>();
  private resourceVersion = 1;
  private readonly saveTimers = new Map<string, NodeJS.Timeout>();
  /** The save of each pod under way, so the next one waits for it. */
  private readonly saving = new Map<string, Promise<void>>();
  private closed = false;
  private relisting = false;

  private readonly cri: CriClient;
  private readonly dirs: { kubeletDir: string; logsDir: string };
  private readonly runtimeVersion: string;
  private readonly images: ImageManager;
  private readonly secrets = new Map<string, PullSecret>();
  private readonly registryConfig: string;
  private readonly deleted: DeletedPodStore;
  private readonly ephemeral: EphemeralContainers;

  private constructor(
    /** podscope's containerd under this node (socket, CRI client, paths), for callers that need the runtime itself. */
    readonly runtime: ContainerdInstance,
    readonly now: () => Date,
    nodeName: string,
    private readonly log: (message: string) => void,
    registryConfig: string | undefined,
  ) {
    super();
    this.registryConfig = registryConfigPath(runtime.paths.home, registryConfig);
    this.cri = runtime.cri;
    this.dirs = { kubeletDir: `${runtime.paths.nodeDir}/kubelet`, logsDir: runtime.paths.podLogsDir };
    this.runtimeVersion = `${runtime.version.runtime_name}://${runtime.version.runtime_version}`;
    this.nodeName = nodeName;
    this.startedAt = now();
    this.deleted = new DeletedPodStore(`${runtime.paths.nodeDir}/deleted-pods`, now, log);
    this.recorder = new EventRecorder(
      now,
      nodeName,
      (e) => {
        this.emit("event", structuredClone(e));
        const uid = e.involvedObject.uid;
        if (uid) this.scheduleSave(uid);
      },
      (uid) => !!this.workerByUid(uid),
    );
    // One image manager for the node, as kubelet has: its pull back-off outlives a pod's worker restarts.
    this.images = new ImageManager({
      cri: this.cri,
      recorder: this.recorder,
      now,
      nodeKeyring: () => readRegistryConfig(this.registryConfig, this.log),
    });
    this.ephemeral = new EphemeralContainers({
      cri: this.cri,
      recorder: this.recorder,
      images: this.images,
      pullSecrets: (p) => this.pullSecretsOf(p),
      log,
    });
  }

  /** Ensures podscope's containerd runs, adopts the pods it already has, and starts watching them. */
  static async start(opts: LocalNodeStartOptions = {}): Promise<LocalNode> {
    const rt = await ensureContainerd({ ...(opts.containerd ?? {}), home: opts.home });
    const node = new LocalNode(
      rt,
      opts.now ?? (() => new Date()),
      opts.nodeName ?? hostname(),
      opts.log ?? ((m) => console.warn(`podscope node: ${m}`)),
      opts.registryConfig,
    );
    await node.loadSecrets();
    await node.adoptAll();
    await node.removeOrphans();
    const every = opts.relistMs ?? 1000;
    node.relist = setInterval(() => void node.relistOnce(), every);
    return node;
  }

  // ---- reading -----------------------------------------------------------------------------

  listPods(): Pod[] {
    return [...this.pods.values()].map((e) => structuredClone(e.worker.pod));
  }

  getPod(namespace: string, name: string): Pod | undefined {
    const e = this.pods.get(key(namespace, name));
    return e ? structuredClone(e.worker.pod) : undefined;
  }

  /** With a uid, that incarnation's events only (every event the node records names its pod's UID). */
  listEvents(filter: { namespace?: string; name?: string; uid?: string } = {}): KubeEvent[] {
    const live = this.recorder.list(filter);
    if (!filter.uid) return structuredClone(live);
    // Past the event TTL, a deleted pod's events are those kept with it.
    return structuredClone(live.length ? live : (this.deleted.get(filter.uid)?.events ?? []));
  }

  /** The versions (count, last time) the node recorded of one of its events: what it was at each repetition. */
  eventVersions(e: KubeEvent): EventVersion[] {
    return this.recorder.versionsOf(e);
  }

  /** Every incarnation of namespace/name this node has run within the history retention, oldest first. */
  incarnations(namespace: string, name: string): PodIncarnation[] {
    const same = (p: Pod) => p.metadata.namespace === namespace && p.metadata.name === name;
    const all: PodIncarnation[] = this.deleted
      .list()
      .filter((r) => same(r.pod))
      .map((r) => incarnationOf(r.pod, r.deletedAt));
    const live = this.pods.get(key(namespace, name));
    if (live) all.push(incarnationOf(live.worker.pod));
    return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Pods deleted within the history retention, most recently deleted first (their last object each). */
  deletedPods(): { pod: Pod; deletedAt: string }[] {
    return structuredClone(this.deleted.list().map((r) => ({ pod: r.pod, deletedAt: r.deletedAt })));
  }

  /** Every pod this node ran within the history retention, live and deleted, with its history (for time travel). */
  podRecords(): PodRecord[] {
    const live = [...this.pods.values()].map((e) => ({ pod: e.worker.pod, history: e.worker.history, events: [] }));
    return structuredClone([
      ...live,
      ...this.deleted.list().map((r) => ({ pod: r.pod, history: r.history, events: [], deletedAt: r.deletedAt })),
    ]);
  }

  /** One incarnation, live or deleted; undefined when this node never ran it (or it expired). */
  podByUid(uid: string): PodRecord | undefined {
    const live = this.workerByUid(uid);
    if (live) return structuredClone({ pod: live.worker.pod, history: live.worker.history, events: this.recorder.list({ uid }) });
    const r = this.deleted.get(uid);
    return r ? structuredClone(r) : undefined;
  }

  /** Every status the pod went through, oldest first. Throws NotFound for an unknown pod. */
  history(namespace: string, name: string): HistoryEntry[] {
    return structuredClone(this.entry(namespace, name).worker.history);
  }

  node(): Node {
    return nodeObject({
      nodeName: this.nodeName,
      containerRuntimeVersion: this.runtimeVersion,
      dataDir: this.dirs.kubeletDir,
      startedAt: this.startedAt,
      now: this.now(),
      podCIDR: this.runtime.options.podSubnet,
    });
  }

  // ---- writing -----------------------------------------------------------------------------

  /**
   * Accepts a pod (already validated and defaulted by the manifest reader) and starts running it.
   * Returns at once with the pod as stored, and a warning per spec field the node does not support.
   */
  async createPod(input: Pod): Promise<{ pod: Pod; warnings: string[] }> {
    if (this.closed) throw new KubeError("ServiceUnavailable", "the local node is stopped");
    // generateName: the API server appends five random characters.
    const name = input.metadata?.name || (input.metadata?.generateName ? `${input.metadata.generateName}${randomSuffix()}` : undefined);
    if (!name) throw invalid("Pod", "", [{ field: "metadata.name", message: "Required value: name or generateName is required" }]);
    if (!Array.isArray(input.spec?.containers) || input.spec.containers.length === 0)
      throw invalid("Pod", name, [{ field: "spec.containers", message: "Required value" }]);
    const namespace = input.metadata.namespace ?? "default";
    if (this.pods.has(key(namespace, name))) throw alreadyExists("pods", name);

    const pod: Pod = structuredClone({ apiVersion: "v1", kind: "Pod", ...input });
    // Whatever a copied manifest carries from another pod's life is not this pod's.
    delete pod.status;
    delete pod.metadata.deletionTimestamp;
    delete pod.metadata.deletionGracePeriodSeconds;
    const now = this.now();
    pod.metadata = {
      ...pod.metadata,
      name,
      namespace,
      uid: randomUUID(),
      creationTimestamp: isoSeconds(now),
      resourceVersion: String(++this.resourceVersion),
      generation: 1,
    };
    pod.spec.restartPolicy ??= "Always";
    pod.spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
    pod.spec.nodeName = this.nodeName;
    let qos;
    try {
      qos = qosClass(pod);
    } catch (err) {
      if (err instanceof QuantityError) throw invalid("Pod", name, [{ field: "spec.containers[].resources", message: err.message }]);
      throw err;
    }
    const warnings = unsupportedFieldWarnings(pod);
    const stamp = isoSeconds(now);
    pod.status = {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: stamp, observedGeneration: 1 }],
      qosClass: qos,
    };
    const worker = this.makeWorker(pod);
    this.pods.set(key(namespace, name), { worker });
    this.recorder.record(pod, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${this.nodeName}`, {
      component: "default-scheduler",
    });
    worker.history.push({ time: now.toISOString(), status: structuredClone(pod.status) });
    this.emit("pod", structuredClone(pod));
    worker.start();
    return { pod: structuredClone(pod), warnings };
  }

  /**
   * Deletes a pod as kubelet terminates it (preStop → SIGTERM → SIGKILL at the grace deadline),
   * then removes its sandbox, cgroup and directories. Resolves when the pod is gone.
   */
  async deletePod(namespace: string, name: string, opts: { gracePeriodSeconds?: number } = {}): Promise<void> {
    const e = this.entry(namespace, name);
    const g = opts.gracePeriodSeconds;
    if (g !== undefined && (!Number.isInteger(g) || g < 0)) throw badRequest(`invalid grace period ${g}: must be a non-negative integer`);
    if (!e.deleting) {
      e.deleting = (async () => {
        await e.worker.terminate(g);
        this.ephemeral.forget(e.worker.uid);
        this.cancelSave(e.worker.uid);
        // Kept before it leaves the table, so no reader finds it in neither.
        const record: DeletedPodRecord = {
          pod: structuredClone(e.worker.pod),
          history: structuredClone(e.worker.history),
          events: structuredClone(this.recorder.list({ uid: e.worker.uid })),
          deletedAt: this.now().toISOString(),
        };
        await this.deleted
          .add(record)
          .catch((err: unknown) => this.log(`keeping the history of deleted pod ${namespace}/${name}: ${errorMessage(err)}`));
        this.pods.delete(key(namespace, name));
        this.emit("podDeleted", structuredClone(e.worker.pod));
      })();
    }
    await e.deleting;
  }

  /** Log lines of a container (each with its trailing newline), optionally following until it stops or the signal aborts. */
  async *logs(namespace: string, name: string, container?: string, opts: LogStreamOptions = {}): AsyncIterable<string> {
    const { worker } = this.entry(namespace, name);
    const names = worker.containerNames();
    const all = [
      ...names,
      ...(worker.pod.spec.initContainers ?? []).map((c) => c.name),
      ...ephemeralContainersOf(worker.pod).map((c) => c.name),
    ];
    if (!container) {
      if (names.length > 1) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(" ")}]`);
      container = names[0];
    }
    if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
    const path = this.logPathOf(worker, container, !!opts.previous);
    if (!path) {
      if (opts.previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
      throw badRequest(
        `container "${container}" in pod "${name}" is waiting to start: ${worker.pod.status?.containerStatuses?.find((s) => s.name === container)?.state?.waiting?.reason ?? "ContainerCreating"}`,
      );
    }
    if (!opts.follow || opts.previous) {
      for (const l of await readCriLog(path, { tail: opts.tailLines, lenient: true }))
        if (!writtenBefore(l.time, opts.since)) yield opts.records ? `${l.time} ${l.stream} ${l.message}\n` : `${l.message}\n`;
      return;
    }
    // Follow until the caller aborts, the pod goes, or this instance stopped and its file is drained.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const watch = setInterval(() => {
      const cur = this.pods.get(key(namespace, name));
      const statuses = [
        ...(cur?.worker.pod.status?.containerStatuses ?? []),
        ...((cur?.worker.pod.status?.ephemeralContainerStatuses as ContainerStatus[] | undefined) ?? []),
      ];
      if (
        !cur ||
        this.logPathOf(cur.worker, container!) !== path ||
        statuses.find((s) => s.name === container)?.state?.running === undefined
      ) {
        setTimeout(() => stop.abort(), 500); // one more poll of the file after the exit
      }
    }, 500);
    try {
      // One reader from the file's start, so no line written meanwhile falls between two reads;
      // with tailLines, the lines before the tail (as counted now) are skipped.
      let skip = opts.tailLines === undefined ? 0 : Math.max(0, (await readCriLog(path, { lenient: true })).length - opts.tailLines);
      for await (const l of followCriLog(path, { signal: stop.signal })) {
        if (skip > 0) {
          skip--;
          continue;
        }
        if (writtenBefore(l.time, opts.since)) continue;
        yield opts.records ? `${l.time} ${l.stream} ${l.message}\n` : `${l.message}\n`;
      }
    } finally {
      clearInterval(watch);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * A streaming URL for exec or attach in one of the pod's running containers (CRI Exec/Attach on
   * containerd's streaming server, loopback only): the caller speaks channel.k8s.io to it.
   */
  async streamUrl(
    namespace: string,
    name: string,
    req: { kind: StreamKind; container?: string; command?: string[]; stdin: boolean; tty: boolean },
  ): Promise<{ url: string } & StreamTarget> {
    const { worker } = this.entry(namespace, name);
    const target = streamTarget(worker.pod, req.kind, req.container);
    const streams = { containerId: target.containerId, stdin: req.stdin, tty: req.tty, stdout: true, stderr: !req.tty };
    if (req.kind === "exec") {
      if (!req.command?.length) throw badRequest("you must specify at least one command for the container");
      return { ...target, url: await this.cri.exec({ ...streams, cmd: req.command }) };
    }
    // kubelet: the terminal of an attach is the container's own, whatever the client asked.
    const spec = [...worker.pod.spec.containers, ...(worker.pod.spec.initContainers ?? []), ...ephemeralContainersOf(worker.pod)].find(
      (c) => c.name === target.container,
    );
    const tty = spec ? containerStdio(spec).tty : req.tty;
    return { ...target, url: await this.cri.attach({ ...streams, tty, stderr: !tty }) };
  }

  /**
   * kubectl debug: an ephemeral container in the pod's sandbox (joining the target's pid namespace
   * when one is named). Resolves once it was created and started (or why not is in its status).
   */
  async debug(namespace: string, name: string, req: DebugRequest): Promise<{ container: string; pod: Pod }> {
    const { worker } = this.entry(namespace, name);
    const paths = podPaths(this.dirs.kubeletDir, this.dirs.logsDir, worker.pod);
    const ec = await this.ephemeral.add({ pod: worker.pod, sandboxId: worker.sandboxId, paths, wake: () => worker.wake() }, req);
    await worker.idle();
    worker.updateStatus();
    return { container: ec.name, pod: structuredClone(worker.pod) };
  }

  /** A container's log file: the worker's containers, else an ephemeral container's (it has no previous instance). */
  private logPathOf(worker: PodWorker, container: string, previous = false): string | undefined {
    return worker.logPath(container, previous) ?? (previous ? undefined : this.ephemeral.logPath(worker.uid, container));
  }

  /** Stops watching and probing; pods keep running in containerd and are adopted by the next start(). */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.relist) clearInterval(this.relist);
    this.ephemeral.stop();
    // Deletions under way finish first (each is bounded by its grace period): a half-deleted pod
    // would otherwise come back as if nothing happened.
    for (const e of [...this.pods.values()]) {
      // Its caller was told of a failure; the node only has to wait for it.
      await e.deleting?.catch((err: unknown) =>
        this.log(`deletion of pod ${e.worker.pod.metadata.namespace}/${e.worker.pod.metadata.name} failed: ${errorMessage(err)}`),
      );
    }
    for (const e of this.pods.values()) e.worker.stop();
    for (const e of this.pods.values()) await e.worker.idle();
    for (const uid of [...this.saveTimers.keys()]) await this.saveNow(uid);
    await Promise.all(this.saving.values());
    this.cri.close();
  }

  // ---- registry credentials and pulls ------------------------------------------------------

  /**
   * Stores a Secret for pods' imagePullSecrets (created or replaced, as `kubectl apply` does).
   * Only docker config Secrets: the node has no other use for Secrets.
   */
  async applySecret(input: PullSecret): Promise<PullSecret> {
    const name = input.metadata?.name;
    if (!name) throw invalid("Secret", "", [{ field: "metadata.name", message: "Required value: name is required" }]);
    if (!PULL_SECRET_TYPES.includes(input.type ?? "")) {
      throw badRequest(
        `the local node keeps Secrets for imagePullSecrets only (type ${PULL_SECRET_TYPES.join(" or ")}); got type ${JSON.stringify(input.type ?? "Opaque")} for secret "${name}"`,
      );
    }
    const namespace = input.metadata.namespace ?? "default";
    const secret: PullSecret = structuredClone({
      apiVersion: "v1",
      kind: "Secret",
      ...input,
      metadata: { ...input.metadata, name, namespace },
    });
    secret.metadata.uid ??= randomUUID();
    secret.metadata.creationTimestamp ??= isoSeconds(this.now());
    try {
      secretKeyring(secret);
    } catch (err) {
      const field = secret.type === "kubernetes.io/dockercfg" ? "data[.dockercfg]" : "data[.dockerconfigjson]";
      throw invalid("Secret", name, [{ field, message: `Invalid value: ${errorMessage(err)}` }]);
    }
    await mkdir(this.secretsDir, { recursive: true, mode: 0o700 });
    const file = this.secretPath(namespace, name);
    await writeFile(`${file}.tmp`, JSON.stringify(secret), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    this.secrets.set(key(namespace, name), secret);
    return structuredClone(secret);
  }

  getSecret(namespace: string, name: string): PullSecret | undefined {
    const s = this.secrets.get(key(namespace, name));
    return s ? structuredClone(s) : undefined;
  }

  async deleteSecret(namespace: string, name: string): Promise<void> {
    if (!this.secrets.delete(key(namespace, name))) throw notFound("secrets", name);
    await rm(this.secretPath(namespace, name), { force: true });
  }

  /**
   * Pulls an image through the CRI with the node's credentials (`podscope image pull`). Returns
   * the name it is stored under, its size and how long the pull took.
   */
  async pullImage(ref: string): Promise<{ image: string; sizeBytes: number; durationMs: number }> {
    return this.images.pullForNode(ref);
  }

  private get secretsDir(): string {
    return `${this.dirs.kubeletDir}/secrets`;
  }

  private secretPath(namespace: string, name: string): string {
    return `${this.secretsDir}/${namespace}_${name}.json`;
  }

  private async loadSecrets(): Promise<void> {
    for (const f of await listDir(this.secretsDir)) {
      if (!f.endsWith(".json")) continue;
      try {
        const s = JSON.parse(await readFile(`${this.secretsDir}/${f}`, "utf8")) as PullSecret;
        this.secrets.set(key(s.metadata.namespace ?? "default", s.metadata.name ?? ""), s);
      } catch (err) {
        this.log(`secret file ${f} unreadable, skipped: ${errorMessage(err)}`);
      }
    }
  }

  /** kubelet's getPullSecretsForPod: the Secrets the pod names, and those the node does not have. */
  private pullSecretsOf(pod: Pod): PodPullSecrets {
    const refs = (pod.spec as { imagePullSecrets?: { name?: string }[] }).imagePullSecrets ?? [];
    const ns = pod.metadata.namespace ?? "default";
    const out: PodPullSecrets = { keyrings: [], missing: [] };
    for (const r of refs) {
      if (!r.name) continue;
      const s = this.secrets.get(key(ns, r.name));
      if (!s) {
        out.missing.push(r.name);
        continue;
      }
      try {
        out.keyrings.push(secretKeyring(s));
      } catch (err) {
        // Checked when applied; a file edited by hand since is as good as missing.
        this.log(`secret ${ns}/${r.name} unreadable: ${errorMessage(err)}`);
        out.missing.push(r.name);
      }
    }
    return out;
  }

  // ---- internals ---------------------------------------------------------------------------

  private entry(namespace: string, name: string): Entry {
    const e = this.pods.get(key(namespace, name));
    if (!e) throw notFound("pods", name);
    return e;
  }

  private makeWorker(pod: Pod, saved?: SavedWorkerState): PodWorker {
    return new PodWorker(
      pod,
      {
        cri: this.cri,
        now: this.now,
        recorder: this.recorder,
        paths: podPaths(this.dirs.kubeletDir, this.dirs.logsDir, pod),
        hostIP: this.hostIP,
        log: this.log,
        images: this.images,
        pullSecrets: (p) => this.pullSecretsOf(p),
        ephemeralStatuses: () => this.ephemeral.statuses(pod.metadata.uid ?? ""),
        onStatus: (p) => {
          p.metadata.resourceVersion = String(++this.resourceVersion);
          this.emit("pod", structuredClone(p));
          this.scheduleSave(p.metadata.uid ?? "");
        },
      },
      saved,
    );
  }

  private workerByUid(uid: string): Entry | undefined {
    for (const e of this.pods.values()) if (e.worker.uid === uid) return e;
    return undefined;
  }

  private statePath(uid: string): string {
    return `${this.dirs.kubeletDir}/pods/${uid}/state.json`;
  }

  private scheduleSave(uid: string): void {
    if (this.closed || this.saveTimers.has(uid)) return;
    this.saveTimers.set(
      uid,
      setTimeout(() => void this.saveNow(uid), 300),
    );
  }

  private cancelSave(uid: string): void {
    const t = this.saveTimers.get(uid);
    if (t) clearTimeout(t);
    this.saveTimers.delete(uid);
  }

  /**
   * Saves a pod's state now. Never rejects: a state file that cannot be written is logged and
   * the node goes on (it only costs the pod's history across a restart). Saves of one pod run
   * one after another — two writers of the same .tmp would rename it from under each other.
   */
  private saveNow(uid: string): Promise<void> {
    this.cancelSave(uid);
    const previous = this.saving.get(uid) ?? Promise.resolve();
    const next = previous
      .then(() => this.writeState(uid))
      .catch((err: unknown) => {
        // The pod went while we wrote (its worker removes the pod's directory): nothing to keep,
        // and nothing of ours left behind.
        const e = this.workerByUid(uid);
        if (!e || e.worker.isRemoved) {
          const dir = this.statePath(uid).slice(0, this.statePath(uid).lastIndexOf("/"));
          return rm(dir, { recursive: true, force: true }).catch(() => undefined);
        }
        this.log(`state of pod ${e.worker.pod.metadata.namespace}/${e.worker.pod.metadata.name} not saved: ${errorMessage(err)}`);
      });
    this.saving.set(uid, next);
    void next.then(() => {
      if (this.saving.get(uid) === next) this.saving.delete(uid);
    });
    return next;
  }

  private async writeState(uid: string): Promise<void> {
    const e = this.workerByUid(uid);
    // A terminating pod is saved too (its deletionTimestamp lets a restarted server finish the deletion).
    if (!e || e.worker.isRemoved) return;
    const state = { ...e.worker.savedState(), events: this.recorder.list({ uid }) };
    const file = this.statePath(uid);
    await mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true });
    const tmp = `${file}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, file);
    // The pod went while we wrote: do not leave its directory behind.
    if (e.worker.isRemoved) await rm(file.slice(0, file.lastIndexOf("/")), { recursive: true, force: true });
  }

  /** Finds our sandboxes by label and rebuilds a worker for each from the pod it carries. */
  private async adoptAll(): Promise<void> {
    const sandboxes = await this.cri.listPodSandbox({ label_selector: MANAGED_SELECTOR });
    // Newest first: if a pod somehow has two sandboxes, the newest one is the pod's.
    sandboxes.sort((a, b) => b.created_at - a.created_at);
    for (const sb of sandboxes) {
      const uid = sb.labels[POD_UID_LABEL];
      if (!uid || this.workerByUid(uid)) continue;
      let pod: Pod;
      let saved: (SavedWorkerState & { events?: KubeEvent[] }) | undefined;
      try {
        pod = JSON.parse(sb.annotations[POD_ANNOTATION] ?? "");
      } catch (err) {
        // Not a sandbox we can rebuild; `podscope down` removes it.
        this.log(`sandbox ${sb.id} of pod ${uid} carries no readable pod, not adopted: ${errorMessage(err)}`);
        continue;
      }
      const file = this.statePath(uid);
      if (existsSync(file)) {
        try {
          saved = JSON.parse(readFileSync(file, "utf8"));
        } catch (err) {
          // The pod is adopted all the same, with the status the runtime gives it (history and events start over).
          this.log(`state of pod ${uid} unreadable, resuming without it: ${errorMessage(err)}`);
        }
      }
      if (saved?.pod?.status) pod.status = saved.pod.status as PodStatus;
      if (saved?.pod?.metadata?.deletionTimestamp) {
        pod.metadata.deletionTimestamp = saved.pod.metadata.deletionTimestamp;
        pod.metadata.deletionGracePeriodSeconds = saved.pod.metadata.deletionGracePeriodSeconds;
      }
      const ns = pod.metadata.namespace ?? "default";
      const worker = this.makeWorker(pod, saved);
      if (saved?.events) this.recorder.restore(saved.events);
      // Containers of replaced sandboxes too: the newest dead instance gives lastState.
      const containers = await this.cri.listContainers({ label_selector: { [POD_UID_LABEL]: uid } });
      const older = sandboxes.filter((x) => x !== sb && x.labels[POD_UID_LABEL] === uid).map((x) => x.id);
      await worker.adopt(sb, containers, older);
      this.pods.set(key(ns, pod.metadata.name ?? ""), { worker });
      worker.start();
      // A pod whose deletion was under way when the server died finishes its deletion now.
      if (pod.metadata.deletionTimestamp) {
        // Only what is left of the grace period: the deadline was fixed when the deletion began.
        const left = Math.max(0, Math.ceil((Date.parse(pod.metadata.deletionTimestamp) - this.now().getTime()) / 1000));
        void this.deletePod(ns, pod.metadata.name ?? "", { gracePeriodSeconds: left }).catch((err: unknown) =>
          this.log(`finishing the deletion of pod ${ns}/${pod.metadata.name}: ${errorMessage(err)}`),
        );
      }
    }
  }

  /**
   * Pod directories and log directories of pods that have no sandbox any more (removed by
   * `podscope down`, or by hand) go, as kubelet cleans up orphaned pod directories.
   */
  private async removeOrphans(): Promise<void> {
    const live = new Set([...this.pods.values()].map((e) => e.worker.uid));
    const podsDir = `${this.dirs.kubeletDir}/pods`;
    for (const uid of await listDir(podsDir)) {
      if (!live.has(uid)) await rm(`${podsDir}/${uid}`, { recursive: true, force: true });
    }
    // <namespace>_<name>_<uid>: the uid is the part after the last "_" (names cannot contain "_").
    for (const d of await listDir(this.dirs.logsDir)) {
      const uid = d.slice(d.lastIndexOf("_") + 1);
      if (d.includes("_") && !live.has(uid)) await rm(`${this.dirs.logsDir}/${d}`, { recursive: true, force: true });
    }
  }

  /** kubelet's PLEG: one list of all our containers, and a sync for every pod whose containers changed state. */
  private async relistOnce(): Promise<void> {
    if (this.closed || this.relisting) return;
    this.relisting = true;
    try {
      await this.relistBody();
    } finally {
      this.relisting = false;
    }
  }

  private async relistBody(): Promise<void> {
    let containers, sandboxes;
    try {
      containers = await this.cri.listContainers({ label_selector: MANAGED_SELECTOR });
      sandboxes = await this.cri.listPodSandbox({ label_selector: MANAGED_SELECTOR });
    } catch (err) {
      // containerd restarting: the next relist sees it back. Anything else is worth a line.
      if (!(err instanceof CriUnavailableError)) this.log(`relist failed: ${errorMessage(err)}`);
      return;
    }
    const next = new Map<string, string>();
    const changed = new Set<string>();
    for (const c of [...containers, ...sandboxes]) {
      next.set(c.id, c.state);
      if (this.lastStates.get(c.id) !== c.state) changed.add(c.labels[POD_UID_LABEL] ?? "");
    }
    this.lastStates = next;
    for (const uid of changed) this.workerByUid(uid)?.worker.wake();
  }
}

function incarnationOf(pod: Pod, deletedAt?: string): PodIncarnation {
  const m = pod.metadata;
  return {
    uid: m.uid ?? "",
    namespace: m.namespace ?? "default",
    name: m.name ?? "",
    createdAt: m.creationTimestamp ?? "",
    ...(deletedAt ? { deletedAt } : {}),
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A directory's entries; none when it does not exist yet (a node that never ran a pod). */
async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}
