// One exec or attach stream on a streaming URL (what CRI Exec/Attach return): stdin, stdout and
// stderr piped through the channel protocol, terminal resizes sent, and the outcome read from
// the error channel. Used by the CLI and the tests; the server only hands out the URL.
//
// Which transport: the URL is good for one connection, so it is chosen before connecting. With
// stdin attached, SPDY (spdy.ts) — the only one of containerd 1.6's protocols that can tell the
// command its input ended; without stdin, WebSocket (v5 offered, v4 as containerd 1.6 answers).
import type { Readable, Writable } from "node:stream";
import {
  CHANNEL,
  channelMessage,
  closeStdinMessage,
  EXEC_PROTOCOLS,
  parseChannelMessage,
  resizeMessage,
  streamOutcome,
  type StreamOutcome,
} from "./channels";
import { connectSpdy } from "./spdy";
import { connectWebSocket } from "./websocket";

export interface StreamSessionOptions {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** A terminal: stdout and stderr come as one stream, and resizes are sent. */
  tty?: boolean;
  /** Initial terminal size; `onResize` registers a callback for later ones (returns its remover). */
  size?: { cols: number; rows: number };
  onResize?(send: (cols: number, rows: number) => void): () => void;
}

export interface StreamSessionResult {
  outcome: StreamOutcome;
  /** The protocol the server chose (v5 lets stdin end; v4 cannot say it). */
  protocol: string;
}

/**
 * What both transports do around the connection: pipe stdin chunks to `send` and its end to `end`, send the
 * terminal's size and its later changes, and wait for the outcome; the listeners are removed however it ends.
 */
async function pumpSession(
  o: StreamSessionOptions,
  io: { send(chunk: Buffer): void; end(): void; resize(cols: number, rows: number): void },
  done: Promise<StreamOutcome>,
): Promise<StreamOutcome> {
  const cleanups: (() => void)[] = [];
  if (o.size) io.resize(o.size.cols, o.size.rows);
  if (o.onResize) cleanups.push(o.onResize((c, r) => io.resize(c, r)));
  if (o.stdin) {
    const input = o.stdin;
    const onData = (chunk: Buffer | string) => io.send(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    const onEnd = () => io.end();
    input.on("data", onData);
    input.on("end", onEnd);
    cleanups.push(() => {
      input.off("data", onData);
      input.off("end", onEnd);
      input.pause();
    });
  }
  try {
    return await done;
  } finally {
    for (const c of cleanups) c();
  }
}

export async function runStreamSession(url: string, o: StreamSessionOptions = {}): Promise<StreamSessionResult> {
  return o.stdin ? runSpdySession(url, o) : runWebSocketSession(url, o);
}

async function runWebSocketSession(url: string, o: StreamSessionOptions): Promise<StreamSessionResult> {
  const ws = await connectWebSocket(url, [EXEC_PROTOCOLS.v5, EXEC_PROTOCOLS.v4]);
  const v5 = ws.protocol === EXEC_PROTOCOLS.v5;
  let status = "";
  const done = new Promise<StreamOutcome>((resolve, reject) => {
    ws.on("message", (msg: Buffer) => {
      const m = parseChannelMessage(msg);
      if (!m || !m.data.length) return;
      if (m.channel === CHANNEL.stdout) o.stdout?.write(m.data);
      else if (m.channel === CHANNEL.stderr) o.stderr?.write(m.data);
      else if (m.channel === CHANNEL.error) status += m.data.toString("utf8");
    });
    ws.on("error", reject);
    ws.on("close", () => resolve(streamOutcome(status)));
  });
  const outcome = await pumpSession(
    o,
    {
      send: (chunk) => {
        if (ws.isOpen) ws.sendBinary(channelMessage(CHANNEL.stdin, chunk));
      },
      // v4 has no way to end stdin alone: the process keeps it open until it exits (kubectl's v4 does the same).
      end: () => {
        if (v5 && ws.isOpen) ws.sendBinary(closeStdinMessage());
      },
      resize: (cols, rows) => {
        if (ws.isOpen) ws.sendBinary(resizeMessage(cols, rows));
      },
    },
    done,
  );
  return { outcome, protocol: ws.protocol };
}

/** The same session over SPDY: one stream per channel, stdin ended with a FIN. */
async function runSpdySession(url: string, o: StreamSessionOptions): Promise<StreamSessionResult> {
  const conn = await connectSpdy(url, [EXEC_PROTOCOLS.v4]);
  const tty = !!o.tty;
  let status = "";
  // Each channel's stream id, known once it is opened.
  const ids: { error?: number; stdin?: number; stdout?: number; stderr?: number; resize?: number } = {};
  const open = new Set<number>();
  let allOpen = false;
  let stdinEnded = false;
  // Listening before the streams are opened: a server that hangs up at once (a container that has exited) is
  // an outcome, not a lost 'close'.
  const done = new Promise<StreamOutcome>((resolve, reject) => {
    conn.on("data", (id: number, data: Buffer) => {
      if (id === ids.stdout) o.stdout?.write(data);
      else if (id === ids.stderr) o.stderr?.write(data);
      else if (id === ids.error) status += data.toString("utf8");
    });
    conn.on("fin", (id: number) => {
      open.delete(id);
      // Everything the server had to say is said: no need to wait for it to hang up.
      if (allOpen && open.size === 0) conn.close();
    });
    conn.on("error", (e: NodeJS.ErrnoException) => {
      // A runtime that hangs up hard once the process has exited (stdin already ended, or its status said) resets
      // a connection our last frames were still on: the session is over, with what the server said.
      if ((e.code === "ECONNRESET" || e.code === "EPIPE") && (stdinEnded || status !== "")) resolve(streamOutcome(status));
      else reject(e);
    });
    conn.on("close", () => resolve(streamOutcome(status)));
  });
  // Awaited below; an error while the streams are still being opened must not count as unhandled meanwhile.
  done.catch(() => undefined);
  // Streams the server expects, in kubectl's order: error first, then stdin, stdout, stderr, resize.
  ids.error = await conn.openStream({ streamType: "error" });
  if (o.stdin) ids.stdin = await conn.openStream({ streamType: "stdin" });
  ids.stdout = await conn.openStream({ streamType: "stdout" });
  if (!tty) ids.stderr = await conn.openStream({ streamType: "stderr" });
  if (tty) ids.resize = await conn.openStream({ streamType: "resize" });
  for (const id of [ids.error, ids.stdout, ids.stderr]) if (id !== undefined) open.add(id);
  allOpen = true;
  const outcome = await pumpSession(
    o,
    {
      send: (chunk) => {
        if (ids.stdin !== undefined) conn.send(ids.stdin, chunk);
      },
      end: () => {
        stdinEnded = true;
        if (ids.stdin !== undefined) conn.finish(ids.stdin);
      },
      resize: (cols, rows) => {
        if (ids.resize !== undefined) conn.send(ids.resize, Buffer.from(JSON.stringify({ Width: cols, Height: rows })));
      },
    },
    done,
  );
  return { outcome, protocol: conn.protocol };
}
