import { describe, expect, it } from "vitest";
import { displayCommand, isKernelThread, parseCmdline, parseProcStat, ProcFileError } from "../src/index";

const tail = "0 0 0 0 0 0 0 0 20 0 1 0 12345 1000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

describe("parseProcStat", () => {
  it.each([
    [`1 (pause) S 0 1 1 0 -1 4194560 ${tail}`, { pid: 1, comm: "pause", state: "S", ppid: 0, flags: 4194560, startTicks: 12345 }],
    // comm may hold spaces and ")": the last ")" ends it
    [
      `42 (my (odd) name) Z 7 42 42 0 -1 4194308 ${tail}`,
      { pid: 42, comm: "my (odd) name", state: "Z", ppid: 7, flags: 4194308, startTicks: 12345 },
    ],
    [`2 (kthreadd) S 0 0 0 0 -1 2129984 ${tail}`, { pid: 2, comm: "kthreadd", state: "S", ppid: 0, flags: 2129984, startTicks: 12345 }],
  ])("%s", (raw, v) => expect(parseProcStat(raw)).toEqual(v));

  it("tells kernel threads by PF_KTHREAD", () => {
    expect(isKernelThread(parseProcStat(`2 (kthreadd) S 0 0 0 0 -1 2129984 ${tail}`))).toBe(true);
    expect(isKernelThread(parseProcStat(`1 (pause) S 0 1 1 0 -1 4194560 ${tail}`))).toBe(false);
  });

  it.each(["", "1 pause S 0", "1 (pause) S 0 1"])("rejects %j", (raw) => expect(() => parseProcStat(raw)).toThrow(ProcFileError));
});

describe("command lines", () => {
  it.each([
    ["sleep\u0000300\u0000", "sleep 300"],
    ["/pause\u0000", "/pause"],
    ["sh\u0000-c\u0000echo a  b\u0000", "sh -c echo a  b"],
    ["", ""],
  ])("%j → %j", (raw, v) => expect(parseCmdline(raw)).toBe(v));
  it("falls back to [comm] without argv", () => {
    expect(displayCommand("", "kworker/0:1")).toBe("[kworker/0:1]");
    expect(displayCommand("sleep 1", "sleep")).toBe("sleep 1");
  });
});
