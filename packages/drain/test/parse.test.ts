// Flag values: Go durations (--timeout). Label selectors (--pod-selector) are core's: packages/core/test/label-selector.test.ts.
import { describe, expect, it } from "vitest";
import { DurationError, parseGoDuration } from "../src/duration";

describe("Go durations", () => {
  it.each([
    ["0", 0],
    ["30s", 30],
    ["1m30s", 90],
    ["1.5h", 5400],
    ["250ms", 0.25],
    ["2h0m0s", 7200],
    ["+5m", 300],
  ])("%s = %f s", (t, s) => {
    expect(parseGoDuration(t)).toBeCloseTo(s);
  });
  it.each([
    ["10", 'time: missing unit in duration "10"'],
    ["abc", 'time: invalid duration "abc"'],
    ["", 'time: invalid duration ""'],
    ["5x", 'time: unknown unit "x" in duration "5x"'],
  ])("rejects %j", (t, msg) => {
    expect(() => parseGoDuration(t)).toThrow(DurationError);
    expect(() => parseGoDuration(t)).toThrow(msg);
  });
});
