// Errors of the CRI client, readable as they are: the server shows err.message to people.

/** A CRI call failed. `code` is the gRPC status name (e.g. "NOT_FOUND", "UNAVAILABLE"). */
export class CriError extends Error {
  readonly code: string;
  readonly method: string;
  readonly details: string;
  constructor(method: string, code: string, details: string, message?: string) {
    super(message ?? `CRI ${method} failed (${code}): ${details}`);
    this.name = "CriError";
    this.method = method;
    this.code = code;
    this.details = details;
  }
}

/** The socket does not answer: containerd is stopped, or was never started. */
export class CriUnavailableError extends CriError {
  readonly socket: string;
  constructor(method: string, socket: string, details: string) {
    super(method, "UNAVAILABLE", details, `containerd is not running at ${socket} (CRI ${method}: ${details})`);
    this.name = "CriUnavailableError";
    this.socket = socket;
  }
}

/** The CRI protocol definition is missing: set-up has not been run. */
export class CriProtoMissingError extends Error {
  constructor(path: string) {
    super(`CRI protocol definition not found at ${path}: run scripts/setup-node.sh (as root) to fetch it from k8s.io/cri-api`);
    this.name = "CriProtoMissingError";
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof CriError && err.code === "NOT_FOUND";
}
