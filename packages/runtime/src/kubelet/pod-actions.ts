// What one sync of a pod must do, decided from what the runtime shows (kubelet's
// kuberuntime_manager.go computePodActions): stop the pod, (re)create its sandbox, which
// containers to kill and why, which to start now and which wait in back-off. Pure: the pod, the
// runtime's view, the clock and the back-off entries come in; PodActions go out. The pod worker
// observes, calls this, and carries the actions out.
import { isRestartableInitContainer, RestartBackoff, type BackoffState, type Container, type Pod } from "@podscope/core";
import type { CRI } from "../cri";
import type { ContainerKind } from "./container-config";

/** One container instance as the runtime reports it. */
export interface ObservedInstance {
  id: string;
  /** The sandbox it was created in: one of an older sandbox must run again in the new one. */
  sandboxId: string;
  state: CRI.ContainerState;
  exitCode: number;
  /** When it exited, in ms since the epoch (0 while it has not). */
  finishedAtMs: number;
}

/** The runtime's and the prober's view of one container of the pod. */
export interface ObservedContainer {
  /** The newest instance, if one was ever created. */
  current?: ObservedInstance;
  /** The probe of the current instance whose published result is Failure (liveness, or startup). */
  failedProbe?: "liveness" | "startup";
  /** No startup probe, or it succeeded: what a sidecar must reach before the next init container. */
  started: boolean;
}

export interface ObservedPod {
  /** The pod's current sandbox, if it has one; `ready` false once its pause process is gone. */
  sandbox?: { id: string; ready: boolean };
  /** By container name (init and regular containers share one namespace of names). */
  containers: Record<string, ObservedContainer>;
}

export interface ContainerRef {
  name: string;
  kind: ContainerKind;
}

export type KillReason =
  /** The pod is being deleted. */
  | "Terminating"
  /** Its sandbox died: everything in it goes before a new one is made. */
  | "SandboxChanged"
  /** Its liveness or startup probe failed. */
  | "ProbeFailed"
  /** The pod has nothing left to run (sidecars of a finished pod). */
  | "PodFinished";

export interface ContainerToKill extends ContainerRef {
  reason: KillReason;
  /** The Killing event's message; none for containers of a dead sandbox (kubelet kills the pod as a whole there). */
  message?: string;
}

export interface ContainerToStart extends ContainerRef {
  /** A restart after an exit at this time: the restart arms the container's back-off from it. */
  restartAfterExitAtMs?: number;
}

export interface ContainerInBackOff extends ContainerRef {
  backoffMs: number;
  /** Not before this time (ms since the epoch): CrashLoopBackOff until then. */
  restartAtMs: number;
}

export interface PodActions {
  /** Stop the sandbox (after the kills): the pod finished, failed, is being deleted, or lost its sandbox for good. */
  killPod: boolean;
  /** The sandbox died under a pod that still runs: SandboxChanged, and it is replaced. */
  sandboxChanged: boolean;
  /** Run a (new) sandbox. Containers are decided again once it is there. */
  createSandbox: boolean;
  /** Containers to stop, in order: sidecars last, in reverse order. */
  containersToKill: ContainerToKill[];
  /** Containers to start now, in order (an init container is started alone). */
  containersToStart: ContainerToStart[];
  /** Containers due for a restart that must wait. */
  backOff: ContainerInBackOff[];
}

export interface PodActionsInput {
  pod: Pod;
  observed: ObservedPod;
  nowMs: number;
  /** The pod's restart back-off entries (read only here; the worker arms them when it restarts). */
  backoff: BackoffState;
  /** The pod is being deleted: everything is killed and nothing starts. */
  terminating?: boolean;
}

/** Whether an exited container of a pod with this restartPolicy runs again. */
export function shouldRestart(policy: string, exitCode: number): boolean {
  if (policy === "Always") return true;
  if (policy === "OnFailure") return exitCode !== 0;
  return false;
}

/** The back-off entry of one container (kept with the pod's saved state: do not change the format). */
export function backoffKey(pod: Pod, container: string): string {
  return `${pod.metadata.uid ?? ""}/${container}`;
}

const exited = (i: ObservedInstance | undefined): i is ObservedInstance => i?.state === "CONTAINER_EXITED";
/** Created, running or unknown: something the runtime may still have to stop. */
const active = (i: ObservedInstance | undefined): i is ObservedInstance => !!i && i.state !== "CONTAINER_EXITED";

