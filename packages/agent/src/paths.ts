// The agent's URL paths, built and read in one place: the agent routes by parseAgentPath, the server-side
// client builds its pod-proxy paths with agentPodPath, so the two cannot drift apart.
import { AGENT_API } from "./constants";

export const AGENT_HEALTH_PATH = "/healthz";
export const AGENT_VERSION_PATH = `/${AGENT_API}/version`;
/** The node's whole kubepods cgroup tree. */
export const AGENT_CGROUPS_PATH = `/${AGENT_API}/cgroups`;

/** The per-pod views: inspect's cgroup tree, namespace matrix and process tree, and the runtime's details. */
export const AGENT_POD_VIEWS = ["cgroups", "namespaces", "processes", "runtime"] as const;
export type AgentPodView = (typeof AGENT_POD_VIEWS)[number];

/** `/v1/pods/{namespace}/{name}/{view}[?uid=…]`; uid picks the incarnation when two pods of the node share the name. */
export function agentPodPath(namespace: string, name: string, view: AgentPodView, uid?: string): string {
  const path = `/${AGENT_API}/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${view}`;
  return uid ? `${path}?uid=${encodeURIComponent(uid)}` : path;
}

export type AgentRoute =
  | { kind: "health" }
  | { kind: "version" }
  | { kind: "node-cgroups" }
  | { kind: "pod"; view: AgentPodView; namespace: string; name: string; uid?: string };

/** The route a request path (with its query) names, or null for a path the agent does not serve. */
export function parseAgentPath(pathAndQuery: string): AgentRoute | null {
  const url = new URL(pathAndQuery, "http://agent.invalid");
  // The pod proxy may hand the path on with a trailing slash; it names the same thing.
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  if (path === AGENT_HEALTH_PATH) return { kind: "health" };
  if (path === AGENT_VERSION_PATH) return { kind: "version" };
  if (path === AGENT_CGROUPS_PATH) return { kind: "node-cgroups" };
  const parts = path.split("/");
  // ["", "v1", "pods", ns, name, view]
  if (parts.length !== 6 || parts[0] !== "" || parts[1] !== AGENT_API || parts[2] !== "pods") return null;
  const view = parts[5] as AgentPodView;
  if (!AGENT_POD_VIEWS.includes(view)) return null;
  let namespace: string, name: string;
  try {
    namespace = decodeURIComponent(parts[3]);
    name = decodeURIComponent(parts[4]);
  } catch {
    return null; // malformed %-escape: not a path this agent serves
  }
  if (!namespace || !name) return null;
  const uid = url.searchParams.get("uid") || undefined;
  return { kind: "pod", view, namespace, name, ...(uid && { uid }) };
}
