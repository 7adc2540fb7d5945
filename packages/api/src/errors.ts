// Turning failures from sources into tRPC errors whose message reads like kubectl's, with the
// Kubernetes reason and (for manifests) the line and column attached for the UI to point at.
import { TRPCError } from "@trpc/server";
import { KubeError, ManifestError, type KubeErrorReason } from "@podscope/core";
import { AgentError, ConnectionError, type AgentProblem } from "@podscope/kube";

type Code = ConstructorParameters<typeof TRPCError>[0]["code"];

const BY_REASON: Partial<Record<KubeErrorReason, Code>> = {
  NotFound: "NOT_FOUND",
  AlreadyExists: "CONFLICT",
  Conflict: "CONFLICT",
  Invalid: "UNPROCESSABLE_CONTENT",
  BadRequest: "BAD_REQUEST",
  Forbidden: "FORBIDDEN",
  Unauthorized: "UNAUTHORIZED",
  TooManyRequests: "TOO_MANY_REQUESTS",
  ServiceUnavailable: "SERVICE_UNAVAILABLE",
  MethodNotAllowed: "METHOD_NOT_SUPPORTED",
  Timeout: "TIMEOUT",
  RequestEntityTooLarge: "PAYLOAD_TOO_LARGE",
};

export interface ErrorData {
  reason?: string;
  /** A node view that failed on the way to a cluster's podscope agent: which way (missing, forbidden, notAnswering …). */
  agent?: AgentProblem;
  line?: number;
  column?: number;
}

/** Wraps anything thrown by a source; errors that are already tRPC errors pass through. */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof ManifestError) {
    return withData(new TRPCError({ code: BY_REASON[err.reason] ?? "BAD_REQUEST", message: err.message, cause: err }), {
      reason: err.reason,
      line: err.position?.line,
      column: err.position?.column,
    });
  }
  // The Status reason is what kubectl prints ("Error from server (Forbidden): …"); the API's empty reason prints none.
  if (err instanceof KubeError) {
    const reason = err.reason === "Unknown" ? undefined : err.reason;
    return withData(new TRPCError({ code: BY_REASON[err.reason] ?? "INTERNAL_SERVER_ERROR", message: err.message, cause: err }), {
      reason,
      ...(err instanceof AgentError ? { agent: err.problem } : {}),
    });
  }
  // No answer from the cluster at all: no Status, no reason — the message says where and why.
  if (err instanceof ConnectionError) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: err.message, cause: err });
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: err instanceof Error ? err.message : String(err),
    cause: err instanceof Error ? err : undefined,
  });
}

const DATA = Symbol("podscope.errorData");

function withData(err: TRPCError, data: ErrorData): TRPCError {
  (err as unknown as Record<symbol, ErrorData>)[DATA] = data;
  return err;
}

export function errorData(err: unknown): ErrorData | undefined {
  let e: unknown = err;
  while (e) {
    const d = (e as Record<symbol, ErrorData>)[DATA];
    if (d) return d;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
