// Errors shaped like the API server's Status responses, so every surface (tRPC, CLI, UI) can print
// them as kubectl does: `Error from server (<reason>): <message>`.

export type KubeErrorReason =
  | "NotFound" | "AlreadyExists" | "Invalid" | "BadRequest" | "Conflict" | "Forbidden" | "Unauthorized"
  | "TooManyRequests" | "InternalError" | "ServiceUnavailable" | "MethodNotAllowed" | "Timeout";

const CODES: Record<KubeErrorReason, number> = {
  NotFound: 404, AlreadyExists: 409, Invalid: 422, BadRequest: 400, Conflict: 409, Forbidden: 403,
  Unauthorized: 401, TooManyRequests: 429, InternalError: 500, ServiceUnavailable: 503, MethodNotAllowed: 405, Timeout: 504,
};

export interface KubeErrorCause { field?: string; message: string; reason?: string }

export class KubeError extends Error {
  readonly code: number;
  constructor(readonly reason: KubeErrorReason, message: string, readonly causes: KubeErrorCause[] = [], code?: number) {
    super(message);
    this.name = "KubeError";
    this.code = code ?? CODES[reason];
  }

  /** kubectl's rendering of a server error. */
  kubectlMessage(): string {
    return `Error from server (${this.reason}): ${this.message}`;
  }

  /** A metav1.Status object. */
  toStatus(): Record<string, unknown> {
    return { kind: "Status", apiVersion: "v1", status: "Failure", message: this.message, reason: this.reason, code: this.code, ...(this.causes.length ? { details: { causes: this.causes } } : {}) };
  }
}

export function isKubeError(e: unknown, reason?: KubeErrorReason): e is KubeError {
  return e instanceof KubeError && (reason === undefined || e.reason === reason);
}

/** `pods "web" not found` */
export function notFound(resource: string, name: string): KubeError {
  return new KubeError("NotFound", `${resource} "${name}" not found`);
}

/** `pods "web" already exists` */
export function alreadyExists(resource: string, name: string): KubeError {
  return new KubeError("AlreadyExists", `${resource} "${name}" already exists`);
}

/** `Pod "web" is invalid: spec.containers[0].image: Required value` */
export function invalid(kind: string, name: string, causes: KubeErrorCause[]): KubeError {
  const detail = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = detail.length === 1 ? detail[0] : `[${detail.join(", ")}]`;
  return new KubeError("Invalid", `${kind} "${name}" is invalid: ${joined}`, causes);
}

export function badRequest(message: string): KubeError {
  return new KubeError("BadRequest", message);
}

export function serviceUnavailable(message: string): KubeError {
  return new KubeError("ServiceUnavailable", message);
}
