// Reader for CRI container log files, the format containerd writes for every container:
//
//   <RFC 3339 time with nanoseconds> <stdout|stderr> <F|P> <message>\n
//
// "P" marks a partial record: the runtime split a long line, and the following records of the
// same stream continue it until an "F" (full) record ends it. readCriLog/followCriLog join those
// pieces back into whole lines, as `kubectl logs` shows them.
import { open, stat } from "node:fs/promises";
import { isErrno } from "@podscope/core";

export type CriLogStream = "stdout" | "stderr";

/** One record as it is in the file. */
export interface CriLogRecord {
  time: string;
  stream: CriLogStream;
  partial: boolean;
  message: string;
}

/** One whole line of output (partial records joined). `time` is the time of its first piece. */
export interface CriLogLine {
  time: string;
  stream: CriLogStream;
  message: string;
}

export class CriLogFormatError extends Error {
  constructor(
    readonly lineNumber: number | undefined,
    readonly text: string,
    why: string,
  ) {
    const where = lineNumber === undefined ? "" : ` at line ${lineNumber}`;
    super(`malformed CRI log record${where}: ${why}: ${JSON.stringify(text.slice(0, 120))}`);
    this.name = "CriLogFormatError";
  }
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses one record (without its trailing newline). */
export function parseCriLogRecord(text: string, lineNumber?: number): CriLogRecord {
  const s1 = text.indexOf(" ");
  const s2 = s1 < 0 ? -1 : text.indexOf(" ", s1 + 1);
  if (s2 < 0) throw new CriLogFormatError(lineNumber, text, "expected '<time> <stream> <tag> <message>'");
  const time = text.slice(0, s1);
  const stream = text.slice(s1 + 1, s2);
  if (!TIME.test(time)) throw new CriLogFormatError(lineNumber, text, `bad timestamp ${JSON.stringify(time)}`);
  if (stream !== "stdout" && stream !== "stderr") throw new CriLogFormatError(lineNumber, text, `bad stream ${JSON.stringify(stream)}`);
  // The tag field may carry more flags after a ':' in future versions; the first one is P or F.
  const s3 = text.indexOf(" ", s2 + 1);
  const tagField = s3 < 0 ? text.slice(s2 + 1) : text.slice(s2 + 1, s3);
  const tag = tagField.split(":")[0];
  if (tag !== "P" && tag !== "F") throw new CriLogFormatError(lineNumber, text, `bad tag ${JSON.stringify(tagField)}`);
  const message = s3 < 0 ? "" : text.slice(s3 + 1);
  return { time, stream, partial: tag === "P", message };
}

/**
 * Joins partial records into lines. Keeps per-stream state between calls, so records can be
 * fed as they arrive while following a file.
 */
export class CriLogAssembler {
  private pending: Partial<Record<CriLogStream, CriLogLine>> = {};

  push(record: CriLogRecord): CriLogLine | undefined {
    const open = this.pending[record.stream];
    if (record.partial) {
      if (open) open.message += record.message;
      else this.pending[record.stream] = { time: record.time, stream: record.stream, message: record.message };
      return undefined;
    }
    delete this.pending[record.stream];
    return open
      ? { ...open, message: open.message + record.message }
      : { time: record.time, stream: record.stream, message: record.message };
  }

  /** Lines still open (the container stopped mid-line): returned as they are. */
  flush(): CriLogLine[] {
    const rest = Object.values(this.pending).filter((l): l is CriLogLine => !!l);
    this.pending = {};
    return rest.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }
}

export interface ReadCriLogOptions {
  /** Only these streams. */
  streams?: CriLogStream[];
  /** Only the last N lines. */
  tail?: number;
  /** Skip malformed records instead of throwing (a file being rotated can start mid-record). */
  lenient?: boolean;
}

/**
 * Splits a byte stream into records (text between newlines). Bytes after the last newline are
 * kept undecoded until the rest arrives: they may end inside a UTF-8 sequence.
 */
class RecordSplitter {
  private carry: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = buf.lastIndexOf(0x0a);
    this.carry = end < 0 ? buf : Buffer.from(buf.subarray(end + 1));
    return end < 0 ? [] : buf.subarray(0, end).toString("utf8").split("\n");
  }
}

// Log files can be large (a container printing in a loop): never read one into memory whole.
const CHUNK = 1024 * 1024;

/**
 * Reads a CRI log file into lines. A file that does not exist yet reads as empty; a last
 * record without its newline (still being written) is left out. With `tail`, only the end of
 * the file is read.
 */
