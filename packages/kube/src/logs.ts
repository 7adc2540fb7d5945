// A container's log through the API server (GET /api/v1/namespaces/NS/pods/NAME/log): the API server
// asks the pod's kubelet, which reads its CRI log files, and relays the text. What that API gives is
// what kubectl logs shows: whole lines, stdout and stderr merged into one text (the API has no way to
// say which stream a line came from), and with timestamps=true each line prefixed by the time the
// runtime wrote it (RFC 3339 with nanoseconds) and a space.
import type http from "node:http";
import { KubeError } from "@podscope/core";
import type { KubeClient } from "./client";

export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  /** kubectl's --since (seconds) and --since-time (RFC 3339): the kubelet skips lines written before. */
  sinceSeconds?: number;
  sinceTime?: string;
  /** Prefix each line with its time (the API's timestamps=true); podLogRecords sets it itself. */
  timestamps?: boolean;
  /** Aborting ends a followed log (the response is closed); the iteration then simply ends. */
  signal?: AbortSignal;
  /** The pod's node when the caller knows it: named when the node cannot serve the log. */
  nodeName?: string;
}

/** One line of a log read through the API: its time, and no stream — the API merges stdout and stderr. */
export interface PodLogRecord {
  time: string;
  stream: null;
  line: string;
}

/** The log's lines (without their newline), as they arrive when following. */
export async function* podLogLines(client: KubeClient, namespace: string, name: string, opts: PodLogOptions): AsyncIterable<string> {
  const query = {
    container: opts.container,
    follow: opts.follow || undefined,
    previous: opts.previous || undefined,
    tailLines: opts.tailLines,
    sinceSeconds: opts.sinceSeconds,
    sinceTime: opts.sinceTime,
    timestamps: opts.timestamps || undefined,
  };
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/log`;
  let res: http.IncomingMessage;
  try {
    res = await client.openStream(path, { query, intent: { verb: "get", resource: "pods/log", namespace, name } }, opts.signal);
  } catch (e) {
    if (opts.signal?.aborted) return;
    throw podLogError(e, { namespace, name, nodeName: opts.nodeName });
  }
  const onAbort = () => res.destroy();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    yield* splitLines(res, client, opts.signal);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    // A consumer that stops early (break) must not leave a followed stream open.
    res.destroy();
  }
}

/** The same lines with the time the runtime wrote each (read with timestamps=true and split off). */
export async function* podLogRecords(
  client: KubeClient,
  namespace: string,
  name: string,
  opts: PodLogOptions,
): AsyncIterable<PodLogRecord> {
  let last = "";
  for await (const text of podLogLines(client, namespace, name, { ...opts, timestamps: true })) {
    const r = splitTimestamp(text);
    // kubelet prefixes every whole line; a line without a time cannot occur, and if one did it would
    // be a continuation of the one before, written at its time.
    if (r.time) last = r.time;
    yield { time: r.time ?? last, stream: null, line: r.line };
  }
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}) /;

/** `2026-12-06T06:18:46.062434924Z out 3` → its time and its text. */
export function splitTimestamp(text: string): { time?: string; line: string } {
  const m = TIMESTAMP.exec(text);
  if (!m) return { line: text };
  return { time: m[0].slice(0, -1), line: text.slice(m[0].length) };
}

/** Lines of a text body as they complete; a last line without its newline comes at the end. */
async function* splitLines(res: http.IncomingMessage, client: KubeClient, signal?: AbortSignal): AsyncIterable<string> {
  const decoder = new TextDecoder("utf-8");
  let carry = "";
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      carry += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = carry.indexOf("\n")) >= 0) {
        yield carry.slice(0, nl);
        carry = carry.slice(nl + 1);
      }
    }
  } catch (e) {
    // Destroyed because the caller aborted: the follow ended as asked.
    if (signal?.aborted) return;
    throw new KubeError(
      "InternalError",
      `the log stream from the API server ${client.server} (context "${client.context}") broke off: ${(e as Error).message}`,
      { context: client.context, cause: e },
    );
  }
  carry += decoder.decode();
  if (carry) yield carry;
}

/**
 * The API server's refusal in words. Its own message stands where it is already kubectl's (an unknown
 * container, no previous instance, no such pod); a 403 says pods/log (the subresource RBAC checks); a
 * failure between the API server and the node says the node could not serve the log.
 */
export function podLogError(e: unknown, ref: { namespace: string; name: string; nodeName?: string }): unknown {
  if (!(e instanceof KubeError) || e.code === 403 || e.code === 401) return e;
  const serverMessage = e.status?.message;
  if (!serverMessage) return e;
  const opts = { code: e.code, context: e.context, status: e.status, cause: e };
  // A 404 naming pods/log (not pods) came from the node: the pod exists, but nothing there serves its log.
  const fromNode = (e.code === 404 && e.status?.details?.kind === "pods/log") || e.code >= 500;
  if (!fromNode) return new KubeError(e.reason, serverMessage, opts);
  const node = ref.nodeName ? `its node "${ref.nodeName}"` : "its node";
  return new KubeError(
    e.reason,
    `the log of pod "${ref.name}" in namespace "${ref.namespace}" cannot be read from ${node}: the API server answered ${e.code} (${serverMessage}). ` +
      `Logs come from the node's kubelet; a node without one (a KWOK node) or a kubelet the API server cannot reach has none to give.`,
    opts,
  );
}
