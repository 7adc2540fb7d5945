// A small SPDY/3.1 client for the CRI streaming server: what kubectl's remotecommand spoke to
// kubelet for years, and the one protocol of containerd 1.6's streaming server that can end the
// command's stdin on its own (its WebSocket side is channel.k8s.io v4, which has no such signal:
// `echo x | podscope exec -i POD -- cat` would never end). One stream per channel (error, stdin,
// stdout, stderr, resize), named by a streamType header; data frames carry the bytes; a FIN on
// stdin is the end of input. The server side (moby/spdystream) does no flow control, so neither
// do we. Frame coding is pure and exported for tests.
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { request } from "node:http";
import type { Socket } from "node:net";
import { constants, createDeflate, type Deflate } from "node:zlib";

const VERSION = 3;
export const CONTROL = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
export const FLAG_FIN = 0x01;

// SPDY/3's zlib dictionary for header blocks (draft-mbelshe-httpbis-spdy-00 §2.6.10.1): the
// length-prefixed words, then a run of status codes, reason phrases, dates and media types.
const DICTIONARY_WORDS = [
  "options",
  "head",
  "post",
  "put",
  "delete",
  "trace",
  "accept",
  "accept-charset",
  "accept-encoding",
  "accept-language",
  "accept-ranges",
  "age",
  "allow",
  "authorization",
  "cache-control",
  "connection",
  "content-base",
  "content-encoding",
  "content-language",
  "content-length",
  "content-location",
  "content-md5",
  "content-range",
  "content-type",
  "date",
  "etag",
  "expect",
  "expires",
  "from",
  "host",
  "if-match",
  "if-modified-since",
  "if-none-match",
  "if-range",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "pragma",
  "proxy-authenticate",
  "proxy-authorization",
  "range",
  "referer",
  "retry-after",
  "server",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "vary",
  "via",
  "warning",
  "www-authenticate",
  "method",
  "get",
  "status",
  "200 OK",
  "version",
  "HTTP/1.1",
  "url",
  "public",
  "set-cookie",
  "keep-alive",
  "origin",
];
const DICTIONARY_TAIL =
  "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505" +
  "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden" +
  "404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable" +
  "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT" +
  "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript," +
  "publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";

export function headerDictionary(): Buffer {
  const parts: Buffer[] = [];
  for (const w of DICTIONARY_WORDS) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(w.length);
    parts.push(len, Buffer.from(w, "latin1"));
  }
  parts.push(Buffer.from(DICTIONARY_TAIL, "latin1"));
  return Buffer.concat(parts);
}

/** sha256 of the dictionary as the spec prints it, to check the words above were typed right. */
export const DICTIONARY_SHA256 = "51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02";
export const dictionarySha256 = () => createHash("sha256").update(headerDictionary()).digest("hex");

function frameHeader(first32: number, flags: number, length: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(first32 >>> 0, 0);
  h.writeUInt32BE((((flags & 0xff) << 24) | (length & 0xffffff)) >>> 0, 4);
  return h;
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([frameHeader(((0x8000 | VERSION) << 16) | type, flags, payload.length), payload]);
}

export function dataFrame(streamId: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([frameHeader(streamId & 0x7fffffff, flags, payload.length), payload]);
}

/** An uncompressed name/value block: count, then length-prefixed names (lower case) and values. */
export function headerBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const entries = Object.entries(headers);
  parts.push(u32(entries.length));
  for (const [k, v] of entries) {
    const name = Buffer.from(k.toLowerCase(), "utf8");
    const value = Buffer.from(v, "utf8");
    parts.push(u32(name.length), name, u32(value.length), value);
  }
  return Buffer.concat(parts);
}

export type SpdyFrame =
  { control: true; type: number; flags: number; payload: Buffer } | { control: false; streamId: number; flags: number; payload: Buffer };

export class SpdyFrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SpdyFrame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: SpdyFrame[] = [];
    while (this.buf.length >= 8) {
      const w0 = this.buf.readUInt32BE(0);
      const w1 = this.buf.readUInt32BE(4);
      const len = w1 & 0xffffff;
      if (this.buf.length < 8 + len) break;
      const payload = Buffer.from(this.buf.subarray(8, 8 + len));
      const flags = w1 >>> 24;
      if (w0 & 0x80000000) out.push({ control: true, type: w0 & 0xffff, flags, payload });
      else out.push({ control: false, streamId: w0 & 0x7fffffff, flags, payload });
      this.buf = this.buf.subarray(8 + len);
    }
    return out;
  }
}

