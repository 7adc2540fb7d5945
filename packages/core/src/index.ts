export * from "./types";
export * from "./quantity";
export * from "./manifest";
export * from "./kubectl-status";
