// Raw HTTP access to one context's API server. client-node supplies the kubeconfig logic
// (TLS material, tokens, exec/OIDC plugins); the transport is ours so that list bodies stay
// raw JSON (RFC 3339 strings, no Date objects), failed requests keep the server's Status
// (needed for readable 403s), and watches stream line by line with back-pressure-free parsing.
import http from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
import type { KubeConfig } from "@kubernetes/client-node";
import { configForContext, type KubeContextInfo, type LoadedKubeConfig } from "./kubeconfig";
import { KubeError } from "@podscope/core";
import { ConnectionError, errorFromNetwork, errorFromResponse, KubeconfigError, type RequestIntent } from "./errors";

export type Query = Record<string, string | number | boolean | undefined | string[]>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  intent?: RequestIntent;
  timeoutMs?: number;
}

export class KubeClient {
  readonly context: string;
  readonly server: string;
  readonly info: KubeContextInfo;
  private readonly config: KubeConfig;
  private agent?: http.Agent;

  constructor(loaded: LoadedKubeConfig, context?: string) {
    const { config, info } = configForContext(loaded, context);
    this.config = config;
    this.info = info;
    this.context = info.name;
    this.server = info.server.replace(/\/+$/, "");
  }

  /** The namespace the kubeconfig context names (kubectl's default namespace). */
  get defaultNamespace(): string {
    return this.info.namespace || "default";
  }

  /** The decoded JSON answer; `T` is the caller's word for its shape (the API server's schema, not checked here). */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts);
    const body = await readBody(res).catch((e) => {
      throw errorFromNetwork(e, this.context, this.server);
    });
    const code = res.statusCode ?? 0;
    if (code < 200 || code >= 300) throw errorFromResponse(code, body, this.context, this.server, opts.intent);
    if (body.length === 0) return undefined as T;
    try {
      return JSON.parse(body) as T;
    } catch (e) {
      throw new KubeError(
        "InternalError",
        `API server ${this.server} (context "${this.context}") sent a non-JSON answer to ${method} ${path}: ${body.slice(0, 200)}`,
        { context: this.context, cause: e },
      );
    }
  }

  /**
   * A streaming GET (watch): each JSON line is passed to onLine. Resolves when the server ends
   * the stream (its timeoutSeconds) or `signal` aborts; rejects with a KubeError when the
   * request fails, a ConnectionError when the connection breaks.
   */
  async stream(
    path: string,
    opts: RequestOptions,
    onLine: (obj: unknown) => void,
    signal: AbortSignal,
    onOpen?: () => void,
  ): Promise<void> {
    const res = await this.openStream(path, opts, signal);
    onOpen?.();
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        if (err && !signal.aborted) reject(err instanceof ConnectionError ? err : errorFromNetwork(err, this.context, this.server));
        else resolve();
      };
      const onAbort = () => {
        res.destroy();
        finish();
      };
      signal.addEventListener("abort", onAbort);
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      lines.on("line", (line) => {
        if (line.length === 0) return;
        let obj: unknown;
        try {
          obj = JSON.parse(line);
        } catch {
          return; // a torn line can only come from a broken connection; the close below handles it
        }
        try {
          onLine(obj);
        } catch (e) {
          // Settle before destroying: destroy() emits "aborted" synchronously, which would
          // otherwise replace this error (e.g. a 410 ERROR event) with "closed mid-stream".
          if (!settled) {
            settled = true;
            signal.removeEventListener("abort", onAbort);
            reject(e);
          }
          res.destroy();
        }
      });
      res.on("error", (e) => finish(e));
      // readline re-emits its input's errors; without a listener a reset would be uncaught.
      lines.on("error", (e) => finish(e));
      // "aborted" = the server vanished mid-body (e.g. kube-apiserver killed).
      const closedMidStream = () =>
        errorFromNetwork(new Error("watch connection closed by the server mid-stream"), this.context, this.server, { lost: true });
      res.on("aborted", () => finish(closedMidStream()));
      lines.on("close", () => finish(res.complete ? undefined : closedMidStream()));
    });
  }

  /**
   * A streaming GET whose body is not JSON (a container's log): the response once the server answered
   * 200, for the caller to read and destroy; a KubeError with the server's Status otherwise. No timeout:
   * a followed log may stay quiet for hours.
   */
  async openStream(path: string, opts: RequestOptions, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const res = await this.send("GET", path, { ...opts, timeoutMs: 0 }, signal);
    const code = res.statusCode ?? 0;
    if (code !== 200) {
      // The failure is the status code; a body that cannot be read only loses the server's words.
      const body = await readBody(res).catch(() => "");
      throw errorFromResponse(code, body, this.context, this.server, opts.intent);
    }
    return res;
  }

  close(): void {
    this.agent?.destroy();
  }

  private async send(method: string, path: string, opts: RequestOptions, signal?: AbortSignal): Promise<http.IncomingMessage> {
    try {
      return await this.sendOnce(method, path, opts, signal);
    } catch (e) {
      // A pooled keep-alive connection may have died with a restarted API server; the request
      // then fails before the server saw it. Reads are safe to send again on a new connection.
      if ((method === "GET" || method === "HEAD") && e instanceof ConnectionError && e.reusedSocket)
        return await this.sendOnce(method, path, opts, signal);
      throw e;
    }
  }

  private async sendOnce(method: string, path: string, opts: RequestOptions, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.set(k, String(v));
    }
    const reqOpts: https.RequestOptions = { headers: {} };
    try {
      await this.config.applyToHTTPSOptions(reqOpts);
    } catch (e) {
      throw new KubeconfigError(`cannot build credentials for context "${this.context}": ${(e as Error).message}`, {
        context: this.context,
        cause: e,
      });
    }
    const isHttps = url.protocol === "https:";
    // client-node creates a fresh agent per call; one keep-alive agent per context instead,
    // so lists and watches reuse TLS sessions.
    if (!this.agent) {
      this.agent = isHttps
        ? new https.Agent({
            keepAlive: true,
            ca: reqOpts.ca,
            cert: reqOpts.cert,
            key: reqOpts.key,
            rejectUnauthorized: reqOpts.rejectUnauthorized,
            servername: reqOpts.servername,
            maxSockets: 64,
          })
        : new http.Agent({ keepAlive: true, maxSockets: 64 });
    }
    const headers: Record<string, string> = { Accept: "application/json", ...(reqOpts.headers as Record<string, string>) };
    let payload: Buffer | undefined;
    if (opts.body !== undefined) {
      payload = Buffer.from(typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body));
      headers["Content-Type"] = opts.contentType ?? "application/json";
      headers["Content-Length"] = String(payload.length);
    }
    const mod = isHttps ? https : http;
    return await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = mod.request(url, { method, headers, agent: this.agent, auth: reqOpts.auth, signal }, (res) => {
        // A connection reset after the caller stopped listening (watch aborted, server killed)
        // must not become an uncaught exception; readers attach their own handlers.
        res.on("error", () => undefined);
        resolve(res);
      });
      const timeoutMs = opts.timeoutMs ?? 30_000;
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      }
      req.on("socket", (s) => s.setKeepAlive(true, 15_000));
      req.on("error", (e) =>
        reject(
          errorFromNetwork(e, this.context, this.server, {
            reusedSocket: req.reusedSocket && (e as NodeJS.ErrnoException).code === "ECONNRESET",
          }),
        ),
      );
      if (payload) req.write(payload);
      req.end();
    });
  }
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
    res.on("aborted", () => reject(new Error("connection closed before the answer was complete")));
  });
}
