import { describe, expect, it } from "vitest";
import { ProbeState, probeTiming, unhealthyMessage, type ProbeResult, type PublishedProbeResult } from "../src/probe-state";

describe("probe result bookkeeping", () => {
  it("applies the API defaults", () => {
    expect(probeTiming({ exec: { command: ["true"] } })).toEqual({
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it.each<
    [
      string,
      "readiness" | "liveness" | "startup",
      { successThreshold?: number; failureThreshold?: number },
      ProbeResult[],
      PublishedProbeResult[],
    ]
  >([
    ["readiness starts failing, flips on the first success", "readiness", {}, ["Success"], ["Success"]],
    [
      "readiness needs successThreshold in a row",
      "readiness",
      { successThreshold: 3 },
      ["Success", "Success", "Failure", "Success", "Success", "Success"],
      ["Failure", "Failure", "Failure", "Failure", "Failure", "Success"],
    ],
    [
      "liveness needs failureThreshold failures in a row",
      "liveness",
      { failureThreshold: 3 },
      ["Failure", "Failure", "Success", "Failure", "Failure", "Failure"],
      ["Success", "Success", "Success", "Success", "Success", "Failure"],
    ],
    ["startup has no verdict until it succeeds", "startup", {}, ["Failure", "Success"], ["Unknown", "Success"]],
    [
      "startup fails after failureThreshold failures in a row",
      "startup",
      { failureThreshold: 2 },
      ["Failure", "Failure"],
      ["Unknown", "Failure"],
    ],
  ])("%s", (_t, kind, th, raws, published) => {
    const p = new ProbeState(kind, probeTiming({ ...th }));
    expect(
      raws.map((r) => {
        p.observe(r);
        return p.result;
      }),
    ).toEqual(published);
  });

  it("reset goes back to the initial result", () => {
    const p = new ProbeState("readiness", probeTiming({}));
    p.observe("Success");
    p.reset();
    expect(p.result).toBe("Failure");
  });

  it("words the Unhealthy event as kubelet", () =>
    expect(unhealthyMessage("readiness", "not yet")).toBe("Readiness probe failed: not yet"));
});
