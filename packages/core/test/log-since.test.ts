import { describe, expect, it } from "vitest";
import { logSinceCutoff, SINCE_BOTH_MESSAGE, sinceSecondsOf, writtenBefore } from "../src/log-since";

const NOW = Date.parse("2026-12-06T20:00:00Z");

describe("kubectl logs --since / --since-time", () => {
  it("the cutoff: N seconds before the node's clock, or the given time; none without either", () => {
    expect(logSinceCutoff({ sinceSeconds: 90 }, NOW)).toBe(Date.parse("2026-12-06T19:58:30Z"));
    // To the second, as the API's metav1.Time carries it.
    expect(logSinceCutoff({ sinceTime: "2026-12-06T19:00:00.5+01:00" }, NOW)).toBe(Date.parse("2026-12-06T18:00:00Z"));
    expect(logSinceCutoff({}, NOW)).toBeUndefined();
    expect(() => logSinceCutoff({ sinceSeconds: 1, sinceTime: "2026-12-06T19:00:00Z" }, NOW)).toThrow(SINCE_BOTH_MESSAGE);
    expect(() => logSinceCutoff({ sinceTime: "yesterday" }, NOW)).toThrow(/not an RFC 3339 time: "yesterday"/);
  });

  it("a line before the cutoff is skipped, one at it kept (CRI times carry nanoseconds)", () => {
    const cutoff = Date.parse("2026-12-06T19:59:00.250Z");
    expect(writtenBefore("2026-12-06T19:59:00.249999999Z", cutoff)).toBe(true);
    expect(writtenBefore("2026-12-06T19:59:00.250123456Z", cutoff)).toBe(false);
    expect(writtenBefore("2026-12-06T19:59:01Z", cutoff)).toBe(false);
    expect(writtenBefore("2026-12-06T19:00:00Z", undefined)).toBe(false);
  });

  it("--since takes a Go duration, rounded up to whole seconds as kubectl does", () => {
    expect(sinceSecondsOf("10s")).toBe(10);
    expect(sinceSecondsOf("1h30m")).toBe(5400);
    expect(sinceSecondsOf("1.1s")).toBe(2);
    expect(sinceSecondsOf("250ms")).toBe(1);
    expect(sinceSecondsOf("2m0.5s")).toBe(121);
    expect(sinceSecondsOf("-5s")).toBe(-5);
    expect(sinceSecondsOf("0")).toBe(0);
  });

  it("refuses what Go's time.ParseDuration refuses, in kubectl's words", () => {
    expect(() => sinceSecondsOf("5")).toThrow('invalid argument "5" for "--since" flag: time: missing unit in duration "5"');
    // The words of kubectl v1.34.4 (Go's time.ParseDuration behind pflag), run here for each of these.
    expect(() => sinceSecondsOf("5 minutes")).toThrow(
      'invalid argument "5 minutes" for "--since" flag: time: unknown unit " minutes" in duration "5 minutes"',
    );
    expect(() => sinceSecondsOf("1d")).toThrow('invalid argument "1d" for "--since" flag: time: unknown unit "d" in duration "1d"');
    expect(() => sinceSecondsOf("")).toThrow('invalid argument "" for "--since" flag: time: invalid duration ""');
    expect(() => sinceSecondsOf("abc")).toThrow('invalid argument "abc" for "--since" flag: time: invalid duration "abc"');
    expect(() => sinceSecondsOf("1.5")).toThrow('invalid argument "1.5" for "--since" flag: time: missing unit in duration "1.5"');
    expect(() => sinceSecondsOf("5s5")).toThrow('invalid argument "5s5" for "--since" flag: time: missing unit in duration "5s5"');
  });
});
