// The way to a node's podscope agent: find its pod (a LIST in the agent's namespace by label and node),
// check once per pod that it speaks this podscope's API and version, then GET through the API server's
// pods/proxy with the user's own credentials — RBAC decides who may look, nothing is stored, no port is
// opened on the node. Every failure becomes an AgentError in words (./failure.ts decides them).
import {
  AGENT_API,
  AGENT_NAME,
  AGENT_NAMESPACE,
  AGENT_PORT,
  AGENT_SELECTOR_LABELS,
  AGENT_VERSION,
  AGENT_VERSION_PATH,
  type AgentVersionInfo,
} from "@podscope/agent";
import { KubeError, type KubeList, type Pod } from "@podscope/core";
import type { KubeClient, Query } from "../client";
import { ConnectionError } from "../errors";
import {
  agentFailure,
  answeredByAgent,
  type AgentError,
  type AgentFacts,
  type AgentPlace,
  type AgentVersionFacts,
  type HttpFailure,
} from "./failure";
import { agentPodFacts, chooseAgentPod, type AgentPodFacts } from "./pod";
import { nodeStatus, type AgentNodeStatus } from "./status";

/** Where agents live and what they must answer (agentEndpoint: the agent package's own; tests vary them). */
export interface AgentEndpoint {
  /** Namespace of the agent DaemonSet. */
  namespace: string;
  /** The label selector of agent pods, e.g. app.kubernetes.io/name=podscope-agent. */
  selector: string;
  /** The agent's container port, reached through pods/proxy as <pod>:<port>. */
  port: number;
  /** The agent API and version this podscope speaks; anything else is refused with both named. */
  api: string;
  version: string;
  /** How long one GET through the proxy may take (default 15 s). */
  timeoutMs?: number;
  /** How long a found agent pod is reused before the LIST is asked again (default 30 s). */
  podTtlMs?: number;
}

/** The agents this podscope speaks to: its own agent package's API, version, port and labels, in `namespace`. */
export function agentEndpoint(namespace: string = AGENT_NAMESPACE): AgentEndpoint {
  const selector = Object.entries(AGENT_SELECTOR_LABELS)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return { namespace, selector, port: AGENT_PORT, api: AGENT_API, version: AGENT_VERSION };
}

/** What the agent client needs of a KubeClient: the seam unit tests fake. */
export type AgentTransport = Pick<KubeClient, "request" | "context">;

interface Found {
  pod: AgentPodFacts;
  at: number;
}

export class AgentClient {
  private readonly pods = new Map<string, Found>();
  /** Per agent pod UID: its checked /v1/version (a new pod is checked again). */
  private readonly versions = new Map<string, Promise<AgentVersionInfo>>();
  /** Per node: the LIST under way, shared by the calls that arrive meanwhile. */
  private readonly finding = new Map<string, Promise<AgentPodFacts>>();

  constructor(
    private readonly client: AgentTransport,
    readonly endpoint: AgentEndpoint,
    private readonly now: () => number = Date.now,
  ) {}

  /** GET `path` (e.g. /v1/cgroups) from the agent on `node`; the JSON is the agent's, `T` the caller's word for it. */
  async get<T>(node: string, path: string, query?: Query): Promise<T> {
    const cached = this.cachedPod(node);
    const pod = cached ?? (await this.findPod(node));
    try {
      await this.version(node, pod);
      return await this.proxy<T>(node, pod, path, query);
    } catch (e) {
      // A reused pod may have been replaced since (DaemonSet rollout, agent killed): look once more.
      if (!cached || !isAgentError(e, "notAnswering")) throw e;
      this.pods.delete(node);
      const again = await this.findPod(node);
      if (again.uid === pod.uid) throw e;
      await this.version(node, again);
      return await this.proxy<T>(node, again, path, query);
    }
  }

