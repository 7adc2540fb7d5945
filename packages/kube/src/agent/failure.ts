// Why a node view of a cluster pod could not be had, in words a user can act on. Pure: the facts (the
// step that failed, the agent pod, the API server's answer) go in, one AgentError comes out, so every
// case is unit-tested without a cluster while the real tests prove the facts are what a cluster gives.
import { AGENT_NAME, AGENT_NAMESPACE } from "@podscope/agent";
import { KubeError, reasonOf, type KubeErrorReason } from "@podscope/core";
import type { AgentPodFacts } from "./pod";

/**
 * What went wrong, for a UI to branch on (the message says it in words):
 * - forbidden: RBAC denies listing the agent's pods or reading through pods/proxy;
 * - missing: no agent pod on the node (not installed, or its node selector excludes the node);
 * - notReady: an agent pod exists but is not running (pulling, crashing, being deleted);
 * - notAnswering: the API server could not reach the agent (died, refused, timed out, pod gone);
 * - versionMismatch: the agent speaks another API or is another version than this podscope;
 * - unscheduled: the inspected pod has no node yet;
 * - failed: the API server failed the list, or the agent answered with a failure of its own (its runtime down).
 */
export type AgentProblem = "forbidden" | "missing" | "notReady" | "notAnswering" | "versionMismatch" | "unscheduled" | "failed";

export class AgentError extends KubeError {
  override name = "AgentError";
  constructor(
    readonly problem: AgentProblem,
    reason: KubeErrorReason,
    message: string,
    opts: { code?: number; context?: string; cause?: unknown } = {},
  ) {
    super(reason, message, opts);
  }
}

/** An HTTP failure as the API server gave it: its code, its Status reason and its own message; code 0 = no answer in time. */
export interface HttpFailure {
  code: number;
  reason?: string;
  message: string;
  /** The Status details (a 404's kind/name say whether the agent pod itself is gone). */
  details?: { kind?: string; name?: string };
}

/** Where the agent was looked for. */
export interface AgentPlace {
  context: string;
  node: string;
  namespace: string;
  /** The label selector agent pods carry, to say what was looked for. */
  selector: string;
}

export interface AgentVersionFacts {
  agent?: string;
  api?: string;
  version?: string;
}

export type AgentFacts =
  /** Listing the agent's pods in its namespace failed. */
  | { step: "list"; error: HttpFailure }
  /** The list found a pod on the node, or none; a found pod reaches here only when it is not Running. */
  | { step: "find"; pod?: AgentPodFacts }
  /** GET through pods/proxy failed. */
  | { step: "proxy"; pod: AgentPodFacts; error: HttpFailure }
  /** The agent answered /v1/version with something else than what this podscope speaks. */
  | { step: "version"; pod: AgentPodFacts; found: AgentVersionFacts; expected: { api: string; version: string } };

/**
 * The command that installs this podscope's agent where it was looked for. The manifest's own namespace needs no
 * flag; any other (`podscope up --agent-namespace`, $PODSCOPE_AGENT_NAMESPACE on the server) is named, so the
 * line installs the agent where this server looks for it.
 */
export function installLine(namespace: string): string {
  const flag = namespace === AGENT_NAMESPACE ? "" : ` --namespace ${namespace}`;
  return `podscope agent manifest${flag} | kubectl apply -f -`;
}

