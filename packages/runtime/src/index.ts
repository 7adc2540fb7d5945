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
export type { HistoryEntry } from "./kubelet/pod-worker";
