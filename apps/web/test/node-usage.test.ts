import type { Container, Node, Pod, PodPhase } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { allocatedResources, conditionHealth, nodeRoles, podUsage, taintText } from "../lib/node-usage";

const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>, restartPolicy?: string): Container =>
  ({ name, resources: { requests, limits }, ...(restartPolicy ? { restartPolicy } : {}) }) as Container;

const pod = (name: string, nodeName: string, containers: Container[], phase: PodPhase = "Running", initContainers?: Container[]): Pod => ({
  metadata: { name, namespace: "default" },
  spec: { nodeName, containers, initContainers },
  status: { phase },
});

const node: Node = { metadata: { name: "n1" }, status: { allocatable: { cpu: "2", memory: "4Gi", pods: "110" } } };

describe("requests allocated on a node, as kubectl describe node prints them", () => {
  it("sums requests and limits of the node's running pods, with truncated percent of allocatable", () => {
    const pods = [
      pod("a", "n1", [c("x", { cpu: "250m", memory: "256Mi" }, { cpu: "500m", memory: "512Mi" })]),
      pod("b", "n1", [c("y", { cpu: "100m" })]),
      pod("elsewhere", "n2", [c("z", { cpu: "1" })]),
    ];
    const [cpu, mem] = allocatedResources(node, pods);
    expect(cpu).toEqual({ resource: "cpu", requests: 350, limits: 500, allocatable: 2000, requestsPercent: 17, limitsPercent: 25 });
    expect(mem.requests).toBe(256 * 2 ** 20);
    expect(mem.requestsPercent).toBe(6); // 256Mi of 4Gi = 6.25% → 6
  });

  it("skips pods that finished: Succeeded and Failed pods hold nothing", () => {
    const pods = [
      pod("done", "n1", [c("x", { cpu: "1" })], "Succeeded"),
      pod("dead", "n1", [c("x", { cpu: "1" })], "Failed"),
      pod("pending", "n1", [c("x", { cpu: "1" })], "Pending"),
    ];
    expect(allocatedResources(node, pods)[0].requests).toBe(1000);
  });

  it("a limit without a request counts as the request (API server defaulting)", () => {
    expect(podUsage(pod("p", "n1", [c("x", undefined, { cpu: "300m", memory: "1Gi" })])).requests).toEqual({ cpu: 300, memory: 2 ** 30 });
  });

  it("init containers run alone, so the pod needs the larger of init peak and app sum; sidecars add to both", () => {
    const big = podUsage(pod("p", "n1", [c("app", { cpu: "100m" })], "Running", [c("init", { cpu: "500m" })]));
    expect(big.requests.cpu).toBe(500);
    const sidecar = podUsage(
      pod("p", "n1", [c("app", { cpu: "100m" })], "Running", [
        c("proxy", { cpu: "50m" }, undefined, "Always"),
        c("migrate", { cpu: "120m" }),
      ]),
    );
    // app + sidecar = 150m; the init that runs after the sidecar needs 50m + 120m = 170m.
    expect(sidecar.requests.cpu).toBe(170);
  });

  it("unknown allocatable gives no percent instead of Infinity", () => {
    const [cpu] = allocatedResources({ metadata: { name: "n1" } }, [pod("a", "n1", [c("x", { cpu: "1" })])]);
    expect(cpu.requests).toBe(1000);
    expect(cpu.requestsPercent).toBeNull();
  });
});

describe("node facts", () => {
  it("True is good only for Ready; pressure conditions are bad when True; Unknown is unknown", () => {
    expect(conditionHealth("Ready", "True")).toBe("good");
    expect(conditionHealth("Ready", "False")).toBe("bad");
    expect(conditionHealth("MemoryPressure", "True")).toBe("bad");
    expect(conditionHealth("DiskPressure", "False")).toBe("good");
    expect(conditionHealth("Ready", "Unknown")).toBe("unknown");
  });

  it("taints print as key=value:effect, roles come from node-role labels", () => {
    expect(taintText({ key: "dedicated", value: "gpu", effect: "NoSchedule" })).toBe("dedicated=gpu:NoSchedule");
    expect(taintText({ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })).toBe(
      "node.kubernetes.io/unschedulable:NoSchedule",
    );
    expect(
      nodeRoles({
        metadata: { name: "n", labels: { "node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/worker": "", other: "x" } },
      }),
    ).toEqual(["control-plane", "worker"]);
  });
});