/** Header blocks compressed in one zlib context for the connection, each flushed (SYNC_FLUSH) on its own. */
class HeaderCompressor {
  private readonly deflate: Deflate = createDeflate({ dictionary: headerDictionary() });
  private chunks: Buffer[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor() {
    this.deflate.on("data", (c: Buffer) => this.chunks.push(c));
  }

  compress(block: Buffer): Promise<Buffer> {
    const next = this.queue.then(
      () =>
        new Promise<Buffer>((resolve) => {
          // The connection went while streams were still being opened (the server hangs up at once on a
          // container that has exited): nothing will be sent, and deflate must not be written after its end.
          if (this.closed) return resolve(Buffer.alloc(0));
          this.chunks = [];
          this.deflate.write(block);
          this.deflate.flush(constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(this.chunks)));
        }),
    );
    this.queue = next;
    return next;
  }

  close(): void {
    this.closed = true;
    this.deflate.close();
  }
}

/**
 * An upgraded SPDY connection (client side). Events: 'data' (streamId, Buffer), 'fin' (streamId),
 * 'close'. Streams are opened with openStream; the server's SYN_REPLY headers are not needed.
 */
export class SpdyConnection extends EventEmitter {
  private nextId = 1;
  private readonly compressor = new HeaderCompressor();
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly protocol: string,
    head: Buffer,
  ) {
    super();
    const decoder = new SpdyFrameDecoder();
    const onData = (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) this.onFrame(f);
    };
    socket.on("data", onData);
    socket.on("error", (err) => this.emit("error", err));
    socket.on("close", () => {
      if (!this.closed) {
        this.closed = true;
        this.compressor.close();
        this.emit("close");
      }
    });
    if (head.length) queueMicrotask(() => onData(head));
  }

  /** Opens a client stream (odd ids) with these headers; returns its id. */
  async openStream(headers: Record<string, string>): Promise<number> {
    const id = this.nextId;
    this.nextId += 2;
    const block = await this.compressor.compress(headerBlock(headers));
    const p = Buffer.alloc(10);
    p.writeUInt32BE(id, 0);
    p.writeUInt32BE(0, 4); // no associated stream
    p.writeUInt16BE(0, 8); // priority 0, slot 0
    this.write(controlFrame(CONTROL.synStream, 0, Buffer.concat([p, block])));
    return id;
  }

  send(streamId: number, data: Buffer): void {
    if (data.length) this.write(dataFrame(streamId, 0, data));
  }

  /** Half-closes a stream: no more data from us (the end of stdin). */
  finish(streamId: number): void {
    this.write(dataFrame(streamId, FLAG_FIN, Buffer.alloc(0)));
  }

  close(): void {
    this.socket.end();
  }

  private write(buf: Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(buf);
  }

  private onFrame(f: SpdyFrame): void {
    if (!f.control) {
      if (f.payload.length) this.emit("data", f.streamId, f.payload);
      if (f.flags & FLAG_FIN) this.emit("fin", f.streamId);
      return;
    }
    if (f.type === CONTROL.ping) this.write(controlFrame(CONTROL.ping, 0, f.payload));
    else if ((f.type === CONTROL.synReply || f.type === CONTROL.headers) && f.flags & FLAG_FIN)
      this.emit("fin", f.payload.readUInt32BE(0) & 0x7fffffff);
    else if (f.type === CONTROL.rstStream) this.emit("fin", f.payload.readUInt32BE(0) & 0x7fffffff);
    else if (f.type === CONTROL.goAway) this.close();
  }
}

export class SpdyUpgradeError extends Error {
  override name = "SpdyUpgradeError";
}

/** Upgrades an HTTP request to SPDY/3.1, offering the stream protocols in order of preference. */
export function connectSpdy(url: string, protocols: string[], timeoutMs = 10_000): Promise<SpdyConnection> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname,
      port: u.port || 80,
      path: `${u.pathname}${u.search}`,
      method: "POST",
      headers: { Connection: "Upgrade", Upgrade: "SPDY/3.1", "X-Stream-Protocol-Version": protocols },
      timeout: timeoutMs,
    });
    req.on("timeout", () => req.destroy(new SpdyUpgradeError(`no answer from ${u.host} within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        reject(
          new SpdyUpgradeError(`${res.statusCode} ${res.statusMessage ?? ""}: ${Buffer.concat(chunks).toString("utf8").trim()}`.trim()),
        ),
      );
    });
    req.on("upgrade", (res, socket, head) => {
      socket.setNoDelay(true);
      resolve(new SpdyConnection(socket, String(res.headers["x-stream-protocol-version"] ?? ""), head));
    });
    req.end();
  });
}
