// Which agent pod serves a node, and what its status says — pure, over the pods a LIST returned.
import { kubectlPodStatus, type Pod } from "@podscope/core";

/** What the messages need to know of an agent pod. */
export interface AgentPodFacts {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  phase: string;
  ready: boolean;
  /** kubectl's STATUS column: Running, ContainerCreating, CrashLoopBackOff, ImagePullBackOff, Terminating … */
  status: string;
  /** The words kubelet left: the pod's status message, else the first waiting or terminated container's. */
  message?: string;
  /** Marked for deletion: a DaemonSet being removed, or a pod being replaced. */
  terminating: boolean;
}

export function agentPodFacts(pod: Pod): AgentPodFacts {
  const st = pod.status ?? {};
  const containers = st.containerStatuses ?? [];
  const stuck = containers.map((c) => c.state?.waiting?.message ?? c.state?.terminated?.message).find((m) => !!m);
  return {
    namespace: pod.metadata.namespace ?? "",
    name: pod.metadata.name ?? "",
    uid: pod.metadata.uid ?? "",
    node: pod.spec?.nodeName ?? "",
    phase: st.phase ?? "Unknown",
    ready: (st.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    status: kubectlPodStatus(pod),
    ...(st.message || stuck ? { message: st.message || stuck } : {}),
    terminating: !!pod.metadata.deletionTimestamp,
  };
}

/**
 * The agent pod for `node` among `pods` (a LIST by label, maybe wider than one node): one scheduled on
 * that node, a Ready one first, then a Running one, never one being deleted when another exists; the
 * newest wins a tie (a DaemonSet's replacement). Undefined when none runs on the node.
 */
export function chooseAgentPod(pods: Pod[], node: string): Pod | undefined {
  const rank = (p: Pod) => {
    const f = agentPodFacts(p);
    return (f.terminating ? 0 : 4) + (f.ready ? 2 : 0) + (f.phase === "Running" ? 1 : 0);
  };
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? "") || 0;
  return pods
    .filter((p) => p.spec?.nodeName === node)
    .sort((a, b) => rank(b) - rank(a) || created(b) - created(a))
    .at(0);
}
