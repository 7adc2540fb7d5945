// The one interface every place pods come from implements. Views ask for capabilities, never for the
// kind of source, so a snapshot file, the local node and a cluster context are shown the same way.
// A capability is an optional member (apply, deletePod, logs, inspector, images, drainer): the
// flags in SourceInfo are derived from which members a source has (capabilitiesOf), never written.
import type { ErrorSummary, KubeEvent, KubeObject, LogSince, Node, Pod, PodStatus } from "@podscope/core";
import type { NodeInspector as HostInspector } from "@podscope/inspect";
import type { AgentNodeStatus, AgentPodRuntime, DrainStreamMessage, LiveDrainRequest, ServerCheck } from "@podscope/kube";

export interface Capabilities {
  canRunPods: boolean;
  canDelete: boolean;
  canInspectNode: boolean;
  /** The source can drain a node for real (server-side dry-run check, evictions, uncordon). */
  canEvict: boolean;
  isRecording: boolean;
  /** False for a source opened from a file: its views freeze their clock at `takenAt`. */
  isLive: boolean;
  /** Listed before first use and synced (list+watch) when opened, as a kube context is. */
  syncsOnOpen: boolean;
}

/**
 * What a source is, as opposed to what it can do: declared by the source itself. `isRecording` is
 * derived from the `history` member (capabilitiesOf); a value still declared here is ignored.
 */
export type SourceTraits = Pick<Capabilities, "isLive" | "syncsOnOpen"> & { isRecording?: boolean };

export interface SyncState {
  resource: string;
  state: "syncing" | "synced" | "error";
  /** Still structured: the Status reason, the words shown, the HTTP code. */
  error?: ErrorSummary;
  count?: number;
}

export interface SourceInfo {
  id: string;
  kind: "local" | "kube" | "snapshot";
  name: string;
  available: boolean;
  reason?: string;
  capabilities: Capabilities;
  sync?: SyncState[];
  /** For a snapshot: when it was taken — its views are frozen at that moment. */
  takenAt?: string;
}

/** What a source says of itself; the registry adds the capabilities its members give it. */
export type SourceFacts = Omit<SourceInfo, "capabilities">;

export type WatchEvent<T> = { type: "ADDED" | "MODIFIED" | "DELETED"; object: T };

export interface StatusRecord {
  time: string;
  status: PodStatus;
}

export interface PodDetail {
  pod: Pod;
  history: StatusRecord[];
  events: KubeEvent[];
  /** Set when this incarnation is gone: when its deletion was seen (the pod is its last known object). */
  deletedAt?: string;
}

/** One pod incarnation: a UID a name was given to. A name re-used after a deletion is a new one. */
export interface Incarnation {
  uid: string;
  namespace: string;
  name: string;
  /** Its creationTimestamp, else when it was first recorded. */
  createdAt: string;
  /** When it was seen gone; absent while it exists. */
  deletedAt?: string;
}

/** A pod seen deleted: its last known object (metadata.deletionTimestamp always set) and when it went. */
export interface DeletedPod {
  pod: Pod;
  deletedAt: string;
}

/** Recorded pods, deleted ones included, within the source's retention: every read selects by UID. */
export interface PodHistory {
  /** Every recorded incarnation of namespace/name (the live one too), oldest first. */
  incarnations(namespace: string, name: string): Promise<Incarnation[]>;
  /** Pods seen deleted within retention, most recently deleted first. */
  deletedPods(): Promise<DeletedPod[]>;
  /** One incarnation's detail, live or deleted (deletedAt set); KubeError NotFound when never recorded. */
  podDetailByUid(uid: string): Promise<PodDetail>;
  /** Time travel: the pods as they were at `t`, rebuilt from recorded history, and since when it reaches back. */
  podsAt(t: Date): Promise<PodsAt>;
  /**
   * Events as they were at `t` (core's eventAtTime): those not yet happened left out, each with its count and
   * last time then. With a pod, that incarnation's (as listEvents selects by uid); without, every event.
   */
  eventsAt(t: Date, pod?: { namespace: string; name: string; uid: string }): Promise<KubeEvent[]>;
  /** Time travel: the nodes as they were at `t` (conditions, allocatable, taints, cordon), and since when that reaches back. */
  nodesAt(t: Date): Promise<NodesAt>;
}

export interface PodsAt {
  pods: Pod[];
  /** The oldest recorded status (RFC 3339); absent when nothing is recorded. */ since?: string;
}

export interface NodesAt {
  nodes: Node[];
  /** The oldest recorded node state (RFC 3339); absent when nothing is recorded. */
  since?: string;
}

export interface ApplyResult {
  created: { namespace: string; name: string }[];
  warnings: string[];
}

export interface LogOptions extends LogSince {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  signal?: AbortSignal;
}

