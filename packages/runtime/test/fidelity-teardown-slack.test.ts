// The fidelity suite's one allowance for a finished pod's sandbox teardown (normalize.ts TEARDOWN_SLACK_S): it
// forgives only PodReadyToStartContainers=False of a pod that ended on both nodes, and only up to its bound.
import type { Pod } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { compare } from "../fidelity/compare";
import { podView, TEARDOWN_SLACK_S, TIME_TOLERANCE_S, type Side } from "../fidelity/normalize";
import { allowTeardownSlack } from "../fidelity/verdict";

const START = Date.parse("2026-12-06T10:00:00Z");
const at = (s: number) => new Date(START + s * 1000).toISOString();
const side: Side = { uid: "u", nodeName: "n", cgroupRoot: "" };

function pod(phase: string, readyToStartAt: number, readyAt: number): Pod {
  return {
    metadata: { name: "p", namespace: "default", uid: "u" },
    status: {
      phase,
      startTime: at(0),
      conditions: [
        { type: "PodReadyToStartContainers", status: phase === "Running" ? "True" : "False", lastTransitionTime: at(readyToStartAt) },
        { type: "Ready", status: "False", lastTransitionTime: at(readyAt) },
      ],
    },
  } as Pod;
}

const disagreements = (real: Pod, podscope: Pod) =>
  allowTeardownSlack(compare(podView(real, side), podView(podscope, side), TIME_TOLERANCE_S), real, podscope, TIME_TOLERANCE_S);

describe("allowTeardownSlack", () => {
  it("forgives a later sandbox teardown of a Failed pod beyond the plain tolerance, within the slack", () => {
    expect(disagreements(pod("Failed", 2 + TIME_TOLERANCE_S + 2, 2), pod("Failed", 2, 2))).toEqual([]);
  });

  it("keeps a teardown difference beyond tolerance + slack", () => {
    const late = TIME_TOLERANCE_S + TEARDOWN_SLACK_S + 2;
    expect(disagreements(pod("Failed", late, 2), pod("Failed", 0, 2)).map((d) => d.path)).toEqual(["conditions[0].lastTransitionTime"]);
  });

  it("keeps every other condition's time to the plain tolerance", () => {
    expect(disagreements(pod("Failed", 2, 2 + TIME_TOLERANCE_S + 1), pod("Failed", 2, 2)).map((d) => d.path)).toEqual([
      "conditions[1].lastTransitionTime",
    ]);
  });

  it("gives no slack to a pod that has not ended", () => {
    expect(disagreements(pod("Running", 2 + TIME_TOLERANCE_S + 2, 2), pod("Running", 2, 2)).map((d) => d.path)).toEqual([
      "conditions[0].lastTransitionTime",
    ]);
  });
});
