// Pod conditions as kubelet writes them (status/generate.go and the status manager).
// The generators are pure functions of the spec and the container statuses; `mergeConditions`
// applies the status manager's rule that lastTransitionTime only moves when the status flips.
import { isRestartableInitContainer } from "./phase";
import type { ConditionStatus, ContainerStatus, Pod, PodCondition, PodPhase } from "./types";

export const PodScheduled = "PodScheduled";
export const PodReadyToStartContainers = "PodReadyToStartContainers";
export const PodInitialized = "Initialized";
export const ContainersReady = "ContainersReady";
export const PodReady = "Ready";
export const DisruptionTarget = "DisruptionTarget";

export const UnknownContainerStatuses = "UnknownContainerStatuses";
export const ContainersNotReady = "ContainersNotReady";
export const ContainersNotInitialized = "ContainersNotInitialized";
export const ReadinessGatesNotReady = "ReadinessGatesNotReady";
export const PodCompleted = "PodCompleted";
export const PodFailed = "PodFailed";

type Cond = Omit<PodCondition, "lastTransitionTime" | "lastProbeTime">;

/** Go prints a []string with %s as "[a b]"; kubelet's messages use that form. */
export function goStringList(names: string[]): string {
  return `[${names.join(" ")}]`;
}

function find(statuses: ContainerStatus[] | undefined, name: string): ContainerStatus | undefined {
  return statuses?.find((s) => s.name === name);
}

function terminalCondition(type: string, phase: PodPhase): Cond {
  const c: Cond = { type, status: "False" };
  if (phase === "Failed") c.reason = PodFailed;
  else if (phase === "Succeeded") c.reason = PodCompleted;
  return c;
}

export function readyToStartContainersCondition(sandboxReady: boolean): Cond {
  return { type: PodReadyToStartContainers, status: sandboxReady ? "True" : "False" };
}

export function initializedCondition(
  spec: Pod["spec"],
  initStatuses: ContainerStatus[] | undefined,
  containerStatuses: ContainerStatus[] | undefined,
  phase: PodPhase,
): Cond {
  const inits = spec.initContainers ?? [];
  if (initStatuses === undefined && inits.length > 0) {
    return { type: PodInitialized, status: "False", reason: UnknownContainerStatuses };
  }
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const s = find(initStatuses, c.name);
    if (!s) {
      unknown.push(c.name);
      continue;
    }
    if (isRestartableInitContainer(c)) {
      if (!s.started) incomplete.push(c.name);
      continue;
    }
    if (!s.state?.terminated || s.state.terminated.exitCode !== 0) incomplete.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return { type: PodInitialized, status: "True", reason: PodCompleted };
  // Once an app container has started, the pod was initialized, even if a sidecar restarts later.
  const anyStarted = spec.containers.some((c) => {
    const s = find(containerStatuses, c.name);
    return !!s && (s.started === true || !!s.state?.running || !!s.state?.terminated || !!s.lastState?.terminated);
  });
  if (anyStarted) return { type: PodInitialized, status: "True" };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goStringList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goStringList(incomplete)}`);
  if (msgs.length) return { type: PodInitialized, status: "False", reason: ContainersNotInitialized, message: msgs.join(", ") };
  return { type: PodInitialized, status: "True" };
}

export function containersReadyCondition(
  spec: Pod["spec"],
  initStatuses: ContainerStatus[] | undefined,
  containerStatuses: ContainerStatus[] | undefined,
  phase: PodPhase,
): Cond {
  if (containerStatuses === undefined) return { type: ContainersReady, status: "False", reason: UnknownContainerStatuses };
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of spec.initContainers ?? []) {
    if (!isRestartableInitContainer(c)) continue;
    const s = find(initStatuses, c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  for (const c of spec.containers) {
    const s = find(containerStatuses, c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === "Succeeded" && unknown.length === 0) return terminalCondition(ContainersReady, phase);
  if (phase === "Failed") return terminalCondition(ContainersReady, phase);
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goStringList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goStringList(unready)}`);
  if (msgs.length) return { type: ContainersReady, status: "False", reason: ContainersNotReady, message: msgs.join(", ") };
  return { type: ContainersReady, status: "True" };
}

/** Ready copies ContainersReady, then every readiness gate must name a condition that is True. */
export function readyCondition(spec: Pod["spec"], conditions: Pick<PodCondition, "type" | "status">[], containersReady: Cond): Cond {
  if (containersReady.status !== "True") {
    const c: Cond = { type: PodReady, status: containersReady.status };
    if (containersReady.reason) c.reason = containersReady.reason;
    if (containersReady.message) c.message = containersReady.message;
    return c;
  }
  const msgs: string[] = [];
  for (const g of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
    else if (c.status !== "True") msgs.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: PodReady, status: "False", reason: ReadinessGatesNotReady, message: msgs.join(", ") };
  return { type: PodReady, status: "True" };
}

export interface PodConditionsInput {
  pod: Pod;
  phase: PodPhase;
  sandboxReady: boolean;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  /** The conditions written last time (for lastTransitionTime, PodScheduled and readiness-gate conditions set by others). */
  previous?: PodCondition[];
  now: Date;
  /**
   * metadata.generation of the pod this status was computed for. Kubelets from 1.34 on (pod
   * observedGeneration tracking) stamp it on the conditions they own; leave it out to model older ones.
   */
  observedGeneration?: number;
}

const KUBELET_OWNED = new Set([PodReadyToStartContainers, PodInitialized, PodReady, ContainersReady]);

/**
 * The full condition list kubelet would write, in kubelet's order (PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady, then the conditions others own, PodScheduled among them).
 */
export function podConditions(input: PodConditionsInput): PodCondition[] {
  const { pod, phase, previous = [] } = input;
  const others = previous.filter((c) => !KUBELET_OWNED.has(c.type));
  const containersReady = containersReadyCondition(pod.spec, input.initContainerStatuses, input.containerStatuses, phase);
  const generated: Cond[] = [
    readyToStartContainersCondition(input.sandboxReady),
    initializedCondition(pod.spec, input.initContainerStatuses, input.containerStatuses, phase),
    readyCondition(pod.spec, others, containersReady),
    containersReady,
  ].map((c) => (input.observedGeneration === undefined ? c : { ...c, observedGeneration: input.observedGeneration }));
  return mergeConditions(previous, [...generated, ...others], input.now);
}

/** lastTransitionTime is kept from the previous condition of the same type unless its status changed. */
export function mergeConditions(previous: PodCondition[], next: Cond[], now: Date): PodCondition[] {
  const stamp = isoSeconds(now);
  return next.map((c) => {
    const old = previous.find((p) => p.type === c.type);
    const lastTransitionTime =
      old && old.status === c.status && old.lastTransitionTime
        ? old.lastTransitionTime
        : "lastTransitionTime" in c && typeof c.lastTransitionTime === "string"
          ? c.lastTransitionTime
          : stamp;
    return { ...c, lastProbeTime: null, lastTransitionTime };
  });
}

export function condition(conditions: PodCondition[] | undefined, type: string): PodCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function conditionStatus(conditions: PodCondition[] | undefined, type: string): ConditionStatus | undefined {
  return condition(conditions, type)?.status;
}

/** Kubernetes serialises metav1.Time with second precision. */
export function isoSeconds(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
