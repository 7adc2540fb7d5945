// A cluster's node views (packages/inspect's NodeInspector shape) through the agent on each node: a pod's
// node comes from the caller's pod cache (spec.nodeName) and its UID goes along, so the agent answers for
// this incarnation only. The JSON is the agent's, which is inspect's own: a cluster pod and a local pod
// draw from the same shapes.
import {
  AGENT_CGROUPS_PATH,
  agentPodPath,
  type AgentPodRuntime,
  type AgentPodView,
  type CgroupNode,
  type LsnsJson,
  type PodProcessesJson,
} from "@podscope/agent";
import { KubeError, type Pod } from "@podscope/core";
import type { AgentClient } from "./client";
import { unscheduledFailure } from "./failure";

export interface PodRef {
  namespace: string;
  name: string;
}

export class AgentInspector {
  constructor(
    readonly agents: AgentClient,
    /** The pod as the source knows it (its cache); throws NotFound when there is none. */
    private readonly getPod: (namespace: string, name: string) => Promise<Pod>,
    private readonly context: string,
  ) {}

  /** One pod's cgroup tree, or with `node` and no pod that node's whole kubepods tree. */
  async cgroups(pod?: PodRef, opts: { node?: string } = {}): Promise<CgroupNode> {
    if (pod) return this.pod<CgroupNode>(pod, "cgroups");
    if (!opts.node)
      throw new KubeError("BadRequest", `context "${this.context}" has many nodes: name the node whose kubepods cgroup tree to show`, {
        context: this.context,
      });
    return this.agents.get<CgroupNode>(opts.node, AGENT_CGROUPS_PATH);
  }

  namespaces(pod: PodRef): Promise<LsnsJson> {
    return this.pod<LsnsJson>(pod, "namespaces");
  }

  processes(pod: PodRef): Promise<PodProcessesJson> {
    return this.pod<PodProcessesJson>(pod, "processes");
  }

  /** The pod's sandbox and containers as the node's container runtime reports them (CRI). */
  runtime(pod: PodRef): Promise<AgentPodRuntime> {
    return this.pod<AgentPodRuntime>(pod, "runtime");
  }

  private async pod<T>(ref: PodRef, view: AgentPodView): Promise<T> {
    const pod = await this.getPod(ref.namespace, ref.name);
    const node = pod.spec?.nodeName;
    if (!node) throw unscheduledFailure(this.context, { ...ref, phase: pod.status?.phase });
    return this.agents.get<T>(node, agentPodPath(ref.namespace, ref.name, view, pod.metadata.uid));
  }
}
