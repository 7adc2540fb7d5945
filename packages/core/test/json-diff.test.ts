import { describe, expect, it } from "vitest";
import { applyJsonDiff, diffJson } from "../src/json-diff";

/** The round trip the recorder relies on: the very JSON text comes back (values and key order). */
function roundTrip(from: unknown, to: unknown) {
  const diff = diffJson(from, to);
  const wire = diff === undefined ? undefined : JSON.parse(JSON.stringify(diff));
  const back = applyJsonDiff(JSON.parse(JSON.stringify(from)), wire);
  expect(JSON.stringify(back)).toBe(JSON.stringify(to));
  return diff;
}

const running = {
  phase: "Running",
  conditions: [
    { type: "Ready", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" },
    { type: "PodScheduled", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" },
  ],
  podIP: "10.0.0.7",
  containerStatuses: [
    {
      name: "app",
      state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
      ready: true,
      restartCount: 0,
      imageID: "sha256:" + "f0".repeat(32),
    },
  ],
};

describe("diffJson / applyJsonDiff", () => {
  it("says nothing for equal values", () => {
    expect(diffJson(running, JSON.parse(JSON.stringify(running)))).toBeUndefined();
    expect(diffJson(null, null)).toBeUndefined();
    expect(diffJson([1, "a"], [1, "a"])).toBeUndefined();
  });

  it("a restart is a small diff of the changed members only, by array index", () => {
    const restarted = JSON.parse(JSON.stringify(running));
    restarted.conditions[0] = { type: "Ready", status: "False", lastTransitionTime: "2026-01-01T00:05:00Z" };
    restarted.containerStatuses[0] = {
      name: "app",
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 1 } },
      ready: false,
      restartCount: 1,
      imageID: running.containerStatuses[0].imageID,
    };
    const diff = roundTrip(running, restarted);
    expect(JSON.stringify(diff)).not.toContain("sha256"); // the unchanged digest is not stored again
    expect(JSON.stringify(diff)).not.toContain("PodScheduled"); // nor the unchanged condition
    expect(JSON.stringify(diff).length).toBeLessThan(JSON.stringify(restarted).length);
  });

  it("keeps key order, removes members, grows and shrinks arrays, changes types", () => {
    roundTrip({ a: 1, b: 2, c: 3 }, { c: 3, a: 1, b: 2 });
    roundTrip({ a: 1, b: 2 }, { a: 1, x: 0, b: 2 });
    roundTrip({ a: 1, b: { c: 2 } }, { a: 1 });
    roundTrip({ a: [1, 2, 3] }, { a: [1] });
    roundTrip({ a: [1] }, { a: [1, { b: [2] }, null] });
    roundTrip({ a: { b: 1 } }, { a: [1] });
    roundTrip({ a: null }, { a: { b: null } });
    roundTrip("x", { a: 1 });
    roundTrip({}, running);
    roundTrip(running, {});
    expect(diffJson({ a: 1 }, { a: 1, b: 2 })).toEqual(["o", { b: ["=", 2] }]);
    expect(diffJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual(["o", {}, ["b", "a"]]);
  });

  it("handles a member named __proto__ as data", () => {
    const from = JSON.parse('{"__proto__": {"x": 1}, "a": 1}');
    const to = JSON.parse('{"__proto__": {"x": 2}, "a": 1}');
    roundTrip(from, to);
  });
});
