// One exec or attach stream on a streaming URL (what CRI Exec/Attach return): stdin, stdout and
// stderr piped through the channel protocol, terminal resizes sent, and the outcome read from
// the error channel. Used by the CLI and the tests; the server only hands out the URL.
import type { Readable, Writable } from "node:stream";
import { CHANNEL, channelMessage, closeStdinMessage, EXEC_PROTOCOLS, parseChannelMessage, resizeMessage, streamOutcome, type StreamOutcome } from "./channels";
import { connectWebSocket } from "./websocket";

export interface StreamSessionOptions {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** Initial terminal size; `onResize` registers a callback for later ones (returns its remover). */
  size?: { cols: number; rows: number };
  onResize?(send: (cols: number, rows: number) => void): () => void;
}

export interface StreamSessionResult {
  outcome: StreamOutcome;
  /** The protocol the server chose (v5 lets stdin end; v4 cannot say it). */
  protocol: string;
}

export async function runStreamSession(url: string, o: StreamSessionOptions = {}): Promise<StreamSessionResult> {
  const ws = await connectWebSocket(url, [EXEC_PROTOCOLS.v5, EXEC_PROTOCOLS.v4]);
  const v5 = ws.protocol === EXEC_PROTOCOLS.v5;
  let status = "";
  const cleanups: (() => void)[] = [];
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
  if (o.size) ws.sendBinary(resizeMessage(o.size.cols, o.size.rows));
  if (o.onResize) cleanups.push(o.onResize((c, r) => { if (ws.isOpen) ws.sendBinary(resizeMessage(c, r)); }));
  if (o.stdin) {
    const input = o.stdin;
    const onData = (chunk: Buffer | string) => { if (ws.isOpen) ws.sendBinary(channelMessage(CHANNEL.stdin, typeof chunk === "string" ? Buffer.from(chunk) : chunk)); };
    // v4 has no way to end stdin alone: the process keeps it open until it exits (kubectl's v4 does the same).
    const onEnd = () => { if (v5 && ws.isOpen) ws.sendBinary(closeStdinMessage()); };
    input.on("data", onData);
    input.on("end", onEnd);
    cleanups.push(() => { input.off("data", onData); input.off("end", onEnd); input.pause(); });
  }
  try {
    return { outcome: await done, protocol: ws.protocol };
  } finally {
    for (const c of cleanups) c();
  }
}
