// One node's podscope agent as `podscope agent status` shows it: the pod the client chose for the node, what
// the agent answered at /v1/version, and when something is wrong the AgentError's problem and words — the
// client decides them (./client.ts, ./failure.ts); this file only puts them in one JSON row.
import type { KubeError } from "@podscope/core";
import type { AgentVersionInfo } from "@podscope/agent";
import { AgentError, type AgentProblem } from "./failure";
import type { AgentPodFacts } from "./pod";

export interface AgentNodeStatus {
  node: string;
  /** The agent pod serving the node (Ready preferred), when there is one. */
  pod?: { namespace: string; name: string; ready: boolean; status: string };
  /** What the agent answered at /v1/version — also when it is another version than this podscope's. */
  agent?: { version: string; api: string; runtime: AgentVersionInfo["runtime"]; cgroup?: AgentVersionInfo["cgroup"] };
  /** What is wrong, for a client to branch on (AgentProblem); absent when the agent answers as this podscope's. */
  problem?: AgentProblem;
  /** The problem in a table's few words (AGENT_PROBLEM_WORDS): "missing", "not ready", "other version" … */
  summary?: string;
  /** The problem in the client's words (which pod, which permission, what to run). */
  message?: string;
}

/** The row of one node; `error` is the AgentError the client met, or the agent's own refusal (a KubeError). */
export function nodeStatus(node: string, pod?: AgentPodFacts, found?: AgentVersionInfo, error?: KubeError): AgentNodeStatus {
  return {
    node,
    ...(pod ? { pod: { namespace: pod.namespace, name: pod.name, ready: pod.ready, status: pod.status } } : {}),
    ...(found && typeof found === "object"
      ? {
          agent: {
            version: found.version ?? "",
            api: found.api ?? "",
            // Another agent's answer may lack these: what it says is shown, nothing is made up.
            runtime: found.runtime ?? { name: "", version: "" },
            ...(found.cgroup ? { cgroup: found.cgroup } : {}),
          },
        }
      : {}),
    // An error that is not an AgentError is the agent's own answer passed through (its runtime down …): "failed".
    ...(error ? problemOf(error) : {}),
  };
}

function problemOf(error: KubeError): Pick<AgentNodeStatus, "problem" | "summary" | "message"> {
  const problem = error instanceof AgentError ? error.problem : "failed";
  return { problem, summary: AGENT_PROBLEM_WORDS[problem], message: error.message };
}

/** Each problem in a table's few words (the message says the rest). */
export const AGENT_PROBLEM_WORDS: Readonly<Record<AgentProblem, string>> = Object.freeze({
  missing: "missing",
  notReady: "not ready",
  notAnswering: "not answering",
  versionMismatch: "other version",
  forbidden: "forbidden",
  unscheduled: "unscheduled",
  failed: "failed",
});
