// Flag values: Go durations (--timeout) and label selectors (--pod-selector).
import { describe, expect, it } from "vitest";
import { DurationError, parseGoDuration } from "../src/duration";
import { matchesRequirements, parseSelector, SelectorError } from "../src/selectors";

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

describe("label selectors", () => {
  const labels = { app: "web", tier: "front" };
  it.each([
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["app in (web,api)", true],
    ["app notin (web)", false],
    ["tier", true],
    ["!tier", false],
    ["app=web,tier=back", false],
    ["missing!=x", true],
    ["", true],
  ])("%j matches {app: web, tier: front}: %s", (sel, want) => {
    expect(matchesRequirements(parseSelector(sel), labels)).toBe(want);
  });
  it.each([["app=we b"], ["=x"], ["a in (b"]])("rejects %j", (sel) => {
    expect(() => parseSelector(sel)).toThrow(SelectorError);
  });
});
