// The CRI log reader on files we write ourselves: record parsing, partial records joined,
// malformed input reported with its line, and following a file as it grows.
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CriLogAssembler, CriLogFormatError, followCriLog, parseCriLogRecord, readCriLog, type CriLogLine } from "../src/cri/logs";

const dir = mkdtempSync(join(tmpdir(), "podscope-cri-logs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T = "2026-01-02T03:04:05.123456789Z";

describe("parseCriLogRecord", () => {
  it.each([
    [`${T} stdout F hello world`, { time: T, stream: "stdout", partial: false, message: "hello world" }],
    [`${T} stderr P part`, { time: T, stream: "stderr", partial: true, message: "part" }],
    [`${T} stdout F `, { time: T, stream: "stdout", partial: false, message: "" }],
    [`${T} stdout F`, { time: T, stream: "stdout", partial: false, message: "" }],
    [`${T} stdout F  two  spaces `, { time: T, stream: "stdout", partial: false, message: " two  spaces " }],
    [`2026-01-02T03:04:05+02:00 stdout F tz`, { time: "2026-01-02T03:04:05+02:00", stream: "stdout", partial: false, message: "tz" }],
    [`${T} stdout F:extra tagged`, { time: T, stream: "stdout", partial: false, message: "tagged" }],
  ])("%j", (text, want) => {
    expect(parseCriLogRecord(text)).toEqual(want);
  });

  it.each([
    ["hello", /expected '<time> <stream> <tag> <message>'/],
    [`yesterday stdout F x`, /bad timestamp "yesterday"/],
    [`${T} stdin F x`, /bad stream "stdin"/],
    [`${T} stdout X x`, /bad tag "X"/],
  ])("rejects %j readably", (text, msg) => {
    expect(() => parseCriLogRecord(text, 7)).toThrow(CriLogFormatError);
    expect(() => parseCriLogRecord(text, 7)).toThrow(msg);
    expect(() => parseCriLogRecord(text, 7)).toThrow(/at line 7/);
  });
});

describe("CriLogAssembler", () => {
  it("joins partial records per stream and keeps the first piece's time", () => {
    const a = new CriLogAssembler();
    const out: (CriLogLine | undefined)[] = [];
    out.push(a.push({ time: "t1", stream: "stdout", partial: true, message: "ab" }));
    out.push(a.push({ time: "t2", stream: "stderr", partial: false, message: "err" }));
    out.push(a.push({ time: "t3", stream: "stdout", partial: true, message: "cd" }));
    out.push(a.push({ time: "t4", stream: "stdout", partial: false, message: "ef" }));
    expect(out).toEqual([
      undefined,
      { time: "t2", stream: "stderr", message: "err" },
      undefined,
      { time: "t1", stream: "stdout", message: "abcdef" },
    ]);
    expect(a.flush()).toEqual([]);
  });

  it("hands out an unfinished line on flush", () => {
    const a = new CriLogAssembler();
    a.push({ time: "t1", stream: "stdout", partial: true, message: "no end" });
    expect(a.flush()).toEqual([{ time: "t1", stream: "stdout", message: "no end" }]);
  });
});

describe("readCriLog", () => {
  it("reads whole lines, filters streams, tails, and ignores an unterminated last record", () => {
    const f = join(dir, "read.log");
    writeFileSync(
      f,
      [
        `${T} stdout F one`,
        `${T} stderr F two`,
        `${T} stdout P thr`,
        `${T} stdout F ee`,
        `${T} stdout F four`,
        `${T} stdout F half-writ`,
      ].join("\n"),
    );
    return (async () => {
      expect((await readCriLog(f)).map((l) => l.message)).toEqual(["one", "two", "three", "four"]);
      expect((await readCriLog(f, { streams: ["stderr"] })).map((l) => l.message)).toEqual(["two"]);
      expect((await readCriLog(f, { tail: 2 })).map((l) => l.message)).toEqual(["three", "four"]);
    })();
  });

  it("tails a file of several MiB by reading its end, matching a full read", async () => {
    // Records as containerd writes them: long lines split into P pieces then an F, both streams
    // interleaved line by line. Deterministic pseudo-random content (no clock, no Math.random).
    let seed = 42;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const records: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 3.5 * 1024 * 1024; i++) {
      const stream = rnd(3) === 0 ? "stderr" : "stdout";
      const pieces = rnd(10) === 0 ? 1 + rnd(3) : 0;
      for (let k = 0; k < pieces; k++) records.push(`${T} ${stream} P piece${k}-of-${i}-ü`);
      records.push(`${T} ${stream} F line ${i} ${"x".repeat(rnd(80))}`);
      bytes += records[records.length - 1].length * (pieces + 1);
    }
    const f = join(dir, "big.log");
    writeFileSync(f, `${records.join("\n")}\n${T} stdout F still-being-writ`);
    const all = await readCriLog(f);
    expect(all.length).toBeGreaterThan(30_000);
    expect(all.some((l) => l.message.startsWith("piece0-of-"))).toBe(true);
    for (const tail of [0, 1, 7, 1000, all.length, all.length + 5]) {
      expect(await readCriLog(f, { tail }), `tail ${tail}`).toEqual(all.slice(Math.max(0, all.length - tail)));
      const errs = all.filter((l) => l.stream === "stderr");
      expect(await readCriLog(f, { tail, streams: ["stderr"] }), `stderr tail ${tail}`).toEqual(
        errs.slice(Math.max(0, errs.length - tail)),
      );
    }
  });

  it("reads a missing file as empty", async () => {
    expect(await readCriLog(join(dir, "nope.log"))).toEqual([]);
  });

  it("names the line of a malformed record, or skips it when lenient", async () => {
    const f = join(dir, "bad.log");
    writeFileSync(f, `${T} stdout F ok\ngarbage here\n${T} stdout F ok2\n`);
    await expect(readCriLog(f)).rejects.toThrow(/malformed CRI log record at line 2/);
    expect((await readCriLog(f, { lenient: true })).map((l) => l.message)).toEqual(["ok", "ok2"]);
  });
});

describe("followCriLog", () => {
  it("waits for the file, yields lines as they are completed (also across split writes and UTF-8), and starts over on truncation", async () => {
    const f = join(dir, "follow.log");
    const ac = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const line of followCriLog(f, { signal: ac.signal, pollMs: 10 })) {
        got.push(`${line.stream}:${line.message}`);
        if (got.length === 5) ac.abort();
      }
    })();
    const until = async (n: number) => {
      const deadline = Date.now() + 5_000;
      while (got.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    await new Promise((r) => setTimeout(r, 50)); // the file does not exist yet
    writeFileSync(f, `${T} stdout F first\n${T} stdout F sec`);
    await until(1);
    expect(got).toEqual(["stdout:first"]);
    // Split a record mid-way, and mid-way through a multi-byte character ("ü" is 2 bytes).
    const rest = Buffer.from(`ond\n${T} stderr F grün\n`);
    const cut = rest.indexOf(Buffer.from("ü")) + 1;
    appendFileSync(f, rest.subarray(0, cut));
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(f, rest.subarray(cut));
    await until(3);
    expect(got).toEqual(["stdout:first", "stdout:second", "stderr:grün"]);
    truncateSync(f, 0);
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(f, `${T} stdout F after-truncate\n${T} stdout F last\n`);
    await done;
    expect(got).toEqual(["stdout:first", "stdout:second", "stderr:grün", "stdout:after-truncate", "stdout:last"]);
  });

  it("starts at the end with fromEnd", async () => {
    const f = join(dir, "from-end.log");
    writeFileSync(f, `${T} stdout F old\n`);
    const ac = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const line of followCriLog(f, { signal: ac.signal, pollMs: 10, fromEnd: true })) {
        got.push(line.message);
        ac.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 60));
    appendFileSync(f, `${T} stdout F new\n`);
    await done;
    expect(got).toEqual(["new"]);
  });

  it("with fromEnd, still reads everything of a file that did not exist when following began", async () => {
    const f = join(dir, "late.log");
    const ac = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const line of followCriLog(f, { signal: ac.signal, pollMs: 10, fromEnd: true })) {
        got.push(line.message);
        if (got.length === 2) ac.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 40));
    writeFileSync(f, `${T} stdout F one\n${T} stdout F two\n`);
    await done;
    expect(got).toEqual(["one", "two"]);
  });
});
