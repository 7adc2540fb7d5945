import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./router";

export { appRouter, type AppRouter } from "./router";
/** What each procedure takes and returns over the wire, inferred from the router: clients never restate them. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { createCallerFactory, type Context } from "./trpc";
export { SourceRegistry } from "./registry";
export { capabilitiesOf, requireCapability, sourceInfo } from "./capabilities";
export * from "./source";
export { WindowSource, windowSourceId } from "./sources/window";
export { exportWindow, WINDOW_EXPORT_MAX_PODS, type WindowScope } from "./window-export";
export type { PodWatchMessage } from "./routers/pods";
export { UnavailableSource } from "./sources/unavailable";
export { LocalSource } from "./sources/local";
export { ClusterSource, type ClusterSourceOptions } from "./sources/kube";
