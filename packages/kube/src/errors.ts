// Errors a user can read, saying which context, what was attempted and why it failed. Three
// concepts, one class each:
// - the API server answered with a failure: core's KubeError, keyed by the Status reason
//   (the message rebuilt in the words the UI uses: a 403 names the user, the verb, the namespace);
// - no answer at all (refused, DNS, timeout, TLS, connection lost): ConnectionError;
// - the kubeconfig cannot be used (missing, malformed, unknown context, credentials): KubeconfigError.
import { KubeError, reasonOf, type ErrorSummary, type KubeStatus } from "@podscope/core";

export type { KubeStatus } from "@podscope/core";

/** No HTTP answer from the API server: kubectl's "Unable to connect to the server". */
export class ConnectionError extends Error {
  constructor(
    message: string,
    readonly context: string,
    readonly server: string,
    /** The socket error's code (ECONNREFUSED, ENOTFOUND, a TLS verification code …), when there is one. */
    readonly errno: string | undefined,
    /** A pooled keep-alive connection was found dead: the server never saw the request, a read may be resent. */
    readonly reusedSocket: boolean,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = "ConnectionError";
  }
}

/** The kubeconfig cannot be used: missing, malformed, an unknown context, credentials that cannot be built. */
export class KubeconfigError extends Error {
  /** True when there is no kubeconfig file at all — normal on a machine with only the local node. */
  readonly missing: boolean;
  readonly context?: string;
  constructor(message: string, opts: { context?: string; missing?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = "KubeconfigError";
    this.context = opts.context;
    this.missing = opts.missing ?? false;
  }
}

/** Any failure talking to one context. */
export type ClusterError = KubeError | ConnectionError | KubeconfigError;

/** What a sync state keeps of a failure: the Status reason (or the class of a failure without one), the words, the code. */
export function errorSummary(e: ClusterError): ErrorSummary {
  if (e instanceof KubeError) return { reason: e.reason, message: e.message, code: e.code };
  return { reason: e instanceof ConnectionError ? "ConnectionError" : "KubeconfigError", message: e.message };
}

/** What a request was trying to do, so a 403 can say "cannot list pods in namespace x". */
export interface RequestIntent {
  verb: string; // Kubernetes verb: list, watch, get, create, patch, delete, …
  resource: string; // plural resource, e.g. "pods"
  namespace?: string;
  name?: string;
}

/** Turn an HTTP failure from the API server into a readable KubeError. */
export function errorFromResponse(code: number, body: string, context: string, server: string, intent?: RequestIntent): KubeError {
  let status: KubeStatus | undefined;
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === "object") status = parsed as KubeStatus;
  } catch {
    status = undefined; // not a Status (a proxy's HTML page): the body's first words are shown instead
  }
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
  return new KubeError(reasonOf(code, status?.reason), message, { code, context, status });
}

// The API server's own text is `pods is forbidden: User "x" cannot list resource "pods" in API
// group "" in the namespace "y"`. We rebuild it in the words the UI uses, from the parts we know
// for certain (intent) plus the user name, which only the server knows.
function forbiddenMessage(
  serverMessage: string,
  context: string,
  intent: RequestIntent | undefined,
  status: KubeStatus | undefined,
): string {
  const user = /User "([^"]*)"/.exec(serverMessage)?.[1] ?? "(unknown user)";
  const verb = intent?.verb ?? /cannot (\S+)/.exec(serverMessage)?.[1] ?? "access";
  const resource = intent?.resource ?? status?.details?.kind ?? "resource";
  const where = intent?.namespace ? `in namespace "${intent.namespace}"` : "cluster-wide";
  const what = intent?.name ? `${resource} "${intent.name}"` : resource;
  return `user "${user}" cannot ${verb} ${what} ${where} (context "${context}", 403 Forbidden)`;
}

// Node's TLS verification failures are told apart by their code (OpenSSL's X509 names, ERR_TLS_*/ERR_SSL_*).
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH|INVALID_CA|^ERR_TLS_|^ERR_SSL_/;

/**
 * Network-level failures (no HTTP response at all). `lost`: the connection worked and then broke
 * (server killed or restarted mid-stream), which reads differently from one that never opened.
 */
export function errorFromNetwork(
  err: unknown,
  context: string,
  server: string,
  opts: { lost?: boolean; reusedSocket?: boolean } = {},
): ConnectionError {
  const e = err as NodeJS.ErrnoException;
  const errno = typeof e?.code === "string" ? e.code : undefined;
  const detail = e?.message ?? String(err);
  let hint = "";
  if (errno === "ECONNREFUSED") hint = ": nothing is listening there — is the cluster running?";
  else if (errno === "ENOTFOUND" || errno === "EAI_AGAIN") hint = ": the host name does not resolve";
  else if (errno === "ETIMEDOUT" || errno === "UND_ERR_CONNECT_TIMEOUT") hint = ": connection timed out";
  else if (errno && TLS_CODE.test(errno)) hint = ": TLS verification failed (check certificate-authority in the kubeconfig)";
  const lost = opts.lost || errno === "ECONNRESET";
  const what = lost ? "lost the connection to the API server" : "cannot reach the API server";
  const message = `${what} ${server} of context "${context}"${errno ? ` (${errno})` : ""}${hint} — ${detail}`;
  return new ConnectionError(message, context, server, errno, opts.reusedSocket ?? false, err);
}

/**
 * A resource whose cache could not be filled, as a request on it fails: RBAC stays 403 Forbidden (the user
 * can act on it), anything else — unreachable, credentials, a server error — is 503: the data is not there.
 */
export function unsyncedError(failure: ErrorSummary | undefined, message: string, context: string): KubeError {
  return new KubeError(failure?.reason === "Forbidden" ? "Forbidden" : "ServiceUnavailable", message, { context });
}
