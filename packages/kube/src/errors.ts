// Errors a user can read: every failure talking to a cluster becomes a KubeError whose
// message says which context, what was attempted and why it failed, in Kubernetes terms.

export type KubeErrorKind =
  | "kubeconfig" // missing / malformed kubeconfig, unknown context
  | "unreachable" // TCP/TLS failure, DNS, timeout
  | "unauthorized" // 401: expired or invalid credentials
  | "forbidden" // 403: RBAC denies the verb
  | "gone" // 410: resourceVersion too old (compacted)
  | "not-found" // 404
  | "conflict" // 409
  | "too-many-requests" // 429: e.g. eviction blocked by a PodDisruptionBudget
  | "invalid" // 422 / 400
  | "server"; // anything else from the API server

/** A Kubernetes `Status` object as the API server returns it on failure. */
export interface KubeStatus {
  kind?: "Status";
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

export class KubeError extends Error {
  readonly kind: KubeErrorKind;
  readonly code?: number;
  readonly context?: string;
  readonly status?: KubeStatus;
  constructor(kind: KubeErrorKind, message: string, opts: { code?: number; context?: string; status?: KubeStatus; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = "KubeError";
    this.kind = kind;
    this.code = opts.code;
    this.context = opts.context;
    this.status = opts.status;
  }
}

export function isKubeError(e: unknown, kind?: KubeErrorKind): e is KubeError {
  return e instanceof KubeError && (kind === undefined || e.kind === kind);
}

/** What a request was trying to do, so a 403 can say "cannot list pods in namespace x". */
export interface RequestIntent {
  verb: string; // Kubernetes verb: list, watch, get, create, patch, delete, …
  resource: string; // plural resource, e.g. "pods"
  namespace?: string;
  name?: string;
}

const KIND_BY_CODE: Record<number, KubeErrorKind> = {
  400: "invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  410: "gone",
  422: "invalid",
  429: "too-many-requests",
};

/** Turn an HTTP failure from the API server into a readable KubeError. */
export function errorFromResponse(code: number, body: string, context: string, server: string, intent?: RequestIntent): KubeError {
  let status: KubeStatus | undefined;
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === "object") status = parsed as KubeStatus;
  } catch {
    status = undefined;
  }
  const kind = KIND_BY_CODE[code] ?? "server";
  const serverMessage = status?.message ?? (body.trim().slice(0, 300) || `HTTP ${code}`);
  let message: string;
  if (code === 401) {
    message = `the API server ${server} rejected the credentials of context "${context}" (401 Unauthorized): the token or certificate is expired or invalid`;
  } else if (code === 403) {
    message = forbiddenMessage(serverMessage, context, intent, status);
  } else if (code === 410) {
    message = `resourceVersion too old for ${intent?.resource ?? "resource"} in context "${context}" (410 Gone): ${serverMessage}`;
  } else {
    message = `${intent ? `${intent.verb} ${intent.resource}${intent.name ? ` "${intent.name}"` : ""}${intent.namespace ? ` in namespace "${intent.namespace}"` : ""}` : "request"} failed in context "${context}" (${code}${status?.reason ? ` ${status.reason}` : ""}): ${serverMessage}`;
  }
  return new KubeError(kind, message, { code, context, status });
}

// The API server's own text is `pods is forbidden: User "x" cannot list resource "pods" in API
// group "" in the namespace "y"`. We rebuild it in the words the UI uses, from the parts we know
// for certain (intent) plus the user name, which only the server knows.
function forbiddenMessage(serverMessage: string, context: string, intent: RequestIntent | undefined, status: KubeStatus | undefined): string {
  const user = /User "([^"]*)"/.exec(serverMessage)?.[1] ?? "(unknown user)";
  const verb = intent?.verb ?? /cannot (\S+)/.exec(serverMessage)?.[1] ?? "access";
  const resource = intent?.resource ?? status?.details?.kind ?? "resource";
  const where = intent?.namespace ? `in namespace "${intent.namespace}"` : "cluster-wide";
  const what = intent?.name ? `${resource} "${intent.name}"` : resource;
  return `user "${user}" cannot ${verb} ${what} ${where} (context "${context}", 403 Forbidden)`;
}

/** Network-level failures (no HTTP response at all). */
export function errorFromNetwork(err: unknown, context: string, server: string): KubeError {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ? ` (${e.code})` : "";
  const detail = e?.message ?? String(err);
  let hint = "";
  if (e?.code === "ECONNREFUSED") hint = ": nothing is listening there — is the cluster running?";
  else if (e?.code === "ENOTFOUND" || e?.code === "EAI_AGAIN") hint = ": the host name does not resolve";
  else if (e?.code === "ETIMEDOUT" || e?.code === "UND_ERR_CONNECT_TIMEOUT") hint = ": connection timed out";
  else if (/certificate|self[- ]signed|CERT_|SSL/i.test(detail)) hint = ": TLS verification failed (check certificate-authority in the kubeconfig)";
  // A connection that worked and then broke (server killed or restarted) reads differently from one that never opened.
  const lost = e?.code === "ECONNRESET" || /closed by the server/.test(detail);
  const what = lost ? "lost the connection to the API server" : "cannot reach the API server";
  return new KubeError("unreachable", `${what} ${server} of context "${context}"${code}${hint} — ${detail}`, { context, cause: err });
}
