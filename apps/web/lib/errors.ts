// Server and network errors in words a user understands, with what to do next.
import { TOKEN_NEEDED } from "./token";

export interface UserError {
  title: string;
  detail?: string;
  /** A node view of a cluster pod failed on the way to the node's podscope agent: which way (the server's AgentProblem). */
  agent?: string;
  /** A command that fixes it, to show apart from the words (the agent's install line). */
  fix?: string;
  line?: number;
  column?: number;
}

interface ErrorLike {
  message?: string;
  data?: { code?: string; httpStatus?: number; line?: number; column?: number; agent?: string | null } | null;
  cause?: unknown;
}

export function toUserError(err: unknown): UserError {
  const e = (err ?? {}) as ErrorLike;
  const message = typeof e.message === "string" ? e.message : typeof err === "string" ? err : "";
  const code = e.data?.code;
  const at = e.data && typeof e.data.line === "number" ? { line: e.data.line, column: e.data.column } : {};
  if (e.data?.agent) return agentError(e.data.agent, message);
  if (code === "UNAUTHORIZED" || (code === "FORBIDDEN" && /token/i.test(message))) return { title: TOKEN_NEEDED, detail: message };
  if (/Failed to fetch|NetworkError|ECONNREFUSED|fetch failed|Unexpected token '<'|Internal Server Error$/.test(message) && !code) {
    return { title: "The podscope server is not reachable.", detail: "Is `podscope up` still running? The page retries on its own." };
  }
  if (code === "NOT_FOUND") return { title: message || "Not found.", ...at };
  if (code === "FORBIDDEN") return { title: "The cluster refused this request (RBAC).", detail: message };
  if (code === "PRECONDITION_FAILED" || code === "METHOD_NOT_SUPPORTED") return { title: message };
  return { title: message || "Something went wrong.", ...at };
}

// What the node view of a cluster pod lacks, as a heading; the server's message (which node, which pod, which
// permission) follows it in full. Keys are the server's AgentProblem values.
const AGENT_TITLES: Record<string, string> = {
  missing: "No podscope agent on this node",
  forbidden: "You may not read this node's podscope agent (RBAC)",
  notReady: "The podscope agent on this node is not running",
  notAnswering: "The podscope agent on this node is not answering",
  versionMismatch: "The podscope agent on this node is another version",
  unscheduled: "The pod has no node yet",
  failed: "The podscope agent could not read this node",
};

/**
 * The install line in the server's words ("… install it with podscope agent manifest | kubectl apply -f - (…)"),
 * naming the namespace when the server looks for agents elsewhere than the manifest's default
 * ("podscope agent manifest --namespace ops-agents | kubectl apply -f -"; a namespace is a DNS label).
 */
const INSTALL_LINE = /install (?:it|the agent[^:]*?) with (podscope agent manifest(?: --namespace [a-z0-9-]+)? \| kubectl apply -f -)/;

function agentError(agent: string, message: string): UserError {
  const fix = INSTALL_LINE.exec(message)?.[1];
  return { title: AGENT_TITLES[agent] ?? "The node's podscope agent could not answer", detail: message, agent, ...(fix ? { fix } : {}) };
}
