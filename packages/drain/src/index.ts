// @podscope/drain: a pure, deterministic rehearsal of `kubectl drain` on a cluster snapshot.
export * from "./types";
export { loadSnapshot, snapshotFromObjects, emptySnapshot, SnapshotError, type LoadedSnapshot } from "./snapshot";
export { simulateDrain, simulateRollingDrain, DrainInputError } from "./simulate";
export { toDrainJson, toKubectlText } from "./output";
export { parseGoDuration, DurationError } from "./duration";
export { matchesSelector } from "./selectors";
export {
  filterPod,
  groupMessages,
  DAEMONSET_FATAL,
  DAEMONSET_WARNING,
  LOCAL_STORAGE_FATAL,
  LOCAL_STORAGE_WARNING,
  UNMANAGED_FATAL,
  UNMANAGED_WARNING,
} from "./filters";
export { computePdbStatus, scaledValue, DISRUPTED_POD_TIMEOUT_SECONDS, type PdbComputed, type PdbPodView } from "./pdb";
export { evaluateEviction, MULTIPLE_PDBS, VIOLATES_BUDGET, type EvictionAnswer, type PdbStatusView } from "./eviction";
export { schedule, fitErrorMessage, tolerates, type SchedNode, type SchedulingInput } from "./scheduler";
export { READY_AFTER, PRESTOP, EXIT_AFTER_SIGTERM, terminationPlan } from "./timing";
export {
  DRAIN_FLAGS,
  KUBECTL_DRAIN_FLAGS,
  DrainFlagError,
  flagByName,
  flagByField,
  parseFlagText,
  flagValueProblem,
  checkDrainFlags,
  gracePeriodOverride,
  LIVE_GRACE_PERIOD_ZERO,
  type DrainFlags,
  type RehearsalFlags,
  type DrainFlagSpec,
  type DrainFlagType,
  type DrainFlagField,
  type DrainFlagName,
} from "./flags";
export {
  parseDrainArgs,
  parseDrainHeader,
  requestFromCommand,
  scenarioHeader,
  type DrainCommand,
  type ScenarioHeader,
} from "./drain-command";
export * from "./kubectl-text";
export * from "./kubectl-intervals";
export { actionFor, initialReport } from "./pod-report";
export { type FilterStatus, type FilterReason, type FilterFlags } from "./filters";
export { rankForNodePressure, nodePressureMessage, type PodUsage, type PressureSignal } from "./node-pressure";
export { noExecuteEviction, type Taint, type TaintEviction } from "./taint-eviction";
export { serverDryRunAnswers, type DryRunAnswer } from "./dry-run";
export { compareDrains, type DrainComparison, type PodDifference } from "./compare";
