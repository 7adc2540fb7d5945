// The one error every source, the local node and the cluster client throw for a request the API
// server (or podscope acting as one) refused: keyed by the metav1.Status reason, so every surface
// (tRPC, CLI, UI, sync states) can print it as kubectl does: `Error from server (<reason>): <message>`.
// Failures with no Status at all (no route to the cluster, a kubeconfig that does not load) are
// other classes, in @podscope/kube.

/** metav1.StatusReason values podscope meets; "Unknown" is the API's empty reason. */
export type KubeErrorReason =
  | "NotFound"
  | "AlreadyExists"
  | "Invalid"
  | "BadRequest"
  | "Conflict"
  | "Forbidden"
  | "Unauthorized"
  | "Gone"
  | "Expired"
  | "TooManyRequests"
  | "InternalError"
  | "ServiceUnavailable"
  | "MethodNotAllowed"
  | "Timeout"
  | "ServerTimeout"
  | "RequestEntityTooLarge"
  | "NotAcceptable"
  | "UnsupportedMediaType"
  | "Unknown";

const CODES: Record<KubeErrorReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Invalid: 422,
  BadRequest: 400,
  Conflict: 409,
  Forbidden: 403,
  Unauthorized: 401,
  Gone: 410,
  Expired: 410,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  MethodNotAllowed: 405,
  Timeout: 504,
  ServerTimeout: 500,
  RequestEntityTooLarge: 413,
  NotAcceptable: 406,
  UnsupportedMediaType: 415,
  Unknown: 500,
};

// The reason an HTTP code implies when the Status names none (client-go's reasonForError).
const BY_CODE: Record<number, KubeErrorReason> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  409: "Conflict",
  410: "Gone",
  413: "RequestEntityTooLarge",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

export function isKubeErrorReason(r: unknown): r is KubeErrorReason {
  return typeof r === "string" && Object.hasOwn(CODES, r);
}

/** The reason of a Status the API server sent: its own when podscope knows it, else the one its HTTP code implies. */
export function reasonOf(code: number, statusReason?: string): KubeErrorReason {
  if (isKubeErrorReason(statusReason)) return statusReason;
  return BY_CODE[code] ?? "Unknown";
}

export interface KubeErrorCause {
  field?: string;
  message?: string;
  reason?: string;
}

/** A metav1.Status as the API server returns it on failure. */
export interface KubeStatus {
  kind?: "Status";
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: KubeErrorCause[]; retryAfterSeconds?: number };
}

export interface KubeErrorOptions {
  /** The HTTP code when it differs from the reason's usual one. */
  code?: number;
  causes?: KubeErrorCause[];
  /** The kubeconfig context the request went to (cluster sources only). */
  context?: string;
  /** The Status exactly as the server sent it: its message is kubectl's verbatim text. */
  status?: KubeStatus;
  cause?: unknown;
}

export class KubeError extends Error {
  readonly code: number;
  readonly causes: KubeErrorCause[];
  readonly context?: string;
  readonly status?: KubeStatus;
  constructor(
    readonly reason: KubeErrorReason,
    message: string,
    opts: KubeErrorOptions = {},
  ) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = "KubeError";
    this.code = opts.code ?? CODES[reason];
    this.causes = opts.causes ?? opts.status?.details?.causes ?? [];
    this.context = opts.context;
    this.status = opts.status;
  }

  /** kubectl's rendering of a server error (StatusReasonUnknown prints no reason). */
  kubectlMessage(): string {
    return this.reason === "Unknown" ? `Error from server: ${this.message}` : `Error from server (${this.reason}): ${this.message}`;
  }

  /** A metav1.Status object. */
  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message: this.message,
      reason: this.reason,
      code: this.code,
      ...(this.causes.length ? { details: { causes: this.causes } } : {}),
    };
  }
}

/**
 * What a sync state (or any record kept after the throw) holds of a failure, still structured:
 * the Status reason — or, for a failure without a Status, the name of the class that raised it
 * ("ConnectionError", "KubeconfigError") —, the readable words and the HTTP code when there was one.
 */
export interface ErrorSummary {
  reason: KubeErrorReason | (string & {});
  message: string;
  code?: number;
}

export function isKubeError(e: unknown, reason?: KubeErrorReason): e is KubeError {
  return e instanceof KubeError && (reason === undefined || e.reason === reason);
}

export const isNotFound = (e: unknown): e is KubeError => isKubeError(e, "NotFound");
export const isAlreadyExists = (e: unknown): e is KubeError => isKubeError(e, "AlreadyExists");
export const isForbidden = (e: unknown): e is KubeError => isKubeError(e, "Forbidden");
export const isUnauthorized = (e: unknown): e is KubeError => isKubeError(e, "Unauthorized");
export const isConflict = (e: unknown): e is KubeError => isKubeError(e, "Conflict");
export const isInvalid = (e: unknown): e is KubeError => isKubeError(e, "Invalid");
export const isTooManyRequests = (e: unknown): e is KubeError => isKubeError(e, "TooManyRequests");
/** 410: a watch's resourceVersion compacted away (Gone) or a list's continue token expired (Expired) — both mean relist. */
export const isGone = (e: unknown): e is KubeError => isKubeError(e, "Gone") || isKubeError(e, "Expired");

/** `pods "web" not found` */
export function notFound(resource: string, name: string): KubeError {
  return new KubeError("NotFound", `${resource} "${name}" not found`);
}

/** `pods "web" already exists` */
export function alreadyExists(resource: string, name: string): KubeError {
  return new KubeError("AlreadyExists", `${resource} "${name}" already exists`);
}

/** `Pod "web" is invalid: spec.containers[0].image: Required value` */
export function invalid(kind: string, name: string, causes: (KubeErrorCause & { message: string })[]): KubeError {
  const detail = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = detail.length === 1 ? detail[0] : `[${detail.join(", ")}]`;
  return new KubeError("Invalid", `${kind} "${name}" is invalid: ${joined}`, { causes });
}

export function badRequest(message: string): KubeError {
  return new KubeError("BadRequest", message);
}

export function serviceUnavailable(message: string): KubeError {
  return new KubeError("ServiceUnavailable", message);
}

export function forbidden(message: string): KubeError {
  return new KubeError("Forbidden", message);
}
