// Pod phase as kubelet derives it from the container statuses (kubelet_pods.go getPhase).
// The phase is a summary, not a state machine: it is recomputed from scratch on every sync,
// except that a pod which reached Succeeded or Failed stays there (the containers are never
// restarted again, so a later status must not resurrect it).
import type { Container, ContainerStatus, Pod, PodPhase } from "./types";

/** Sidecar-style init containers ("restartPolicy: Always" on an init container) keep running beside the app. */
export function isRestartableInitContainer(c: Container): boolean {
  return c.restartPolicy === "Always";
}

function statusOf(statuses: ContainerStatus[] | undefined, name: string): ContainerStatus | undefined {
  return statuses?.find((s) => s.name === name);
}

export interface PhaseInput {
  spec: Pod["spec"];
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  /** The phase written last time; Succeeded and Failed are kept. */
  previousPhase?: PodPhase;
  /** True once kubelet decided the pod will run nothing again (deleted, or every container finished for good). */
  podIsTerminal?: boolean;
  /**
   * Whether a regular container already started (kubelet's HasAnyActiveRegularContainerStarted).
   * A sidecar that restarts later must not send an initialized pod back to Pending.
   * Derived from the container statuses when not given.
   */
  podHasInitialized?: boolean;
}

export function podPhase(input: PhaseInput): PodPhase {
  const prev = input.previousPhase;
  if (prev === "Succeeded" || prev === "Failed") return prev;
  return computePhase(input);
}

function computePhase({ spec, initContainerStatuses, containerStatuses, podIsTerminal, podHasInitialized }: PhaseInput): PodPhase {
  const initialized =
    podHasInitialized ??
    spec.containers.some((c) => {
      const s = statusOf(containerStatuses, c.name);
      return !!s && (!!s.state?.running || !!s.state?.terminated || !!s.lastState?.terminated);
    });
  const restartPolicy = spec.restartPolicy ?? "Always";
  let pendingInit = 0;
  let pendingSidecars = 0;
  let failedInit = 0;

  for (const c of spec.initContainers ?? []) {
    if (isRestartableInitContainer(c)) continue;
    const s = statusOf(initContainerStatuses, c.name);
    if (!s || !s.state) {
      pendingInit++;
      continue;
    }
    if (s.state.running) pendingInit++;
    else if (s.state.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.state.waiting) {
      // A waiting init container that already failed once (back-off before its retry) counts as failed.
      const last = s.lastState?.terminated;
      if (last) {
        if (last.exitCode !== 0) failedInit++;
      } else pendingInit++;
    } else pendingInit++;
  }

  let unknown = 0,
    running = 0,
    waiting = 0,
    stopped = 0,
    succeeded = 0;

  for (const c of spec.initContainers ?? []) {
    if (!isRestartableInitContainer(c)) continue;
    const s = statusOf(initContainerStatuses, c.name);
    if (!s || !s.state) {
      unknown++;
      continue;
    }
    if (s.state.running) {
      if (!s.started) pendingSidecars++;
      running++;
    } else if (s.state.terminated) {
      /* a stopped sidecar is neither running nor stopped for the phase */
    } else if (s.state.waiting) {
      if (!s.lastState?.terminated) {
        pendingSidecars++;
        waiting++;
      }
    } else {
      pendingSidecars++;
      unknown++;
    }
  }

  for (const c of spec.containers) {
    const s = statusOf(containerStatuses, c.name);
    if (!s || !s.state) {
      unknown++;
      continue;
    }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  if (failedInit > 0 && restartPolicy === "Never") return "Failed";
  if (pendingInit > 0 || (pendingSidecars > 0 && !initialized) || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (restartPolicy === "Always") return "Running"; // all of them are on their way to a restart
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running"; // OnFailure: the failed ones will be restarted
  }
  return "Pending";
}
