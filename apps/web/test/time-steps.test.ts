import { describe, expect, it } from "vitest";
import { stepTime, timeRange } from "../lib/time-steps";

const T = Date.parse("2026-01-01T10:00:00Z");
const min = 60_000;

describe("time travel steps", () => {
  it("the range runs from when history reaches back to the source's now, T inside", () => {
    expect(timeRange(T, T + 10 * min, new Date(T - 5 * min).toISOString())).toEqual({ start: T - 5 * min, end: T + 10 * min });
    expect(timeRange(T, T + 10 * min)).toEqual({ start: T - 60 * min, end: T + 10 * min });
    // T before history: the slider still shows it.
    expect(timeRange(T - 9 * min, T, new Date(T - 5 * min).toISOString()).start).toBe(T - 9 * min);
  });
  it("steps to the previous and next recorded change, none past the range", () => {
    const range = { start: T - 10 * min, end: T + 10 * min };
    const changes = [T - 20 * min, T - 3 * min, T, T + 2 * min, T + 30 * min];
    expect(stepTime(T, -1, range, { changes })).toBe(T - 3 * min);
    expect(stepTime(T, 1, range, { changes })).toBe(T + 2 * min);
    expect(stepTime(T + 2 * min, 1, range, { changes })).toBeNull();
    expect(stepTime(T - 3 * min, -1, range, { changes })).toBeNull();
    // Between two changes: the nearest each way.
    expect(stepTime(T + 30_000, -1, range, { changes })).toBe(T);
  });
  it("steps by a fixed amount, never past the source's now; back past the start of history", () => {
    const range = { start: T - 90_000, end: T + 30_000 };
    expect(stepTime(T, -1, range, { stepMs: min })).toBe(T - min);
    expect(stepTime(T, 1, range, { stepMs: min })).toBe(T + 30_000);
    expect(stepTime(T + 30_000, 1, range, { stepMs: min })).toBeNull();
    expect(stepTime(T - 60_000, -1, range, { stepMs: min })).toBe(T - 120_000);
  });
});