export async function readCriLog(path: string, options: ReadCriLogOptions = {}): Promise<CriLogLine[]> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, "r");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
  try {
    const size = (await fh.stat()).size;
    const from = options.tail !== undefined ? await tailStart(fh, size, options.tail, options.streams) : 0;
    const wanted = (l: CriLogLine) => !options.streams || options.streams.includes(l.stream);
    const lines: CriLogLine[] = [];
    const asm = new CriLogAssembler();
    const splitter = new RecordSplitter();
    let lineNumber = 0;
    for (let pos = from; pos < size;) {
      const buf = Buffer.alloc(Math.min(CHUNK, size - pos));
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      for (const r of splitter.push(buf.subarray(0, bytesRead))) {
        lineNumber++;
        if (r === "") continue;
        let rec: CriLogRecord;
        try {
          // Line numbers only mean something when reading from the start.
          rec = parseCriLogRecord(r, from === 0 ? lineNumber : undefined);
        } catch (err) {
          if (options.lenient) continue;
          throw err;
        }
        const line = asm.push(rec);
        if (line && wanted(line)) lines.push(line);
      }
    }
    lines.push(...asm.flush().filter(wanted));
    return options.tail !== undefined ? lines.slice(Math.max(0, lines.length - options.tail)) : lines;
  } finally {
    await fh.close();
  }
}

/**
 * Where to start reading for the last `tail` lines: just after the newline of the (tail+1)-th
 * full ("F") record of a wanted stream, counted from the end; the partial records of the lines
 * after it all come after it. Reads backwards in chunks.
 */
async function tailStart(fh: Awaited<ReturnType<typeof open>>, size: number, tail: number, streams?: CriLogStream[]): Promise<number> {
  let seen = 0;
  // The record being assembled right to left: its bytes so far, and the position of the newline
  // that ends it (-1 while still in the unterminated piece at the end of the file).
  let pending: Buffer = Buffer.alloc(0);
  let pendingEnd = -1;
  const counts = (rec: Buffer) => isFullRecordOf(rec.toString("utf8"), streams) && ++seen > tail;
  for (let pos = size; pos > 0;) {
    const from = Math.max(0, pos - CHUNK);
    const chunk = Buffer.alloc(pos - from);
    await fh.read(chunk, 0, chunk.length, from);
    let right = chunk.length; // bytes of the chunk not yet given to a record
    for (let i = chunk.lastIndexOf(0x0a); i >= 0; i = i > 0 ? chunk.lastIndexOf(0x0a, i - 1) : -1) {
      if (pendingEnd >= 0 && counts(Buffer.concat([chunk.subarray(i + 1, right), pending]))) return pendingEnd + 1;
      pending = Buffer.alloc(0);
      pendingEnd = from + i;
      right = i;
    }
    if (pendingEnd >= 0) pending = Buffer.concat([chunk.subarray(0, right), pending]);
    pos = from;
  }
  // The first record of the file has no newline before it.
  if (pendingEnd >= 0 && counts(pending)) return pendingEnd + 1;
  return 0;
}

function isFullRecordOf(rec: string, streams?: CriLogStream[]): boolean {
  const parts = rec.split(" ", 3);
  if (parts.length < 3) return false;
  const [, stream, tag] = parts;
  if (streams && !streams.includes(stream as CriLogStream)) return false;
  return tag.split(":")[0] === "F";
}

export interface FollowCriLogOptions {
  signal?: AbortSignal;
  /** How often to look for new data, in ms. Polling, because fs.watch misses writes on some filesystems. */
  pollMs?: number;
  /** Start at the end of the file (only new output) instead of the beginning. */
  fromEnd?: boolean;
  streams?: CriLogStream[];
}

/**
 * Yields lines as they are written, until the signal aborts. Waits for a file that does not
 * exist yet, keeps an incomplete last record until its newline arrives, and starts over when
 * the file is truncated or replaced by a smaller one.
 */
export async function* followCriLog(path: string, options: FollowCriLogOptions = {}): AsyncGenerator<CriLogLine> {
  const pollMs = options.pollMs ?? 200;
  const signal = options.signal;
  let offset = -1;
  let splitter = new RecordSplitter();
  let asm = new CriLogAssembler();
  let lineNumber = 0;
  let identity = "";
  while (!signal?.aborted) {
    let size: number | undefined;
    let id = "";
    try {
      const st = await stat(path);
      size = st.size;
      id = `${st.dev}:${st.ino}`;
    } catch (err) {
      if (!isErrno(err, "ENOENT")) throw err;
    }
    if (size === undefined && offset < 0) {
      // Not there yet: everything it will hold is new, so read it from its start.
      offset = 0;
    }
    if (size !== undefined) {
      if (offset < 0) offset = options.fromEnd ? size : 0;
      if (size < offset || (identity && id !== identity)) {
        // Truncated or rotated: read the new content from its start.
        offset = 0;
        splitter = new RecordSplitter();
        asm = new CriLogAssembler();
      }
      identity = id;
      // A chunk at a time, so a large backlog is never one buffer.
      while (size > offset && !signal?.aborted) {
        const chunk = await readRange(path, offset, Math.min(CHUNK, size - offset));
        if (chunk.length === 0) break;
        offset += chunk.length;
        for (const part of splitter.push(chunk)) {
          lineNumber++;
          if (part === "") continue;
          let rec: CriLogRecord;
          try {
            rec = parseCriLogRecord(part, lineNumber);
          } catch {
            // While following, one bad record must not end the stream (e.g. we started mid-record).
            continue;
          }
          const line = asm.push(rec);
          if (line && (!options.streams || options.streams.includes(line.stream))) yield line;
        }
      }
    }
    await sleep(pollMs, signal);
  }
}

async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
