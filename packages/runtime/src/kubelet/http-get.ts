// httpGet and tcpSocket actions as kubelet runs them (pkg/probe/http, pkg/probe/tcp,
// pkg/probe/util.go): from the node to the pod's IP (reachable on the podscope bridge), with
// kubelet's request (User-Agent kube-probe/<major.minor>, Accept */*, headers as given), its
// success rule (200–399; a redirect to another host ends the probe as a warning) and Go's error
// texts, which kubelet puts into its events verbatim. The request and the verdict are pure; the
// two small functions at the end do the network I/O.
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { Container } from "@podscope/core";

/** The Kubernetes minor we model (the control plane's version): kubelet's User-Agent carries it. */
export const KUBE_VERSION = { major: "1", minor: "34" };

/** Longest body kubelet reads from a probe's response (maxRespBodyLength, 10 KiB). */
export const MAX_PROBE_BODY = 10 * 1024;

export interface HttpGetAction {
  path?: string;
  port?: number | string;
  host?: string;
  scheme?: string;
  httpHeaders?: { name: string; value: string }[];
}

export interface TcpSocketAction {
  port?: number | string;
  host?: string;
}

export interface HttpGetRequest {
  url: URL;
  /** The URL as Go prints it in errors (no "/" added to an empty path). */
  display: string;
  /** In the order they are sent; names canonicalized as Go's http.Header does. */
  headers: [string, string][];
}

/** kubelet's ResolveContainerPort: a number, or the name of one of the container's ports (or a number written as a string). */
export function resolveContainerPort(
  port: number | string | undefined,
  container: Pick<Container, "ports">,
): { port: number } | { error: string } {
  let p: number;
  if (typeof port === "number") p = port;
  else {
    const named = (container.ports ?? []).find((x) => x.name === port);
    if (named) p = named.containerPort;
    else if (/^[+-]?\d+$/.test(port ?? "")) p = Number(port);
    else return { error: `strconv.Atoi: parsing ${JSON.stringify(port ?? "")}: invalid syntax` };
  }
  if (p > 0 && p < 65536) return { port: p };
  return { error: `invalid port number: ${p}` };
}

