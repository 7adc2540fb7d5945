// Whether a container's image is used as it is, pulled, refused or held back — kubelet's
// EnsureImageExists decision (pkg/kubelet/images/image_manager.go), as a pure function.
//
// The local node's own images are the one deliberate difference: references the node resolves
// to an image it imported (localImageAlias: busybox and pause under their usual names, and any
// name under the registry-less "localhost/" domain) are never pulled, whatever the policy. The
// node builds them at set-up and must keep working offline; a real kubelet would send
// `busybox` (:latest → Always) to Docker Hub and fail without a network.
import type { ImagePullPolicy } from "@podscope/core";
import { localImageAlias, parseImageReference } from "./reference";

/** A name the local node resolves to an image it imported itself: never pulled. */
export function isNodeLocalImage(ref: string): boolean {
  return localImageAlias(ref) !== undefined || parseImageReference(ref).domain === "localhost";
}

export interface PullDecisionInput {
  /** The container's policy, defaulted as the API server does (core's effectivePullPolicy). */
  policy: ImagePullPolicy;
  /** The image is in the runtime under the name the pull would give it. */
  present: boolean;
  /** The image is one of the node's own (isNodeLocalImage). */
  nodeLocal: boolean;
  /** The pod's back-off entry for this image is still running (kubelet's IsInBackOffSinceUpdate). */
  inBackOff: boolean;
}

export type PullDecision =
  /** Use the image the runtime has ("already present on machine"). */
  | "use-present"
  /** Not present and policy Never (or a node-local name that is missing): ErrImageNeverPull. */
  | "never-pull"
  /** A pull is due but the last one failed too recently: ImagePullBackOff. */
  | "back-off"
  /** PullImage now. */
  | "pull";

export function decideImagePull(i: PullDecisionInput): PullDecision {
  // A node-local name has nowhere to be pulled from: it behaves as Never.
  const policy: ImagePullPolicy = i.nodeLocal ? "Never" : i.policy;
  if (policy !== "Always" && i.present) return "use-present";
  if (policy === "Never") return "never-pull";
  return i.inBackOff ? "back-off" : "pull";
}
