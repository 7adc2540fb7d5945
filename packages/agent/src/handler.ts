// The agent's HTTP API as a function: (method, path) → status, content type and body. No sockets here, so the
// routes and their errors are tested against a fake runtime and a hand-made /proc; server.ts puts it on HTTP.
import {
  CgroupNotFoundError,
  createNodeInspector,
  detectCgroupLayout,
  PodNotFoundError,
  readKubepodsTree,
  type PodInspectOptions,
} from "@podscope/inspect";
import { CriError, CriUnavailableError } from "@podscope/runtime";
import { AGENT_API, AGENT_NAME, AGENT_VERSION } from "./constants";
import type { ReadOnlyCri } from "./cri";
import { parseAgentPath, type AgentPodView } from "./paths";
import { withCgroupRoot } from "./cgroup-root";
import { findCriPods, readCriPods } from "./pod-map";
import { readPodRuntime } from "./runtime-info";
import { agentStatus, type AgentStatus, type AgentVersionInfo } from "./wire";

export interface AgentContext {
  cri: ReadOnlyCri;
  /** The socket `cri` talks to, named in errors when the runtime does not answer. */
  criSocket: string;
  nodeName: string;
  /** Where the host is: fsRoot "/host" in the agent's pod, "" on the host itself. */
  inspect: PodInspectOptions;
}

export interface AgentResponse {
  status: number;
  contentType: "application/json" | "text/plain; charset=utf-8";
  body: string;
  headers?: Record<string, string>;
}

const json = (status: number, value: unknown, headers?: Record<string, string>): AgentResponse => ({
  status,
  contentType: "application/json",
  body: JSON.stringify(value),
  ...(headers && { headers }),
});
const failure = (s: AgentStatus, headers?: Record<string, string>) => json(s.code, s, headers);

/** A pod the runtime does not know on this node: the message names the node, since the client asked this node's agent. */
export class AgentPodNotFoundError extends Error {
  constructor(
    readonly namespace: string,
    readonly podName: string,
    readonly nodeName: string,
    readonly uid?: string,
  ) {
    super(`pods "${podName}" not found in namespace "${namespace}" on node "${nodeName}"${uid ? ` (uid ${uid})` : ""}`);
    this.name = "AgentPodNotFoundError";
  }
}

export async function handleAgentRequest(ctx: AgentContext, method: string, path: string): Promise<AgentResponse> {
  // Read-only by construction: nothing here changes the node, so nothing but GET is served.
  if (method !== "GET") {
    return failure(agentStatus(405, "MethodNotAllowed", `the podscope agent is read-only: method ${method} is not allowed`), {
      Allow: "GET",
    });
  }
  const route = parseAgentPath(path);
  if (!route) return failure(agentStatus(404, "NotFound", `the server could not find the requested resource (${path.split("?")[0]})`));
  try {
    switch (route.kind) {
      case "health":
        return { status: 200, contentType: "text/plain; charset=utf-8", body: "ok" };
      case "version":
        return json(200, await versionInfo(ctx));
      case "node-cgroups": {
        const pods = await readCriPods(ctx.cri);
        const inspect = await withCgroupRoot(ctx.cri, ctx.inspect, pods[0]?.entry.sandboxId);
        return json(
          200,
          await readKubepodsTree(
            pods.map((p) => p.entry),
            inspect,
          ),
        );
      }
      case "pod":
        return json(200, await podView(ctx, route.view, route));
    }
  } catch (e) {
    return failure(statusOf(ctx, e));
  }
}

async function podView(ctx: AgentContext, view: AgentPodView, ref: { namespace: string; name: string; uid?: string }): Promise<unknown> {
  const [pod] = findCriPods(await readCriPods(ctx.cri), ref);
  if (!pod) throw new AgentPodNotFoundError(ref.namespace, ref.name, ctx.nodeName, ref.uid);
  if (view === "runtime") return readPodRuntime(ctx.cri, pod);
  // The same inspector the local node uses, over a pod map of just this incarnation.
  const inspector = createNodeInspector(() => [pod.entry], await withCgroupRoot(ctx.cri, ctx.inspect, pod.entry.sandboxId));
  if (view === "cgroups") return inspector.cgroups(ref);
  if (view === "namespaces") return inspector.namespaces(ref);
  return inspector.processes(ref);
}

async function versionInfo(ctx: AgentContext): Promise<AgentVersionInfo> {
  const layout = await detectCgroupLayout(ctx.inspect);
  // The version answers even when the runtime does not: a client tells "agent up, runtime down" from it.
  const runtime = await ctx.cri.version().then(
    (v) => ({ name: v.runtime_name, version: v.runtime_version, apiVersion: v.runtime_api_version }),
    (e: unknown) => ({ name: "", version: "", error: statusOf(ctx, e).message }),
  );
  return {
    agent: AGENT_NAME,
    version: AGENT_VERSION,
    api: AGENT_API,
    node: ctx.nodeName,
    runtime,
    cgroup: { version: layout.version === "v2" ? 2 : 1, mode: layout.version },
  };
}

/** Errors as Kubernetes Status bodies, worded for the person reading the pod page. */
export function statusOf(ctx: AgentContext, e: unknown): AgentStatus {
  if (e instanceof AgentPodNotFoundError)
    return agentStatus(404, "NotFound", e.message, { name: e.podName, kind: "pods", ...(e.uid && { uid: e.uid }) });
  if (e instanceof PodNotFoundError) return statusOf(ctx, new AgentPodNotFoundError(e.namespace, e.podName, ctx.nodeName));
  // The pod is known to the runtime but has no cgroup (being torn down, or a runtime that places it elsewhere).
  if (e instanceof CgroupNotFoundError) return agentStatus(404, "NotFound", `${e.message} on node "${ctx.nodeName}"`);
  if (e instanceof CriUnavailableError)
    return agentStatus(
      503,
      "ServiceUnavailable",
      `the container runtime does not answer on ${ctx.criSocket} (CRI ${e.method}: ${e.details})`,
    );
  if (e instanceof CriError && e.code === "DEADLINE_EXCEEDED")
    return agentStatus(504, "Timeout", `the container runtime on ${ctx.criSocket} did not answer in time (CRI ${e.method})`);
  return agentStatus(500, "InternalError", e instanceof Error ? e.message : String(e));
}
