// kubelet's node-pressure ranking and NoExecute taints with tolerationSeconds.
import { describe, expect, it } from "vitest";
import { nodePressureMessage, noExecuteEviction, rankForNodePressure, type PodUsage } from "../src/index";

const Mi = 2 ** 20;
describe("node-pressure eviction ranking", () => {
  const pods: PodUsage[] = [
    { pod: "a/guaranteed", priority: 0, memory: 200 * Mi, memoryRequest: 256 * Mi, processes: 5, disk: 0, diskRequest: 0 },
    { pod: "a/hog", priority: 0, memory: 900 * Mi, memoryRequest: 100 * Mi, processes: 50, disk: 5 * Mi, diskRequest: 0 },
    { pod: "a/small-over", priority: 0, memory: 180 * Mi, memoryRequest: 100 * Mi, processes: 2, disk: 1 * Mi, diskRequest: 10 * Mi },
    { pod: "a/critical-hog", priority: 2000000000, memory: 2000 * Mi, memoryRequest: 0, processes: 500, disk: 50 * Mi, diskRequest: 0 },
    { pod: "a/besteffort", priority: 0, memory: 50 * Mi, memoryRequest: 0, processes: 1 },
  ];
  it("memory: over-request first, then lower priority, then the largest excess", () => {
    expect(rankForNodePressure("memory", pods).map((p) => p.pod)).toEqual([
      "a/hog",
      "a/small-over",
      "a/besteffort",
      "a/critical-hog",
      "a/guaranteed",
    ]);
  });
  it("pids: lower priority first, then most processes", () => {
    expect(rankForNodePressure("pids", pods).map((p) => p.pod)).toEqual([
      "a/hog",
      "a/guaranteed",
      "a/small-over",
      "a/besteffort",
      "a/critical-hog",
    ]);
  });
  it("ephemeral storage: over-request first, then priority, then excess", () => {
    expect(rankForNodePressure("ephemeral-storage", pods).map((p) => p.pod)).toEqual([
      "a/hog",
      "a/critical-hog",
      "a/besteffort",
      "a/guaranteed",
      "a/small-over",
    ]);
  });
  it("writes kubelet's status message", () => {
    expect(nodePressureMessage("memory", "100Mi", "52Mi")).toBe(
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi. ",
    );
  });
});

describe("NoExecute taints", () => {
  const unreachable = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
  it.each([
    ["no toleration → at once", undefined, [unreachable], 10, 10],
    [
      "default 300 s toleration",
      [{ key: "node.kubernetes.io/unreachable", operator: "Exists" as const, effect: "NoExecute" as const, tolerationSeconds: 300 }],
      [unreachable],
      10,
      310,
    ],
    ["toleration without limit → stays", [{ operator: "Exists" as const }], [unreachable], 0, null],
    [
      "shortest limit of the matching tolerations",
      [
        { key: "node.kubernetes.io/unreachable", operator: "Exists" as const, tolerationSeconds: 60 },
        { operator: "Exists" as const, tolerationSeconds: 30 },
      ],
      [unreachable],
      0,
      30,
    ],
    ["negative seconds count as 0", [{ operator: "Exists" as const, tolerationSeconds: -5 }], [unreachable], 7, 7],
    [
      "must tolerate every NoExecute taint",
      [{ key: "node.kubernetes.io/unreachable", operator: "Exists" as const }],
      [unreachable, { key: "gpu", value: "bad", effect: "NoExecute" }],
      0,
      0,
    ],
    ["NoSchedule taints evict nobody", undefined, [{ key: "x", effect: "NoSchedule" }], 0, null],
  ])("%s", (_n, tols, taints, addedAt, want) => {
    expect(noExecuteEviction(tols, taints, addedAt).evictAt).toBe(want);
  });
});
