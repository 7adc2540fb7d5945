import { describe, expect, it } from "vitest";
import { firstPodsInListOrder, podListOrderKey, podListRow, type Pod } from "../src";

const base: Pod = {
  metadata: {
    name: "web-1",
    namespace: "shop",
    uid: "u-1",
    resourceVersion: "7",
    creationTimestamp: "2026-01-01T10:00:00Z",
    labels: { app: "web" },
  },
  spec: { nodeName: "node-a", containers: [{ name: "app", image: "busybox", resources: { requests: { cpu: "100m" } } }] },
  status: {
    phase: "Running",
    podIP: "10.0.0.5",
    podIPs: [{ ip: "10.0.0.5" }],
    containerStatuses: [
      {
        name: "app",
        image: "busybox",
        imageID: "",
        ready: false,
        restartCount: 3,
        state: { waiting: { reason: "CrashLoopBackOff" } },
        lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2026-01-01T10:05:00Z" } },
      },
    ],
  },
};

describe("podListRow", () => {
  it("carries kubectl's columns and what the list filters by", () => {
    expect(podListRow(base)).toEqual({
      namespace: "shop",
      name: "web-1",
      uid: "u-1",
      resourceVersion: "7",
      ready: "0/1",
      status: "CrashLoopBackOff",
      restartCount: 3,
      lastRestartMs: Date.parse("2026-01-01T10:05:00Z"),
      createdMs: Date.parse("2026-01-01T10:00:00Z"),
      qos: "Burstable",
      node: "node-a",
      ip: "10.0.0.5",
      labels: { app: "web" },
    });
  });

  it("leaves node and IP empty for an unscheduled pod, and takes the latest termination of any container", () => {
    const pod: Pod = {
      metadata: { name: "p" },
      spec: { containers: [{ name: "a", image: "x" }] },
      status: {
        phase: "Pending",
        qosClass: "BestEffort",
        initContainerStatuses: [
          {
            name: "i",
            image: "x",
            imageID: "",
            ready: false,
            restartCount: 0,
            state: {},
            lastState: { terminated: { exitCode: 0, finishedAt: "2026-01-01T10:09:00Z" } },
          },
        ],
        containerStatuses: [
          {
            name: "a",
            image: "x",
            imageID: "",
            ready: false,
            restartCount: 0,
            state: {},
            lastState: { terminated: { exitCode: 1, finishedAt: "2026-01-01T10:01:00Z" } },
          },
        ],
      },
    };
    const r = podListRow(pod);
    expect([r.namespace, r.node, r.ip, r.qos, r.createdMs, r.uid]).toEqual(["default", "", "", "BestEffort", null, ""]);
    expect(r.lastRestartMs).toBe(Date.parse("2026-01-01T10:09:00Z"));
  });
});

describe("firstPodsInListOrder", () => {
  const named = (namespace: string, name: string): Pod => ({ metadata: { namespace, name }, spec: { containers: [] } });
  const ids = (pods: Pod[]) => pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  // Shuffled on purpose: the pick must not depend on the order the source lists pods in.
  const pods = [
    named("b", "web-10"),
    named("a", "web-2"),
    named("b", "web-2"),
    named("a", "web-10"),
    named("ns-10", "x"),
    named("ns-9", "x"),
    named("a", "api"),
  ];

  it("picks the first pods of the list's default order: namespace, then name, numbers as numbers", () => {
    expect(ids(firstPodsInListOrder(pods, 4))).toEqual(["a/api", "a/web-2", "a/web-10", "b/web-2"]);
    expect(ids(firstPodsInListOrder(pods, 100))).toEqual(["a/api", "a/web-2", "a/web-10", "b/web-2", "b/web-10", "ns-9/x", "ns-10/x"]);
  });

  it("the same order as sorting every pod by podListOrderKey", () => {
    const many = Array.from({ length: 500 }, (_, i) => named(`ns-${(i * 7) % 13}`, `pod-${(i * 31) % 500}`));
    const sorted = [...many].sort((x, y) => {
      const a = podListOrderKey(x.metadata.namespace!, x.metadata.name!);
      const b = podListOrderKey(y.metadata.namespace!, y.metadata.name!);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    expect(ids(firstPodsInListOrder(many, 37))).toEqual(ids(sorted.slice(0, 37)));
  });

  it("only the namespace asked for, when one is", () => {
    expect(ids(firstPodsInListOrder(pods, 100, "b"))).toEqual(["b/web-2", "b/web-10"]);
    expect(firstPodsInListOrder(pods, 100, "none")).toEqual([]);
  });
});
