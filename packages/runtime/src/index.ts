export {};
export * from "./cri";
export * from "./containerd";
export * from "./images";
export { LocalNode, type LocalNodeStartOptions, type LogStreamOptions } from "./local-node";
export { unsupportedFieldWarnings } from "./kubelet/unsupported";
export type { HistoryEntry } from "./kubelet/pod-worker";
