export {};
export * from "./cri";
