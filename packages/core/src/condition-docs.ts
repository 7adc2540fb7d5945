// What each pod condition type means and which part of Kubernetes writes it, in our own words, so the
// conditions table can answer "who decided this?" next to every row.

export interface ConditionDoc {
  type: string;
  /** The component that sets the condition. */
  setBy: string;
  /** One line: what the condition says when it is True. */
  meaning: string;
  /** Why it would be False, in a few words (what to look at). */
  whenFalse: string;
  /** true for the types Kubernetes itself defines; false for readiness gates and unknown types. */
  builtIn: boolean;
}

const DOCS: Record<string, Omit<ConditionDoc, "type" | "builtIn">> = {
  PodScheduled: {
    setBy: "kube-scheduler",
    meaning: "A node has been chosen for the pod and the binding was written.",
    whenFalse: "No node fits yet (resources, taints, affinity) or scheduling gates still hold the pod back.",
  },
  PodReadyToStartContainers: {
    setBy: "kubelet",
    meaning: "The sandbox exists: the pause container holds the pod's namespaces and the network is configured.",
    whenFalse: "The runtime is still creating the sandbox, or it failed (CNI, image of pause, runtime errors).",
  },
  Initialized: {
    setBy: "kubelet",
    meaning: "Every init container finished successfully (and native sidecars have started).",
    whenFalse: "An init container is still running, waiting, or failed.",
  },
  ContainersReady: {
    setBy: "kubelet",
    meaning: "Every container is running and passes its readiness probe.",
    whenFalse: "Some container is not running or is failing its readiness probe.",
  },
  Ready: {
    setBy: "kubelet",
    meaning: "The pod may receive traffic: containers are ready and every readiness gate is True.",
    whenFalse: "Containers are not ready, or a readiness gate is not yet True; Services skip this pod.",
  },
  DisruptionTarget: {
    setBy: "eviction API / taint manager / scheduler preemption / kubelet",
    meaning: "The pod is about to be removed by a disruption (eviction, preemption, taint, node shutdown or GC).",
    whenFalse: "No disruption is under way.",
  },
  PodResizePending: {
    setBy: "kubelet",
    meaning: "A requested in-place resource resize cannot be applied yet on this node.",
    whenFalse: "No resize is waiting.",
  },
  PodResizeInProgress: {
    setBy: "kubelet",
    meaning: "An in-place resize has been accepted and is being applied to the containers.",
    whenFalse: "No resize is being applied.",
  },
};

/** The documentation for a condition type. Types we don't know are assumed to be readiness gates set by a controller. */
export function conditionDoc(type: string): ConditionDoc {
  const d = DOCS[type];
  if (d) return { type, builtIn: true, ...d };
  return {
    type,
    setBy: "a controller outside Kubernetes (readiness gate)",
    meaning: "A custom condition, usually named in spec.readinessGates; Ready waits for it to be True.",
    whenFalse: "The controller that owns this condition has not confirmed the pod yet.",
    builtIn: false,
  };
}

/** The built-in pod condition types, in the order kubelet reports them. */
export const POD_CONDITION_TYPES = [
  "PodScheduled",
  "PodReadyToStartContainers",
  "Initialized",
  "ContainersReady",
  "Ready",
  "DisruptionTarget",
] as const;

// Reasons Kubernetes writes on pod conditions, in our words. Keyed by reason: each is used by one component.
const REASONS: Record<string, string> = {
  ContainersNotReady: "At least one container is not running or not passing its readiness probe (listed in the message).",
  ContainersNotInitialized: "Init containers have not all completed yet (listed in the message).",
  ReadinessGatesNotReady: "A condition named in spec.readinessGates is not True yet.",
  PodCompleted: "All containers finished successfully; the pod will not run again.",
  PodFailed: "The pod ended in the Failed phase; it will not run again.",
  UnknownContainerStatuses: "kubelet has no status for some containers yet.",
  Unschedulable: "The scheduler tried and found no node that fits; the message lists why per node.",
  SchedulingGated: "spec.schedulingGates holds the pod back from scheduling until a controller removes them.",
  SchedulerError: "The scheduler hit an internal error while placing the pod.",
  EvictionByEvictionAPI: "Someone (kubectl drain, an autoscaler, a controller) asked the eviction API to remove the pod.",
  PreemptionByScheduler: "The scheduler removes this pod to make room for a higher-priority pod.",
  DeletionByTaintManager: "The node got a NoExecute taint this pod does not tolerate.",
  DeletionByPodGC: "The pod garbage collector removes it (its node is gone, or it was orphaned).",
  TerminationByKubelet: "kubelet stops the pod itself (node-pressure eviction or graceful node shutdown).",
};

/** What a condition reason means, or undefined for reasons we do not know (custom controllers). */
export function conditionReasonDoc(reason: string | undefined): string | undefined {
  return reason ? REASONS[reason] : undefined;
}
