import { describe, expect, it } from "vitest";
import { existingPods, podsByNode } from "../src/pod-summary";
import type { Pod } from "../src/types";

const pod = (name: string, node?: string, uid = `u-${name}`, namespace = "shop"): Pod => ({
  metadata: { name, namespace, uid },
  spec: { containers: [], ...(node ? { nodeName: node } : {}) },
});

describe("podsByNode", () => {
  it("counts every pod bound to each node and names the first few; unbound pods are on no node", () => {
    const pods = [pod("a", "n1"), pod("b", "n2"), pod("c", "n1"), pod("d"), pod("e", "n1")];
    expect(podsByNode(pods, 2)).toEqual([
      {
        node: "n1",
        count: 3,
        pods: [
          { namespace: "shop", name: "a", uid: "u-a" },
          { namespace: "shop", name: "c", uid: "u-c" },
        ],
      },
      { node: "n2", count: 1, pods: [{ namespace: "shop", name: "b", uid: "u-b" }] },
    ]);
  });
});

describe("existingPods", () => {
  const pods = [pod("web", "n1", "u2"), pod("db", "n1", "u3", "data")];
  it("a uid names one incarnation: the re-created pod of that name is not it", () => {
    expect(existingPods(pods, [{ namespace: "shop", name: "web", uid: "u1" }])).toEqual([]);
    expect(existingPods(pods, [{ namespace: "shop", name: "web", uid: "u2" }])).toEqual([{ namespace: "shop", name: "web", uid: "u2" }]);
  });
  it("without a uid, namespace and name decide", () => {
    expect(
      existingPods(pods, [
        { namespace: "data", name: "db" },
        { namespace: "shop", name: "db" },
      ]).map((r) => r.name),
    ).toEqual(["db"]);
  });
});
