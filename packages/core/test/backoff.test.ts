import { describe, expect, it } from "vitest";
import { backOffEventMessage, crashLoopBackOffMessage, RestartBackoff } from "../src/backoff";
import { goDuration } from "../src/duration";

const S = 1000;

describe("restart back-off", () => {
  it("restarts the first time at once, then waits 10 s, 20 s, 40 s … capped at 300 s", () => {
    const b = new RestartBackoff();
    let t = 1_000_000 * S;
    const waits: number[] = [];
    // Each loop: the container exits at t; kubelet syncs until the restart goes ahead.
    for (let i = 0; i < 9; i++) {
      const finished = t;
      const first = b.decide("c", finished, finished);
      if (!first.inBackoff) {
        waits.push(0);
        t = finished + 1 * S;
        continue;
      }
      waits.push(first.backoffMs);
      expect(b.decide("c", finished, first.restartAtMs - 1).inBackoff).toBe(true);
      expect(b.decide("c", finished, first.restartAtMs).inBackoff).toBe(false);
      t = first.restartAtMs + 1 * S; // runs for a second, exits again
    }
    expect(waits.map((w) => w / S)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it("starts over at 10 s after the container ran for more than 10 minutes", () => {
    const b = new RestartBackoff();
    b.decide("c", 0, 0); // first exit: restart at once, armed at 10 s
    expect(b.decide("c", 5 * S, 5 * S)).toMatchObject({ inBackoff: true, backoffMs: 10 * S });
    b.decide("c", 5 * S, 15 * S); // restart; now 20 s
    expect(b.get("c")).toBe(20 * S);
    // ran 10 min + 1 s: the entry is stale
    const late = 5 * S + 600 * S + 1 * S;
    expect(b.decide("c", late, late)).toMatchObject({ inBackoff: false });
    expect(b.get("c")).toBe(10 * S);
  });

  it("exactly 10 minutes apart is not yet stale", () => {
    const b = new RestartBackoff();
    b.decide("c", 0, 0);
    expect(b.decide("c", 600 * S, 600 * S).inBackoff).toBe(true);
  });

  it("keeps entries per container", () => {
    const b = new RestartBackoff();
    b.decide("a", 0, 0);
    expect(b.decide("b", 1 * S, 1 * S).inBackoff).toBe(false);
    expect(b.decide("a", 1 * S, 1 * S).inBackoff).toBe(true);
  });

  it.each([
    [10_000, "10s"],
    [20_000, "20s"],
    [80_000, "1m20s"],
    [160_000, "2m40s"],
    [300_000, "5m0s"],
    [3_600_000, "1h0m0s"],
    [1500, "1.5s"],
    [0, "0s"],
    [250, "250ms"],
  ])("formats %d ms as Go does: %s", (ms, s) => expect(goDuration(ms)).toBe(s));

  it("words the CrashLoopBackOff message and the BackOff event as kubelet", () => {
    const pod = { metadata: { name: "web", namespace: "default", uid: "1234" } };
    expect(crashLoopBackOffMessage(300_000, "app", pod)).toBe("back-off 5m0s restarting failed container=app pod=web_default(1234)");
    expect(backOffEventMessage("app", pod)).toBe("Back-off restarting failed container app in pod web_default(1234)");
  });
});
