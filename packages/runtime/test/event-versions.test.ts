// The local node's event recorder keeps every version of an aggregated event (count and last time at
// each repetition), so the pod page "as of T" shows a back-off event as it was then, not its final count.
import { eventAtTime, type Pod } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { EventRecorder } from "../src/kubelet/events";

const pod: Pod = { metadata: { name: "crash", namespace: "default", uid: "u1" }, spec: { containers: [] } };

describe("EventRecorder versions", () => {
  it("keeps one version per repetition, and the event at T is read from them", () => {
    let now = Date.parse("2026-01-01T10:00:00Z");
    const rec = new EventRecorder(() => new Date(now), "host");
    for (let i = 0; i < 5; i++) {
      rec.record(pod, "Warning", "BackOff", "Back-off restarting failed container app");
      now += 60_000;
    }
    const [ev] = rec.list({ uid: "u1" });
    expect(ev.count).toBe(5);
    const versions = rec.versionsOf(ev);
    expect(versions.map((v) => v.count)).toEqual([1, 2, 3, 4, 5]);
    const then = eventAtTime(ev, versions, Date.parse("2026-01-01T10:02:30Z"))!;
    expect([then.count, then.lastTimestamp]).toEqual([3, "2026-01-01T10:02:00Z"]);
    rec.forget("u1");
    expect(rec.versionsOf(ev)).toEqual([]);
  });
});