  /** The agent's /v1/version on `node`, checked against this podscope's. */
  async agentVersion(node: string): Promise<AgentVersionInfo> {
    const pod = this.cachedPod(node) ?? (await this.findPod(node));
    return this.version(node, pod);
  }

  private place(node: string): AgentPlace {
    return { context: this.client.context, node, namespace: this.endpoint.namespace, selector: this.endpoint.selector };
  }

  private fail(node: string, facts: AgentFacts): AgentError {
    return agentFailure(this.place(node), facts);
  }

  private cachedPod(node: string): AgentPodFacts | undefined {
    const f = this.pods.get(node);
    if (f && this.now() - f.at < (this.endpoint.podTtlMs ?? 30_000)) return f.pod;
    this.pods.delete(node);
    return undefined;
  }

  /** The agent pod on `node` (Ready preferred); an AgentError when it cannot be listed, is absent or is not running. */
  findPod(node: string): Promise<AgentPodFacts> {
    // A pod page asks for several views at once: one LIST answers them all.
    let f = this.finding.get(node);
    if (!f) {
      f = this.listPod(node).finally(() => this.finding.delete(node));
      this.finding.set(node, f);
    }
    return f;
  }

  private async listPod(node: string): Promise<AgentPodFacts> {
    let items: Pod[];
    try {
      items = await this.listAgentPods(node);
    } catch (e) {
      if (e instanceof KubeError) throw this.fail(node, { step: "list", error: httpFailure(e) });
      throw e; // the API server itself is unreachable: its ConnectionError already says so
    }
    const pod = this.runningPod(node, items);
    this.pods.set(node, { pod, at: this.now() });
    return pod;
  }