/** One line of a container's log with the fields the CRI log file carries: when it was written and on which stream. */
export interface LogRecord {
  time: string;
  /** null where the source cannot tell: the Kubernetes API (pods/log) merges stdout and stderr into one text. */
  stream: "stdout" | "stderr" | null;
  line: string;
}

/** An exec or attach asked of a node: which container, which command, which streams. */
export interface StreamRequest {
  kind: "exec" | "attach";
  container?: string;
  command?: string[];
  stdin: boolean;
  tty: boolean;
}

/**
 * Where the client speaks channel.k8s.io (v4/v5 over WebSocket): a one-use URL on the node's CRI
 * streaming server, the container it reaches, and the choices when it was defaulted.
 */
export interface StreamGrant {
  url: string;
  container: string;
  defaultedFrom?: string[];
}

/** kubectl debug: an ephemeral container for a running pod (image, optional target whose processes it sees). */
export interface DebugRequest {
  image: string;
  name?: string;
  target?: string;
  command?: string[];
  stdin?: boolean;
  tty?: boolean;
}

/**
 * Host inspection of a pod's node: cgroups, namespaces, processes (@podscope/inspect's interface and shapes) and
 * the container runtime's own account of the pod (the agent's shape) — the local node reads its host, a cluster
 * asks the podscope agent on the pod's node.
 */
export interface NodeInspector extends HostInspector {
  /**
   * The pod's sandbox and containers as its node's container runtime reports them (CRI, verbose); absent
   * where nobody can ask the runtime (a window file keeps the host views only).
   */
  runtime?(pod: { namespace: string; name: string }): Promise<AgentPodRuntime>;
}

export interface LocalImage {
  ref: string;
  id: string;
  size: number;
  aliases?: string[];
}

export interface ImageStore {
  list(): Promise<LocalImage[]>;
  /** Imports an OCI image-layout or docker-archive tarball at a path on the server's machine. */
  importFile(path: string): Promise<LocalImage[]>;
}

/** Draining a node for real, as kubectl does: server-side dry-run check, evictions, uncordon. */
export interface Drainer {
  check(req: LiveDrainRequest): Promise<ServerCheck>;
  /** kubectl's lines and per-pod events as they happen; aborting stops evicting (the node stays cordoned). */
  drain(req: LiveDrainRequest, signal: AbortSignal): AsyncIterable<DrainStreamMessage>;
  uncordon(node: string): Promise<Node>;
}

/** The podscope agent on each node of a cluster, as `podscope agent status` lists it (read-only). */
export interface AgentDirectory {
  /** The namespace the agents are looked for in. */
  readonly namespace: string;
  /**
   * One row per node of the source: the agent pod, what it answers, what is wrong. `warning`: why some nodes may be
   * missing (a user who may not list nodes sees the nodes agent pods run on).
   */
  status(): Promise<{ nodes: AgentNodeStatus[]; warning?: string }>;
}

export interface Source {
  readonly id: string;
  readonly traits: SourceTraits;
  info(): SourceFacts;
  listPods(): Promise<Pod[]>;
  /** Throws KubeError NotFound when there is no such pod. */
  getPod(namespace: string, name: string): Promise<Pod>;
  podDetail(namespace: string, name: string): Promise<PodDetail>;
  /** Pod changes as they happen; returns the function that stops the subscription. */
  watchPods(onEvent: (e: WatchEvent<Pod>) => void): () => void;
  /** With a uid: that incarnation's events (name and namespace only for events without a UID, as kubectl). */
  listEvents(filter?: { namespace?: string; name?: string; uid?: string }): Promise<KubeEvent[]>;
  listNodes(): Promise<Node[]>;
  /** Every object a drain rehearsal needs: nodes, pods, PDBs, workloads, priority classes. */
  clusterObjects(): Promise<KubeObject[]>;
  apply?(objects: KubeObject[]): Promise<ApplyResult>;
  deletePod?(namespace: string, name: string, gracePeriodSeconds?: number): Promise<void>;
  logs?(namespace: string, name: string, opts: LogOptions): AsyncIterable<string>;
  /** exec/attach: a streaming URL the client connects to (the server never carries the streams). */
  stream?(namespace: string, name: string, req: StreamRequest): Promise<StreamGrant>;
  /** Adds an ephemeral container to a running pod; resolves with its name once started (or failed to). */
  debug?(namespace: string, name: string, req: DebugRequest): Promise<{ container: string }>;
  /** The same lines with their time and stream where known (the local node reads CRI files; a cluster has times only). */
  logRecords?(namespace: string, name: string, opts: LogOptions): AsyncIterable<LogRecord>;
  inspector?: NodeInspector;
  images?: ImageStore;
  drainer?: Drainer;
  /** The node agents a cluster's node views go through (capability of cluster contexts). */
  agents?: AgentDirectory;
  /** Recorded history: deleted pods stay reachable (capability isRecording). */
  history?: PodHistory;
  close?(): Promise<void>;
}
