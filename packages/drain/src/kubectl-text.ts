// kubectl drain's wording for the lines it prints (k8s.io/kubectl/pkg/drain, cmd/drain), measured against kubectl
// 1.34: one definition for the simulator and the live drain, so both speak exactly as kubectl does.
import { goDuration } from "@podscope/core";
import { EVICTION_RETRY_SECONDS } from "./kubectl-intervals";

/** utilerrors.NewAggregate(...).Error(): one error as is, several in brackets. */
export function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}

export const cordonLine = (node: string, wasCordoned: boolean) => (wasCordoned ? `node/${node} cordoned` : `node/${node} already cordoned`);
export const warningLine = (warnings: string[]) => `Warning: ${warnings.join("; ")}`;
export const evictingLine = (ns: string, name: string) => `evicting pod ${ns}/${name}`;
export const retryLine = (ns: string, name: string, msg: string) =>
  `error when evicting pods/"${name}" -n "${ns}" (will retry after ${EVICTION_RETRY_SECONDS}s): ${msg}`;
export const terminatingNamespaceRetryLine = (ns: string, name: string, msg: string) =>
  `error when evicting pod "${name}" from terminating namespace "${ns}" (will retry after ${EVICTION_RETRY_SECONDS}s): ${msg}`;
export const evictErrorLine = (ns: string, name: string, msg: string) => `error when evicting pods/"${name}" -n "${ns}": ${msg}`;
export const waitErrorLine = (name: string, msg: string) => `error when waiting for pod "${name}" terminating: ${msg}`;
export const podGoneLine = (name: string, verb: "evicted" | "deleted") => `pod/${name} ${verb}`;
export const skipWaitLine = (name: string, seconds: number) =>
  `pod "${name}" has DeletionTimestamp older than ${seconds} seconds, skipping`;
export const drainedLine = (node: string) => `node/${node} drained`;
/** The error of an expired --timeout: "global timeout reached: 30s". */
export const globalTimeoutMessage = (timeoutSeconds: number) => `global timeout reached: ${goDuration(timeoutSeconds * 1000)}`;
/** The one error of --disable-eviction's single wait when --timeout expires (wait.PollImmediate). */
export const WAIT_TIMEOUT_MESSAGE = "timed out waiting for the condition";

/** What kubectl lists when an error ended the drain while pods were still there to delete. */
export function pendingPodsLines(node: string, errs: string[], pods: string[]): string[] {
  if (pods.length === 0) return [];
  return [`There are pending pods in node "${node}" when an error occurred: ${aggregate(errs)}`, ...pods.map((p) => `pod/${p}`)];
}

/** The closing lines kubectl prints when a node could not be drained: each error last, on its own line. */
export function unableToDrainLines(node: string, errs: string[]): string[] {
  return [
    `error: unable to drain node "${node}" due to error: ${aggregate(errs)}, continuing command...`,
    "There are pending nodes to be drained:",
    ` ${node}`,
    ...errs,
  ];
}