export function agentFailure(place: AgentPlace, facts: AgentFacts): AgentError {
  const { context, node, namespace } = place;
  const on = `on node "${node}"`;
  const install = installLine(namespace);
  const err = (problem: AgentProblem, reason: KubeErrorReason, message: string, code?: number) =>
    new AgentError(problem, reason, message, { context, ...(code ? { code } : {}) });
  switch (facts.step) {
    case "list": {
      const e = facts.error;
      if (e.code === 403)
        return err(
          "forbidden",
          "Forbidden",
          `you cannot look for the podscope agent ${on}: user "${userOf(e.message)}" needs list on pods in namespace "${namespace}" (RBAC, context "${context}"): ${e.message}`,
        );
      return err(
        "failed",
        reasonOf(e.code, e.reason),
        `cannot look for the podscope agent ${on}: listing pods in namespace "${namespace}" failed (${e.code}${e.reason ? ` ${e.reason}` : ""}): ${e.message}`,
        e.code,
      );
    }
    case "find": {
      const p = facts.pod;
      if (!p)
        return err(
          "missing",
          "ServiceUnavailable",
          `no podscope agent ${on}: install it with ${install} (no pod labelled ${place.selector} runs there in namespace "${namespace}")`,
        );
      return err("notReady", "ServiceUnavailable", `the podscope agent ${on} (pod ${podName(p)}) is not running: ${podState(p)}`);
    }
    case "proxy": {
      const { pod: p, error: e } = facts;
      if (e.code === 403)
        return err(
          "forbidden",
          "Forbidden",
          `you cannot read the podscope agent ${on}: user "${userOf(e.message)}" needs get on pods/proxy in namespace "${namespace}" (RBAC, context "${context}"): ${e.message}`,
        );
      if (e.code === 404 && e.details?.kind === "pods" && e.details.name === p.name && p.namespace === namespace)
        return err(
          "notAnswering",
          "ServiceUnavailable",
          `the podscope agent ${on} (pod ${podName(p)}) is gone: the pod was deleted; look again in a moment, or install the agent with ${install}`,
        );
      if (answeredByAgent(e)) {
        // The agent itself failed (its runtime down, a timeout reading the host): its words, placed on its node.
        return err(
          "failed",
          reasonOf(e.code, e.reason),
          `the podscope agent ${on} (pod ${podName(p)}) answered ${e.code}: ${e.message}`,
          e.code,
        );
      }
      const state = p.ready && !p.terminating ? "" : ` (pod ${podState(p)})`;
      return err(
        "notAnswering",
        "ServiceUnavailable",
        `the podscope agent ${on} (pod ${podName(p)}) is not answering${state}: ${e.code ? `${e.code}${e.reason ? ` ${e.reason}` : ""}: ` : ""}${e.message}`,
      );
    }
    case "version": {
      const { pod: p, found, expected } = facts;
      const what =
        found.agent !== undefined && found.agent !== AGENT_NAME
          ? `answers as "${found.agent}", not as a podscope agent`
          : `is version ${found.version ?? "(none)"} speaking API ${found.api ?? "(none)"}; this podscope is version ${expected.version} speaking API ${expected.api}`;
      return err(
        "versionMismatch",
        "ServiceUnavailable",
        `the podscope agent ${on} (pod ${podName(p)}) ${what}: install the agent of this podscope with ${install}`,
      );
    }
  }
}

/**
 * Whether a failed GET through pods/proxy is the agent's own answer passed through (a Status it wrote) rather
 * than the API server failing to reach it. The API server's are 403 (RBAC), 502/504, a 503 "error trying to
 * reach service: …" (dial refused, timed out) and a 404 naming the agent pod; code 0 is no answer in time.
 */
export function answeredByAgent(e: HttpFailure): boolean {
  if (e.code === 0 || e.code === 401 || e.code === 403 || e.code === 502 || e.code === 504) return false;
  if (e.code === 503) return e.reason !== undefined && !e.message.startsWith(REACH_FAILURE);
  return true;
}

// The API server's proxy prefix when it cannot reach a pod (k8s.io/apimachinery's proxy error).
const REACH_FAILURE = "error trying to reach service";

/** A pod with no node yet has nothing to inspect: said as such, not as a missing agent. */
export function unscheduledFailure(context: string, pod: { namespace: string; name: string; phase?: string }): AgentError {
  return new AgentError(
    "unscheduled",
    "ServiceUnavailable",
    `pod ${pod.namespace}/${pod.name} is not scheduled to a node yet${pod.phase ? ` (phase ${pod.phase})` : ""}: its cgroups, namespaces and processes exist once a node runs it`,
    { context },
  );
}

function podName(p: AgentPodFacts): string {
  return `${p.namespace}/${p.name}`;
}

function podState(p: AgentPodFacts): string {
  const parts = [`phase ${p.phase}`];
  if (p.status && p.status !== p.phase) parts.push(p.status);
  if (p.phase === "Running" && !p.ready) parts.push("not Ready");
  if (p.terminating && p.status !== "Terminating") parts.push("being deleted");
  return parts.join(", ") + (p.message ? `: ${p.message}` : "");
}

// The API server names the user only in its own text: `… User "x" cannot get resource "pods/proxy" …`.
function userOf(serverMessage: string): string {
  return /User "([^"]*)"/.exec(serverMessage)?.[1] ?? "(unknown user)";
}
