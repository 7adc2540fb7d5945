export { appRouter, type AppRouter } from "./router";
export { createCallerFactory, type Context } from "./trpc";
export { SourceRegistry } from "./registry";
export * from "./source";
export { SnapshotSource, parseSnapshot, type PodSnapshot } from "./sources/snapshot";
export type { PodWatchMessage } from "./routers/pods";
export { UnavailableSource } from "./sources/unavailable";
export { LocalSource } from "./sources/local";
export { ClusterSource } from "./sources/kube";
