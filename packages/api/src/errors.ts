// Turning failures from sources into tRPC errors whose message reads like kubectl's, with the
// Kubernetes reason and (for manifests) the line and column attached for the UI to point at.
import { TRPCError } from "@trpc/server";
import { ManifestError } from "@podscope/core";

type Code = ConstructorParameters<typeof TRPCError>[0]["code"];

const BY_REASON: Record<string, Code> = {
  NotFound: "NOT_FOUND",
  AlreadyExists: "CONFLICT",
  Conflict: "CONFLICT",
  Invalid: "UNPROCESSABLE_CONTENT",
  BadRequest: "BAD_REQUEST",
  Forbidden: "FORBIDDEN",
  Unauthorized: "UNAUTHORIZED",
  TooManyRequests: "TOO_MANY_REQUESTS",
  ServiceUnavailable: "SERVICE_UNAVAILABLE",
  Timeout: "TIMEOUT",
};

const BY_STATUS: Record<number, Code> = {
  400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT",
  422: "UNPROCESSABLE_CONTENT", 429: "TOO_MANY_REQUESTS", 503: "SERVICE_UNAVAILABLE",
};

export interface ErrorData { reason?: string; line?: number; column?: number }

/** Wraps anything thrown by a source; errors that are already tRPC errors pass through. */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof ManifestError) {
    return withData(new TRPCError({ code: BY_REASON[err.reason], message: err.message, cause: err }), {
      reason: err.reason, line: err.position?.line, column: err.position?.column,
    });
  }
  const e = err as { message?: string; reason?: string; code?: number | string; statusCode?: number; status?: { reason?: string } };
  // Errors from a cluster carry the API server's Status; its reason is what kubectl prints.
  const reason = typeof e?.reason === "string" ? e.reason : typeof e?.status?.reason === "string" ? e.status.reason : undefined;
  const status = typeof e?.code === "number" ? e.code : e?.statusCode;
  const code: Code = (reason && BY_REASON[reason]) || (status && BY_STATUS[status]) || "INTERNAL_SERVER_ERROR";
  const message = e?.message ?? String(err);
  return withData(new TRPCError({ code, message, cause: err instanceof Error ? err : undefined }), { reason });
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
