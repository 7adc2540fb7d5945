// The live half of the drain rehearsal: check a drain with server-side dry-run evictions, and drain for real.
export * from "./types";
export { DrainRequestError, validateRequest } from "./request";
export { checkWithServer, DRAIN_SNAPSHOT_RESOURCES, liveSnapshotObjects } from "./check";
export { executeDrain, type ExecuteOptions } from "./execute";
export { comparePod, summarize } from "./compare";
export { streamDrain, type DrainStreamMessage } from "./stream";