/** Go's textproto canonical header name ("x-request-id" → "X-Request-Id"). */
export function canonicalHeader(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Go's net.JoinHostPort: IPv6 literals in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * kubelet's NewRequestForHTTPGetAction. `purpose` is "probe" for probes, "lifecycle" for hooks
 * (User-Agent kube-probe/1.34 or kube-lifecycle/1.34).
 */
export function httpGetRequest(
  action: HttpGetAction,
  container: Pick<Container, "ports">,
  podIP: string,
  purpose: "probe" | "lifecycle",
): HttpGetRequest | { error: string } {
  const scheme = (action.scheme ?? "").toLowerCase() || "http";
  const host = action.host || podIP;
  const port = resolveContainerPort(action.port, container);
  if ("error" in port) return port;
  const path = action.path ?? "";
  let url: URL;
  try {
    url = new URL(path.startsWith("/") || path === "" ? path : `/${path}`, `${scheme}://${joinHostPort(host, port.port)}`);
  } catch (err) {
    return { error: `parse ${JSON.stringify(`${scheme}://${joinHostPort(host, port.port)}${path}`)}: ${(err as Error).message}` };
  }
  const display = `${scheme}://${joinHostPort(host, port.port)}${path === "" || path.startsWith("/") ? path : `/${path}`}`;
  const headers: [string, string][] = (action.httpHeaders ?? []).map((h) => [canonicalHeader(h.name), h.value]);
  const has = (n: string) => headers.some(([k]) => k === n);
  if (!has("User-Agent")) headers.push(["User-Agent", `kube-${purpose}/${KUBE_VERSION.major}.${KUBE_VERSION.minor}`]);
  if (!has("Accept")) headers.push(["Accept", "*/*"]);
  // An explicitly empty Accept means "send none".
  return { url, display, headers: headers.filter(([k, v]) => !(k === "Accept" && v === "")) };
}

export type ProbeVerdict = "Success" | "Warning" | "Failure";

/** kubelet's DoHTTPProbe verdict on a response: 200–299 success, 300–399 warning (a redirect it did not follow), else failure. */
export function httpProbeVerdict(status: number, body: string): { result: ProbeVerdict; output: string } {
  if (status >= 200 && status < 400) {
    if (status >= 300) return { result: "Warning", output: `Probe terminated redirects, Response body: ${body}` };
    return { result: "Success", output: body };
  }
  return { result: "Failure", output: `HTTP probe failed with statuscode: ${status}` };
}

/** The text Go's net package gives a failed dial of `addr` ("dial tcp 10.0.0.5:80: connect: connection refused"). */
export function goDialError(err: NodeJS.ErrnoException | undefined, addr: string, timedOut: boolean): string {
  if (timedOut) return `dial tcp ${addr}: i/o timeout`;
  const reasons: Record<string, string> = {
    ECONNREFUSED: "connect: connection refused",
    EHOSTUNREACH: "connect: no route to host",
    ENETUNREACH: "connect: network is unreachable",
    ECONNRESET: "read: connection reset by peer",
    EADDRNOTAVAIL: "connect: cannot assign requested address",
  };
  const why = (err?.code && reasons[err.code]) || err?.message || "unknown error";
  return `dial tcp ${addr}: ${why}`;
}

// ---- network I/O ----------------------------------------------------------------------------

export type HttpGetOutcome = { status: number; body: string; url: URL } | { error: string };

/**
 * One GET as kubelet's probe client sends it: no keep-alive, TLS unverified (kubelet skips
 * verification), redirects followed while they stay on the same host (at most 10) when
 * `sameHostRedirectsOnly`, else any redirect is followed (a hook's plain client). Errors read as
 * Go's http.Client prints them: `Get "http://…": dial tcp …: connect: connection refused`.
 */
export async function doHttpGet(req: HttpGetRequest, timeoutMs: number, sameHostRedirectsOnly: boolean): Promise<HttpGetOutcome> {
  const deadline = Date.now() + timeoutMs;
  let url = req.url;
  const first = req.url;
  for (let hop = 0; ; hop++) {
    const r = await getOnce(url, hop === 0 ? req.display : url.href, req.headers, Math.max(1, deadline - Date.now()));
    if ("error" in r) return r;
    const location = r.status >= 300 && r.status < 400 ? r.location : undefined;
    if (!location) return { status: r.status, body: r.body, url };
    const next = new URL(location, url);
    if (sameHostRedirectsOnly && next.hostname !== first.hostname) return { status: r.status, body: r.body, url };
    if (hop + 1 >= 10) return { error: `Get ${JSON.stringify(next.href)}: stopped after 10 redirects` };
    url = next;
  }
}

function getOnce(
  url: URL,
  display: string,
  headers: [string, string][],
  timeoutMs: number,
): Promise<{ status: number; body: string; location?: string } | { error: string }> {
  return new Promise((resolve) => {
    const lib = url.protocol === "https:" ? https : http;
    const quoted = JSON.stringify(display);
    const addr = `${url.hostname.replace(/^\[|\]$/g, "").includes(":") ? `[${url.hostname.replace(/^\[|\]$/g, "")}]` : url.hostname}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;
    const hostHeader = headers.find(([k]) => k === "Host")?.[1];
    let connected = false;
    let settled = false;
    const done = (v: { status: number; body: string; location?: string } | { error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(v);
    };
    const req = lib.request(url, {
      method: "GET",
      agent: false,
      headers: Object.fromEntries([...headers.filter(([k]) => k !== "Host"), ...(hostHeader ? [["Host", hostHeader]] : [])]),
      ...(url.protocol === "https:" ? { rejectUnauthorized: false } : {}),
    });
    req.on("socket", (s: net.Socket) =>
      s.once(url.protocol === "https:" ? "secureConnect" : "connect", () => {
        connected = true;
      }),
    );
    // Go's client timeout: before the connection it is the dial's i/o timeout, after it the wait for headers.
    const timer = setTimeout(
      () =>
        done({
          error: connected
            ? `Get ${quoted}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`
            : `Get ${quoted}: ${goDialError(undefined, addr, true)} (Client.Timeout exceeded while awaiting headers)`,
        }),
      timeoutMs,
    );
    req.on("error", (err: NodeJS.ErrnoException) =>
      done({ error: `Get ${quoted}: ${connected ? err.message : goDialError(err, addr, false)}` }),
    );
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        if (size < MAX_PROBE_BODY) chunks.push(c.subarray(0, MAX_PROBE_BODY - size));
        size += c.length;
        if (size >= MAX_PROBE_BODY) finish();
      });
      const finish = () =>
        done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), location: res.headers.location });
      res.on("end", finish);
      res.on("error", finish);
    });
    req.end();
  });
}

/** kubelet's DoTCPProbe: a connection that opens is success; the dial's error is the output. */
export function doTcpConnect(host: string, port: number, timeoutMs: number): Promise<{ ok: true } | { ok: false; error: string }> {
  const addr = joinHostPort(host, port);
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ ok: false, error: goDialError(undefined, addr, true) });
    }, timeoutMs);
    s.once("connect", () => {
      clearTimeout(timer);
      s.destroy();
      resolve({ ok: true });
    });
    s.once("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, error: goDialError(err, addr, false) });
    });
  });
}
