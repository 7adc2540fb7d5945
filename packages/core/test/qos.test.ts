import { describe, expect, it } from "vitest";
import { qosClass, type QOSClass } from "../src/qos";
import type { Container, ResourceRequirements } from "../src/types";

const c = (resources?: ResourceRequirements): Container => ({ name: "c", ...(resources ? { resources } : {}) });
const pod = (containers: Container[], initContainers: Container[] = []) => ({ spec: { containers, initContainers } });

describe("QoS class", () => {
  it.each<[string, ReturnType<typeof pod>, QOSClass]>([
    ["nothing anywhere", pod([c(), c()]), "BestEffort"],
    ["only zero quantities", pod([c({ requests: { cpu: "0", memory: "0" } })]), "BestEffort"],
    ["only non-qos resources", pod([c({ limits: { "ephemeral-storage": "1Gi" } })]), "BestEffort"],
    [
      "limits = requests for cpu and memory",
      pod([c({ requests: { cpu: "500m", memory: "64Mi" }, limits: { cpu: "0.5", memory: "64Mi" } })]),
      "Guaranteed",
    ],
    ["limits only (requests default to limits)", pod([c({ limits: { cpu: "1", memory: "1Gi" } })]), "Guaranteed"],
    ["memory limit only", pod([c({ limits: { memory: "64Mi" } })]), "Burstable"],
    [
      "requests below limits",
      pod([c({ requests: { cpu: "100m", memory: "32Mi" }, limits: { cpu: "200m", memory: "32Mi" } })]),
      "Burstable",
    ],
    ["one guaranteed container, one best-effort", pod([c({ limits: { cpu: "1", memory: "1Gi" } }), c()]), "Burstable"],
    ["requests only", pod([c({ requests: { cpu: "100m" } })]), "Burstable"],
    ["an init container without limits spoils Guaranteed", pod([c({ limits: { cpu: "1", memory: "1Gi" } })], [c()]), "Burstable"],
    ["an init container's request alone makes Burstable", pod([c()], [c({ requests: { memory: "10Mi" } })]), "Burstable"],
    [
      "init containers with full limits stay Guaranteed",
      pod([c({ limits: { cpu: "1", memory: "1Gi" } })], [c({ limits: { cpu: "2", memory: "2Gi" } })]),
      "Guaranteed",
    ],
  ])("%s → %s", (_t, p, want) => expect(qosClass(p)).toBe(want));

  it("rejects a malformed quantity instead of guessing", () => {
    expect(() => qosClass(pod([c({ limits: { cpu: "lots" } })]))).toThrow(/quantities must match/);
  });
});
