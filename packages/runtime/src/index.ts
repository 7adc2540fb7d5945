export {};
export * from "./cri";
export * from "./containerd";
export * from "./images";
