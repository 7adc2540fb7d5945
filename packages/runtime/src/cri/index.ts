// The CRI client: typed calls to containerd's RuntimeService and ImageService, and its log files.
export { CriClient, type CriClientOptions, type StreamRequest } from "./client";
export { CriError, CriUnavailableError, CriProtoMissingError, isNotFound } from "./errors";
export { criProtoPath, PROTO_LOADER_OPTIONS } from "./proto";
export * from "./logs";
export type * as CRI from "./types";
