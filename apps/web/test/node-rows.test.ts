import type { Node, Pod, PodPhase } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { nodeMatches, nodeRows } from "../components/nodes/node-rows";

const pod = (name: string, nodeName: string, cpu: string, phase: PodPhase = "Running"): Pod => ({
  metadata: { name, namespace: "default" },
  spec: { nodeName, containers: [{ name: "c", resources: { requests: { cpu, memory: "1Gi" } } }] },
  status: { phase },
});

const node = (name: string, o: { ready?: string; unschedulable?: boolean; pressure?: string; role?: string } = {}): Node => ({
  metadata: { name, labels: o.role ? { [`node-role.kubernetes.io/${o.role}`]: "" } : {} },
  spec: { unschedulable: o.unschedulable },
  status: {
    allocatable: { cpu: "2", memory: "4Gi", pods: "110" },
    conditions: [
      { type: "Ready", status: (o.ready ?? "True") as "True" },
      { type: "MemoryPressure", status: (o.pressure ?? "False") as "False", message: "kubelet has insufficient memory available" },
      { type: "DiskPressure", status: "False" },
    ],
    nodeInfo: { kubeletVersion: "v1.34.0" },
  },
});

describe("Nodes page rows", () => {
  const rows = nodeRows(
    [
      node("n2", { ready: "False", pressure: "True" }),
      node("n1", { unschedulable: true, role: "control-plane" }),
      node("n3", { ready: "Unknown" }),
    ],
    [pod("a", "n1", "500m"), pod("b", "n1", "1"), pod("done", "n1", "1", "Succeeded"), pod("c", "n2", "100m"), pod("pending", "", "1")],
  );

  it("kubectl's STATUS, sorted by name", () => {
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ["n1", "Ready,SchedulingDisabled"],
      ["n2", "NotReady"],
      ["n3", "Unknown"],
    ]);
  });

  it("pressure conditions that are on, and only those", () => {
    expect(rows[0].problems).toEqual([]);
    expect(rows[1].problems).toEqual([{ type: "MemoryPressure", status: "True", message: "kubelet has insufficient memory available" }]);
  });

  it("pod counts and requests allocated skip finished pods, as the node page does", () => {
    expect(rows[0].pods).toBe(2);
    expect(rows[0].cpuRequestsPercent).toBe(75); // 1500m of 2
    expect(rows[0].memoryRequestsPercent).toBe(50); // 2Gi of 4Gi
    expect(rows[0].allocatable).toEqual({ cpu: 2000, memory: 4 * 2 ** 30, pods: 110 });
    expect(rows[0].roles).toEqual(["control-plane"]);
    expect(rows[2].pods).toBe(0);
  });

  it("the filter finds nodes by name, role, status and condition", () => {
    expect(rows.filter((r) => nodeMatches(r, "pressure")).map((r) => r.name)).toEqual(["n2"]);
    expect(rows.filter((r) => nodeMatches(r, "control")).map((r) => r.name)).toEqual(["n1"]);
    expect(rows.filter((r) => nodeMatches(r, "notready")).map((r) => r.name)).toEqual(["n2"]);
  });
});