  /** The agent pods in the endpoint's namespace: those on `node`, or on every node. */
  private async listAgentPods(node?: string): Promise<Pod[]> {
    const { namespace, selector } = this.endpoint;
    const list = await this.client.request<KubeList<Pod>>("GET", `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
      query: { labelSelector: selector, ...(node ? { fieldSelector: `spec.nodeName=${node}` } : {}) },
      intent: { verb: "list", resource: "pods", namespace },
    });
    return list.items;
  }

  /** The pod chosen to serve `node` among `items`; an AgentError when none is there or it is not running. */
  private runningPod(node: string, items: Pod[]): AgentPodFacts {
    const chosen = chooseAgentPod(items, node);
    const pod = chosen ? agentPodFacts(chosen) : undefined;
    if (!pod || pod.phase !== "Running") throw this.fail(node, { step: "find", pod });
    return pod;
  }

  /** `found` (an agent's /v1/version answer) when it is this podscope's agent API and version; else the AgentError saying what it is. */
  private checkVersion(node: string, pod: AgentPodFacts, found: AgentVersionInfo | undefined): AgentVersionInfo {
    const { api, version } = this.endpoint;
    if (found?.agent !== AGENT_NAME || found.api !== api || found.version !== version)
      throw this.fail(node, { step: "version", pod, found: versionFacts(found), expected: { api, version } });
    return found;
  }

  /**
   * Every node's agent as it is now (`podscope agent status`): one LIST of the agent pods for all nodes, then
   * each running one asked its /v1/version — fresh, not the cached check views use. The same pod choice and
   * the same AgentErrors as a view gets; another version's answer is kept to show what runs there.
   */
  async status(nodes: string[]): Promise<AgentNodeStatus[]> {
    let items: Pod[];
    try {
      items = await this.listAgentPods();
    } catch (e) {
      if (!(e instanceof KubeError)) throw e;
      const error = httpFailure(e);
      return nodes.map((node) => nodeStatus(node, undefined, undefined, this.fail(node, { step: "list", error })));
    }
    return Promise.all(nodes.map((node) => this.nodeStatus(node, items)));
  }

  /**
   * For a user who may not list nodes: a row for each node an agent pod runs on — a node without one cannot be
   * known. A refused LIST of the agent pods throws, in the API's words.
   */
  async statusWhereAgentsRun(): Promise<AgentNodeStatus[]> {
    const items = await this.listAgentPods();
    const nodes = [...new Set(items.map((p) => p.spec?.nodeName ?? "").filter((n) => n !== ""))].sort();
    return Promise.all(nodes.map((node) => this.nodeStatus(node, items)));
  }

  private async nodeStatus(node: string, items: Pod[]): Promise<AgentNodeStatus> {
    const chosen = chooseAgentPod(items, node);
    let pod: AgentPodFacts | undefined;
    let found: AgentVersionInfo | undefined;
    try {
      pod = this.runningPod(node, items);
      found = await this.proxy<AgentVersionInfo>(node, pod, AGENT_VERSION_PATH);
      this.checkVersion(node, pod, found);
      return nodeStatus(node, pod, found);
    } catch (e) {
      if (!(e instanceof KubeError)) throw e; // the API server unreachable: the whole answer fails in its words
      return nodeStatus(node, pod ?? (chosen && agentPodFacts(chosen)), found, e);
    }
  }

  private version(node: string, pod: AgentPodFacts): Promise<AgentVersionInfo> {
    let v = this.versions.get(pod.uid);
    if (!v) {
      v = this.proxy<AgentVersionInfo>(node, pod, AGENT_VERSION_PATH).then((found) => this.checkVersion(node, pod, found));
      this.versions.set(pod.uid, v);
      // A failed check is not remembered: the next call asks again (the agent may have been fixed).
      v.catch(() => this.versions.delete(pod.uid));
    }
    return v;
  }

  private async proxy<T>(node: string, pod: AgentPodFacts, path: string, query?: Query): Promise<T> {
    const { namespace, port } = this.endpoint;
    const url = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod.name)}:${port}/proxy${path}`;
    const timeoutMs = this.endpoint.timeoutMs ?? 15_000;
    try {
      return await this.client.request<T>("GET", url, {
        query,
        timeoutMs,
        intent: { verb: "get", resource: "pods/proxy", namespace, name: pod.name },
      });
    } catch (e) {
      if (e instanceof ConnectionError && e.errno === "ETIMEDOUT")
        throw this.fail(node, { step: "proxy", pod, error: { code: 0, message: `no answer within ${timeoutMs / 1000} s` } });
      // Not a KubeError (the API server unreachable), or 401 (the user's credentials): their own words are right.
      if (!(e instanceof KubeError) || e.code === 401) throw e;
      const failure = httpFailure(e);
      // The agent's own refusal (a pod it does not run, a bad request): its reason and words, as the local node says them.
      if (failure.code < 500 && answeredByAgent(failure) && !isAgentPodGone(failure, pod)) throw agentAnswer(e, failure);
      throw this.fail(node, { step: "proxy", pod, error: failure });
    }
  }
}

function isAgentError(e: unknown, problem: AgentError["problem"]): boolean {
  return e instanceof KubeError && (e as Partial<AgentError>).problem === problem;
}

function httpFailure(e: KubeError): HttpFailure {
  return {
    code: e.code,
    ...(e.status?.reason ? { reason: e.status.reason } : {}),
    message: e.status?.message ?? e.message,
    ...(e.status?.details ? { details: { kind: e.status.details.kind, name: e.status.details.name } } : {}),
  };
}

function isAgentPodGone(f: HttpFailure, pod: AgentPodFacts): boolean {
  return f.code === 404 && f.details?.kind === "pods" && f.details.name === pod.name;
}

/** The agent answered with a failure of its own: its reason and words, as the local node would say them. */
function agentAnswer(e: KubeError, f: HttpFailure): KubeError {
  return new KubeError(e.reason, f.message, { code: f.code, context: e.context, ...(e.status ? { status: e.status } : {}), cause: e });
}

function versionFacts(found: unknown): AgentVersionFacts {
  const o = (found && typeof found === "object" ? found : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return { agent: str(o.agent) ?? "(no agent field)", api: str(o.api), version: str(o.version) };
}
