// Labels and annotations on CRI sandboxes and containers. The io.kubernetes.* keys are the ones
// kubelet writes (so tools that know kubelet's conventions read ours too); the podscope.io keys
// mark what this node manages and carry what adoption after a restart needs.

export const MANAGED_LABEL = "podscope.io/managed";
export const POD_NAME_LABEL = "io.kubernetes.pod.name";
export const POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
export const POD_UID_LABEL = "io.kubernetes.pod.uid";
export const CONTAINER_NAME_LABEL = "io.kubernetes.container.name";

/** The whole Pod (metadata + spec) as JSON on the sandbox: enough to rebuild the worker after a restart. */
export const POD_ANNOTATION = "podscope.io/pod";
/** Which list a container belongs to: "init" or "regular". */
export const CONTAINER_KIND_ANNOTATION = "podscope.io/container-kind";
export const RESTART_COUNT_ANNOTATION = "io.kubernetes.container.restartCount";
export const GRACE_ANNOTATION = "io.kubernetes.pod.terminationGracePeriod";

export const MANAGED_SELECTOR = { [MANAGED_LABEL]: "true" };
