// CRI container statuses → v1 ContainerStatus, as kubelet converts them (kubelet_pods.go
// convertToAPIContainerStatuses): the newest instance gives state, the one before it lastState.
import { isoSeconds, type ContainerState, type ContainerStatus } from "@podscope/core";
import type { CRI } from "../cri";

export function nsToIso(ns: number): string | undefined {
  return ns > 0 ? isoSeconds(new Date(Math.floor(ns / 1e6))) : undefined;
}

export function containerId(id: string): string {
  return `containerd://${id}`;
}

/** The v1 state of one CRI instance. */
export function criState(s: CRI.ContainerStatus): ContainerState {
  switch (s.state) {
    case "CONTAINER_RUNNING":
      return { running: { startedAt: nsToIso(s.started_at) } };
    case "CONTAINER_EXITED": {
      const t: NonNullable<ContainerState["terminated"]> = {
        exitCode: s.exit_code,
        reason: s.reason || (s.exit_code === 0 ? "Completed" : "Error"),
      };
      if (s.message) t.message = s.message;
      const started = nsToIso(s.started_at);
      const finished = nsToIso(s.finished_at);
      if (started) t.startedAt = started;
      if (finished) t.finishedAt = finished;
      t.containerID = containerId(s.id);
      return { terminated: t };
    }
    case "CONTAINER_CREATED":
      return { waiting: { reason: "ContainerCreating" } };
    default:
      return { waiting: { reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated" } };
  }
}

export interface ContainerView {
  name: string;
  /** Image as the spec names it. */
  image: string;
  current?: CRI.ContainerStatus;
  previous?: CRI.ContainerStatus;
  restartCount: number;
  /** Why the container is not running (CrashLoopBackOff, ErrImageNeverPull, …): makes the state waiting. */
  waiting?: { reason: string; message?: string };
  /** Default waiting reason when nothing was created yet: ContainerCreating, or PodInitializing in pods with init containers. */
  defaultWaitingReason: string;
  started: boolean;
  ready: boolean;
  /** An init container: ready also once it has exited with success, as kubelet's prober manager reports it. */
  init?: boolean;
}

export function apiContainerStatus(v: ContainerView): ContainerStatus {
  const out: ContainerStatus = {
    name: v.name,
    ready: false,
    restartCount: v.restartCount,
    image: v.image,
    imageID: "",
    started: false,
    state: {},
    lastState: {},
  };
  if (v.current) {
    out.image = v.current.image?.user_specified_image || v.image;
    out.imageID = v.current.image_ref || v.current.image_id || "";
    out.containerID = containerId(v.current.id);
    out.state = criState(v.current);
  } else {
    out.state = { waiting: { reason: v.defaultWaitingReason } };
  }
  if (v.previous && v.previous.state === "CONTAINER_EXITED") out.lastState = criState(v.previous);
  if (v.waiting) {
    // A terminated instance that waits for its restart moves to lastState, as kubelet shows it.
    if (out.state.terminated) out.lastState = { terminated: out.state.terminated };
    out.state = { waiting: { reason: v.waiting.reason, ...(v.waiting.message ? { message: v.waiting.message } : {}) } };
  }
  const running = !!out.state.running;
  out.started = running && v.started;
  out.ready = (running && v.started && v.ready) || (!!v.init && out.state.terminated?.exitCode === 0);
  return out;
}

/**
 * An instance the runtime no longer knows (removed behind our back): kubelet records it as
 * terminated with 137 and ContainerStatusUnknown, and then treats it like any exited container.
 */
export function unknownExit(inst: { id: string; status?: CRI.ContainerStatus }, now: Date): CRI.ContainerStatus {
  const prev = inst.status;
  return {
    ...(prev ?? {
      metadata: null,
      created_at: 0,
      started_at: 0,
      image: null,
      image_ref: "",
      labels: {},
      annotations: {},
      mounts: [],
      log_path: "",
      resources: null,
      image_id: "",
    }),
    id: inst.id,
    state: "CONTAINER_EXITED",
    exit_code: 137,
    finished_at: now.getTime() * 1e6,
    reason: "ContainerStatusUnknown",
    message: "The container could not be located when the pod was terminated",
  };
}
