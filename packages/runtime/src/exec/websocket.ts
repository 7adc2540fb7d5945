// A small WebSocket client (RFC 6455) for the CRI streaming server: handshake over node:http's
// upgrade, masked client frames, server frames reassembled from fragments, ping answered, close
// handshake. Only what the channel.k8s.io protocols need (binary messages); no extensions.
// The frame coding is pure and exported for tests; `connectWebSocket` is the thin edge.
import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { request } from "node:http";
import type { Socket } from "node:net";

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

const ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** The Sec-WebSocket-Accept a server must answer to `key`. */
export function acceptKey(key: string): string {
  return createHash("sha1")
    .update(key + ACCEPT_GUID)
    .digest("base64");
}

/** One frame, FIN set; masked with `mask` (4 bytes) as a client must, or unmasked (server side, tests). */
export function encodeFrame(opcode: number, payload: Uint8Array, mask?: Buffer): Buffer {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const head = Buffer.alloc(2 + ext + (mask ? 4 : 0));
  head[0] = 0x80 | opcode;
  head[1] = (mask ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) head.writeUInt16BE(len, 2);
  else if (ext === 8) head.writeBigUInt64BE(BigInt(len), 2);
  const body = Buffer.from(payload);
  if (mask) {
    mask.copy(head, 2 + ext);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
  }
  return Buffer.concat([head, body]);
}

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export class WebSocketProtocolError extends Error {
  override name = "WebSocketProtocolError";
}

/** Incremental frame decoder: feed it bytes as they come, get whole frames out. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    for (;;) {
      if (this.buf.length < 2) break;
      const b0 = this.buf[0];
      const b1 = this.buf[1];
      if (b0 & 0x70) throw new WebSocketProtocolError("reserved bits set: no extension was negotiated");
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) break;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) break;
        const big = this.buf.readBigUInt64BE(2);
        if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new WebSocketProtocolError("frame too large");
        len = Number(big);
        off = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const maskOff = off;
      if (masked) off += 4;
      if (this.buf.length < off + len) break;
      const payload = Buffer.from(this.buf.subarray(off, off + len));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= this.buf[maskOff + (i & 3)];
      out.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
      this.buf = this.buf.subarray(off + len);
    }
    return out;
  }
}

/** Frames → messages: fragments joined, control frames passed through as they come. */
export class MessageAssembler {
  private opcode = 0;
  private parts: Buffer[] = [];

  push(f: Frame): { opcode: number; data: Buffer } | undefined {
    if (f.opcode >= 0x8) return { opcode: f.opcode, data: f.payload };
    if (f.opcode !== OPCODE.continuation) {
      this.opcode = f.opcode;
      this.parts = [];
    }
    this.parts.push(f.payload);
    if (!f.fin) return undefined;
    const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    return { opcode: this.opcode, data };
  }
}

/** The close frame's status code, if it has one (1005: none given). */
export function closeCode(payload: Buffer): number {
  return payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
}

/**
 * An open connection. Events: 'message' (data: Buffer, binary: boolean), 'close' (code: number),
 * 'error' (Error).
 */
export class WebSocketConnection extends EventEmitter {
  private closed = false;
  private closeSent = false;

  constructor(
    private readonly socket: Socket,
    readonly protocol: string,
    head: Buffer,
  ) {
    super();
    const decoder = new FrameDecoder();
    const assembler = new MessageAssembler();
    const onData = (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (err) {
        this.emit("error", err);
        socket.destroy();
        return;
      }
      for (const f of frames) {
        const m = assembler.push(f);
        if (!m) continue;
        if (m.opcode === OPCODE.ping) this.send(OPCODE.pong, m.data);
        else if (m.opcode === OPCODE.close) {
          if (!this.closeSent) this.send(OPCODE.close, m.data.subarray(0, 2));
          this.finish(closeCode(m.data));
          socket.end();
        } else if (m.opcode === OPCODE.binary || m.opcode === OPCODE.text) this.emit("message", m.data, m.opcode === OPCODE.binary);
      }
    };
    socket.on("data", onData);
    socket.on("error", (err) => this.emit("error", err));
    socket.on("close", () => this.finish(1006));
    if (head.length) queueMicrotask(() => onData(head));
  }

  get isOpen(): boolean {
    return !this.closed && !this.closeSent;
  }

  sendBinary(data: Uint8Array): void {
    this.send(OPCODE.binary, data);
  }

  /** Starts the close handshake (the server answers and ends the connection). */
  close(code = 1000): void {
    if (this.closed || this.closeSent) return;
    const p = Buffer.alloc(2);
    p.writeUInt16BE(code);
    this.send(OPCODE.close, p);
    this.closeSent = true;
    // A server that never answers does not hold us.
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private send(opcode: number, data: Uint8Array): void {
    if (this.closed || this.closeSent || this.socket.destroyed) return;
    this.socket.write(encodeFrame(opcode, data, randomBytes(4)));
  }

  private finish(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("close", code);
  }
}

export class WebSocketHandshakeError extends Error {
  override name = "WebSocketHandshakeError";
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
  }
}

/** Opens a WebSocket to an http:// or ws:// URL, offering `protocols` in order of preference. */
export function connectWebSocket(
  url: string,
  protocols: string[],
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<WebSocketConnection> {
  const u = new URL(url.replace(/^ws/, "http"));
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port || 80,
      path: `${u.pathname}${u.search}`,
      method: "GET",
      headers: {
        ...opts.headers,
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Protocol": protocols.join(", "),
      },
      timeout: opts.timeoutMs ?? 10_000,
    });
    req.on("timeout", () => req.destroy(new WebSocketHandshakeError(`no answer from ${u.host} within ${opts.timeoutMs ?? 10_000} ms`)));
    req.on("error", reject);
    req.on("response", (res) => {
      // No upgrade: the server said why in the body (e.g. an expired or unknown streaming token).
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8").trim();
        reject(
          new WebSocketHandshakeError(
            `${res.statusCode} ${res.statusMessage ?? ""}${body ? `: ${body}` : ""}`.trim(),
            res.statusCode,
            body,
          ),
        );
      });
    });
    req.on("upgrade", (res, socket, head) => {
      if (res.headers["sec-websocket-accept"] !== acceptKey(key)) {
        socket.destroy();
        reject(new WebSocketHandshakeError("the server's Sec-WebSocket-Accept does not match the key"));
        return;
      }
      const protocol = String(res.headers["sec-websocket-protocol"] ?? "");
      socket.setNoDelay(true);
      resolve(new WebSocketConnection(socket, protocol, head));
    });
    req.end();
  });
}
