// Snapshot files: the forms kubectl writes, and readable errors with line and column for bad ones.
import { describe, expect, it } from "vitest";
import { loadSnapshot, SnapshotError, snapshotFromObjects } from "../src/snapshot";

const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: n1}
- apiVersion: v1
  kind: Pod
  metadata: {name: p, namespace: ns}
  spec: {containers: [{name: c}]}
- apiVersion: v1
  kind: Service
  metadata: {name: s}
`;

describe("loadSnapshot", () => {
  it("reads a v1 List and ignores kinds the drain does not use", () => {
    const { snapshot, ignored } = loadSnapshot(list);
    expect(snapshot.nodes.map((n) => n.metadata.name)).toEqual(["n1"]);
    expect(snapshot.pods.map((p) => p.metadata.name)).toEqual(["p"]);
    expect(ignored).toEqual({ Service: 1 });
  });

  it("reads multi-document YAML and nested lists (PodList, NodeList)", () => {
    const text = `kind: NodeList\nitems:\n- {kind: Node, metadata: {name: a}}\n---\nkind: PodDisruptionBudget\nmetadata: {name: b}\nspec: {maxUnavailable: "25%", selector: {}}\n`;
    const { snapshot } = loadSnapshot(text);
    expect(snapshot.nodes).toHaveLength(1);
    expect(snapshot.pdbs[0].metadata.namespace).toBe("default");
  });

  it("reads JSON", () => {
    const { snapshot } = loadSnapshot(
      JSON.stringify({ kind: "List", items: [{ kind: "ReplicaSet", metadata: { name: "r", namespace: "x" }, spec: { replicas: 2 } }] }),
    );
    expect(snapshot.replicaSets[0].spec?.replicas).toBe(2);
  });

  it("an empty file is an empty cluster", () => {
    expect(loadSnapshot("").snapshot.nodes).toEqual([]);
  });

  const bad: [string, string, RegExp, number?, number?][] = [
    ["YAML syntax error", "kind: List\nitems:\n- kind: Node\n  metadata: {name: [a\n", /^f\.yaml:\d+:\d+: YAML error: /],
    ["bad indentation", "kind: Node\nmetadata:\n  name: a\n bad: 1\n", /^f\.yaml:4:\d+: YAML error/, 4],
    ["JSON syntax error", '{"kind": "Node",\n "metadata": {"name": "a"}', /^f\.yaml:\d+:\d+: YAML error/],
    ["no kind", "metadata: {name: a}\n", /object has no kind/],
    ["no name", "kind: Pod\nmetadata: {}\n", /Pod has no metadata.name/],
    ["pod without containers", "kind: Pod\nmetadata: {name: p}\nspec: {}\n", /Pod default\/p: spec.containers must be a list/],
    [
      "bad PDB value",
      "kind: PodDisruptionBudget\nmetadata: {name: b}\nspec: {minAvailable: half}\n",
      /spec.minAvailable must be a non-negative integer or a percentage/,
    ],
    [
      "both PDB fields",
      "kind: PodDisruptionBudget\nmetadata: {name: b}\nspec: {minAvailable: 1, maxUnavailable: 1}\n",
      /cannot be both set/,
    ],
    ["duplicate", "kind: Node\nmetadata: {name: a}\n---\nkind: Node\nmetadata: {name: a}\n", /^f\.yaml:4:1: Node a appears twice/],
    ["a scalar document", "just a string\n", /expected a Kubernetes object/],
  ];
  it.each(bad)("rejects %s with a readable message", (_n, text, re, line) => {
    let err: unknown;
    try {
      loadSnapshot(text, "f.yaml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toMatch(re);
    if (line !== undefined) expect((err as SnapshotError).line).toBe(line);
  });
});

describe("snapshotFromObjects", () => {
  it("takes objects from memory, flattens lists and copies them", () => {
    const node = { kind: "Node", metadata: { name: "n1" } };
    const { snapshot } = snapshotFromObjects([
      node,
      { kind: "PodList", items: [{ kind: "Pod", metadata: { name: "p" }, spec: { containers: [] } }] },
    ]);
    expect(snapshot.nodes[0]).not.toBe(node);
    expect(snapshot.pods[0].metadata.namespace).toBe("default");
    expect((node.metadata as { namespace?: string }).namespace).toBeUndefined();
  });
  it("names a bad object by its index", () => {
    expect(() =>
      snapshotFromObjects(
        [
          { kind: "Node", metadata: { name: "a" } },
          { kind: "Pod", metadata: {} },
        ],
        "cache",
      ),
    ).toThrow("cache[1]: Pod has no metadata.name");
  });
});
