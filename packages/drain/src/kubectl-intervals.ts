// How often kubectl drain and the API server retry (k8s.io/kubectl/pkg/drain, pkg/registry/.../eviction.go): one
// definition for the simulator's virtual clock and the live drain's real one.

/** After a 429 (a PodDisruptionBudget said no), kubectl asks again this much later. */
export const EVICTION_RETRY_SECONDS = 5;
/** waitForDelete polls the pod this often (the first poll at once) until it is gone or its UID changed. */
export const DELETE_POLL_SECONDS = 1;
/** The eviction handler's RetryOnConflict back-off step (500 ms, jitter left out) after a budget write conflict. */
export const CONFLICT_RETRY_SECONDS = 0.5;
