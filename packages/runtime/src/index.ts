export {};
export * from "./cri";
export * from "./containerd";
export * from "./images";
export * from "./exec";
export {
  LocalNode,
  type LocalNodeStartOptions,
  type LogStreamOptions,
  type PodIncarnation,
  type PodRecord,
  type PullSecret,
} from "./local-node";
export { ImageManager, ImagePullError, type EnsureImageResult, type PodPullSecrets } from "./kubelet/image-manager";
export { unsupportedFieldWarnings } from "./kubelet/unsupported";
// The io.kubernetes.* label keys kubelet writes on sandboxes and containers: the node agent reads pods back by them.
export { POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, CONTAINER_NAME_LABEL } from "./kubelet/labels";
export type { HistoryEntry } from "./kubelet/pod-worker";
