// The JSON the agent's HTTP API answers with, as types: the agent writes them and the server-side client
// (packages/kube) reads them. The pod views are inspect's own shapes (what NodeInspector returns locally),
// so a cluster pod and a local pod draw from the same JSON.
import type { CgroupNode, LsnsJson, PodProcessesJson } from "@podscope/inspect";

export type { CgroupNode, LsnsJson, PodProcessesJson };

/** `GET /v1/version`. */
export interface AgentVersionInfo {
  /** Always AGENT_NAME: tells an agent from whatever else answers on the port. */
  agent: string;
  version: string;
  /** AGENT_API of the agent that answers: a client speaks to agents of its own API only. */
  api: string;
  /** The node the agent runs on (NODE_NAME from the downward API, else the host name). */
  node: string;
  /** The container runtime, from CRI Version; name and version are "" and `error` says why when it did not answer. */
  runtime: { name: string; version: string; apiVersion?: string; error?: string };
  /** 1 or 2: the hierarchy limits live in (hybrid nodes count as 1); `mode` tells hybrid apart. */
  cgroup: { version: 1 | 2; mode: "v1" | "v2" | "hybrid" };
}

/** The pod's sandbox as the runtime reports it (CRI PodSandboxStatus, verbose). */
export interface AgentSandboxRuntime {
  id: string;
  /** CRI state: "SANDBOX_READY" | "SANDBOX_NOTREADY". */
  state: string;
  /** RFC 3339; "" when the runtime does not say. */
  createdAt: string;
  /** The RuntimeClass handler ("" for the default runtime). */
  runtimeHandler: string;
  /** CRI metadata.attempt: how many sandboxes the kubelet made for this pod before this one. */
  attempt: number;
  /** The pod's IP and any further ones (dual stack); "" when the sandbox has no network (not ready, hostNetwork). */
  podIP: string;
  additionalIPs: string[];
  /** Path of the pod's network namespace as the runtime holds it (containerd: /var/run/netns/cni-…), when it says. */
  networkNamespacePath?: string;
  /** CRI namespace options: which namespaces the pod shares with the node (NODE) or keeps (POD / CONTAINER). */
  namespaceOptions?: { network: string; pid: string; ipc: string };
  /** The pause process's PID on the node, when the runtime says (containerd's verbose info). */
  pausePid?: number;
  /** The io.kubernetes.* labels (pod name, namespace, uid): the rest of a pod's labels are the API server's business. */
  labels: Record<string, string>;
}

/** One container of the pod, current or previous, as CRI ContainerStatus reports it. */
export interface AgentContainerRuntime {
  id: string;
  name: string;
  /** The sandbox it ran in: a container of an older sandbox ran before the pod's sandbox was replaced. */
  sandboxId: string;
  image: string;
  imageRef: string;
  /** CRI state: "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN". */
  state: string;
  /** RFC 3339; "" when it has not happened. */
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  reason: string;
  message: string;
  /** The container's main process on the node, while it runs (containerd's verbose info). */
  pid?: number;
  /** Restart count of this container name at the time it was created (CRI metadata.attempt). */
  attempt: number;
}

/** `GET /v1/pods/{namespace}/{name}/runtime`. */
export interface AgentPodRuntime {
  pod: { namespace: string; name: string; uid: string };
  /** The pod's current sandbox (ready, newest). */
  sandbox: AgentSandboxRuntime;
  /** Every sandbox of the pod (this incarnation), the current one first: more than one after the sandbox was replaced. */
  sandboxIds: string[];
  /** Every container of the pod's sandboxes, by name, newest attempt first. */
  containers: AgentContainerRuntime[];
  runtime: { name: string; version: string };
}

/** The body of every error: a Kubernetes Status, so a client reads it as it reads the API server's. */
export interface AgentStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  reason: AgentStatusReason;
  message: string;
  code: number;
  details?: { name?: string; kind?: string; uid?: string };
}

export type AgentStatusReason = "NotFound" | "MethodNotAllowed" | "ServiceUnavailable" | "BadRequest" | "InternalError" | "Timeout";

export function agentStatus(code: number, reason: AgentStatusReason, message: string, details?: AgentStatus["details"]): AgentStatus {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason, message, code, ...(details && { details }) };
}

/** True for an agent's error body (what a client gets on a non-2xx answer from a podscope agent). */
export function isAgentStatus(v: unknown): v is AgentStatus {
  const s = v as Partial<AgentStatus> | null;
  return !!s && typeof s === "object" && s.kind === "Status" && typeof s.message === "string" && typeof s.code === "number";
}
