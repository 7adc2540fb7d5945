// A cluster pod's node views through the agent on its node: the pod's node comes from the caller's pod
// cache (spec.nodeName), its UID goes along so the agent answers for this incarnation only. The JSON
// shapes are the agent's (packages/inspect's), named by the caller: this package does not import them.
import type { Pod } from "@podscope/core";
import type { AgentClient } from "./client";
import { unscheduledFailure } from "./failure";

/** The views the agent serves per pod: /v1/pods/{namespace}/{name}/{view}. */
export type AgentPodView = "cgroups" | "namespaces" | "processes" | "runtime";

export class AgentInspector {
  constructor(
    readonly agents: AgentClient,
    /** The pod as the source knows it (its cache); throws NotFound when there is none. */
    private readonly getPod: (namespace: string, name: string) => Promise<Pod>,
    private readonly context: string,
  ) {}

  /** One view of one pod, from the agent on the pod's node. */
  async pod<T>(ref: { namespace: string; name: string }, view: AgentPodView): Promise<T> {
    const pod = await this.getPod(ref.namespace, ref.name);
    const node = pod.spec?.nodeName;
    if (!node) throw unscheduledFailure(this.context, { ...ref, phase: pod.status?.phase });
    const path = `/v1/pods/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}/${view}`;
    return this.agents.get<T>(node, path, pod.metadata.uid ? { uid: pod.metadata.uid } : undefined);
  }

  /** The node's whole kubepods cgroup tree. */
  async nodeCgroups<T>(node: string): Promise<T> {
    return this.agents.get<T>(node, "/v1/cgroups");
  }
}