export function computePodActions({ pod, observed, nowMs, backoff, terminating = false }: PodActionsInput): PodActions {
  const actions: PodActions = {
    killPod: false,
    sandboxChanged: false,
    createSandbox: false,
    containersToKill: [],
    containersToStart: [],
    backOff: [],
  };
  const policy = pod.spec.restartPolicy ?? "Always";
  const inits = pod.spec.initContainers ?? [];
  const all: [Container, ContainerKind][] = [
    ...inits.map((c) => [c, "init"] as [Container, ContainerKind]),
    ...pod.spec.containers.map((c) => [c, "regular"] as [Container, ContainerKind]),
  ];
  const seen = (name: string): ObservedContainer => observed.containers[name] ?? { started: false };
  const killActive = (reason: KillReason, message?: (name: string) => string | undefined) => {
    // Regular and ordinary init containers together; sidecars after them, last started first (kubelet's order).
    const sidecars = inits.filter(isRestartableInitContainer).reverse();
    const others = all.filter(([c]) => !isRestartableInitContainer(c));
    for (const [c, kind] of [...others, ...sidecars.map((c) => [c, "init"] as [Container, ContainerKind])]) {
      if (active(seen(c.name).current)) actions.containersToKill.push({ name: c.name, kind, reason, message: message?.(c.name) });
    }
  };

  // A pod being deleted, or one that reached Succeeded/Failed, runs nothing again.
  const phase = pod.status?.phase;
  if (terminating || phase === "Succeeded" || phase === "Failed") {
    killActive(terminating ? "Terminating" : "PodFinished", (name) => `Stopping container ${name}`);
    // A deletion removes the sandbox whatever its state; a finished pod's is stopped once.
    actions.killPod = terminating ? !!observed.sandbox : !!observed.sandbox?.ready;
    return actions;
  }

  const sandbox = observed.sandbox;
  if (!sandbox?.ready) {
    const ran = all.some(([c]) => seen(c.name).current);
    if (sandbox && policy === "Never" && ran) {
      // Nothing may run twice: what is left is stopped and the pod finishes with what it has.
      killActive("SandboxChanged");
      actions.killPod = true;
      return actions;
    }
    killActive("SandboxChanged");
    actions.sandboxChanged = !!sandbox;
    actions.createSandbox = true;
    return actions;
  }

  const b = new RestartBackoff(structuredClone(backoff));
  /** A restart of an exited instance: now, or after its back-off. */
  const restart = (c: Container, kind: ContainerKind, inst: ObservedInstance) => {
    const key = backoffKey(pod, c.name);
    if (b.isInBackoffSince(key, inst.finishedAtMs, nowMs)) {
      const backoffMs = b.get(key);
      actions.backOff.push({ name: c.name, kind, backoffMs, restartAtMs: inst.finishedAtMs + backoffMs });
    } else {
      actions.containersToStart.push({ name: c.name, kind, restartAfterExitAtMs: inst.finishedAtMs });
    }
  };
  /** An instance made in this sandbox; one of an older sandbox counts as never run. */
  const fresh = (name: string): ObservedInstance | undefined => {
    const cur = seen(name).current;
    return cur && cur.sandboxId === sandbox.id ? cur : undefined;
  };

  // Probe failures: the container is killed; its restart is decided when it has exited.
  for (const [c, kind] of all) {
    const o = seen(c.name);
    if (!o.failedProbe || o.current?.state !== "CONTAINER_RUNNING") continue;
    const restarts = policy !== "Never" || isRestartableInitContainer(c);
    actions.containersToKill.push({
      name: c.name,
      kind,
      reason: "ProbeFailed",
      message: `Container ${c.name} failed ${o.failedProbe} probe${restarts ? ", will be restarted" : ""}`,
    });
  }
  const killed = new Set(actions.containersToKill.map((k) => k.name));

  // Init containers, in order, each to completion; a sidecar (restartPolicy Always) only until it
  // has started, and then it keeps running beside the others.
  const initialized = pod.spec.containers.some((c) => fresh(c.name));
  let initDone = true;
  let initFailed = false;
  if (!initialized) {
    for (const c of inits) {
      const inst = fresh(c.name);
      if (!inst) {
        actions.containersToStart.push({ name: c.name, kind: "init" });
        initDone = false;
        break;
      }
      if (isRestartableInitContainer(c)) {
        if (exited(inst)) {
          restart(c, "init", inst);
          initDone = false;
          break;
        }
        if (seen(c.name).started && !killed.has(c.name)) continue;
        initDone = false;
        break;
      }
      if (!exited(inst)) {
        initDone = false;
        break;
      }
      if (inst.exitCode === 0) continue;
      initDone = false;
      // A failed init container blocks the rest; it is retried unless the pod never restarts, which then fails.
      if (policy === "Never") initFailed = true;
      else restart(c, "init", inst);
      break;
    }
  }
  if (initFailed) return finish(actions, killActive);
  if (!initDone) return actions;

  for (const c of pod.spec.containers) {
    const inst = seen(c.name).current;
    if (!inst) actions.containersToStart.push({ name: c.name, kind: "regular" });
    else if (exited(inst) && shouldRestart(policy, inst.exitCode)) restart(c, "regular", inst);
  }

  // Nothing of the app runs or will run again: the pod is done; its sidecars and sandbox go.
  // (One killed for a probe comes back unless the pod never restarts: its exit code will not be 0.)
  const appRuns = pod.spec.containers.some((c) => active(seen(c.name).current) && (!killed.has(c.name) || policy !== "Never"));
  if (!appRuns && !actions.containersToStart.length && !actions.backOff.length) return finish(actions, killActive);
  // Sidecars of an initialized pod are kept running, whatever the pod's restartPolicy.
  if (initialized) {
    for (const c of inits.filter(isRestartableInitContainer)) {
      const inst = fresh(c.name);
      if (!inst) actions.containersToStart.unshift({ name: c.name, kind: "init" });
      else if (exited(inst)) restart(c, "init", inst);
    }
  }
  return actions;
}

/** The pod will run nothing again: whatever still runs (sidecars) is stopped, then the sandbox. */
function finish(actions: PodActions, killActive: (reason: KillReason, message: (name: string) => string) => void): PodActions {
  killActive("PodFinished", (name) => `Stopping container ${name}`);
  // A container already killed for a probe is killed once, for that reason.
  const once = new Set<string>();
  actions.containersToKill = actions.containersToKill.filter((k) => (once.has(k.name) ? false : (once.add(k.name), true)));
  actions.killPod = true;
  return actions;
}
