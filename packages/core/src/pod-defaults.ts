// Values the API server writes into a pod that leaves them out (pkg/apis/core/v1 defaults), for code that reads a
// pod that never went through it (the local node's manifests, snapshot files, the simulator).

/** spec.terminationGracePeriodSeconds when unset: SIGTERM, then SIGKILL 30 s later. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
