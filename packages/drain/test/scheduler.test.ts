// The scheduler's filters, least-allocated choice and its FailedScheduling message form.
import { describe, expect, it } from "vitest";
import type { PodSpec } from "@podscope/core";
import { fitErrorMessage, schedule, tolerates, type SchedNode, type SchedulingInput } from "../src/scheduler";

const GiB = 2 ** 30;
function node(name: string, o: Partial<SchedNode> & { used?: number } = {}): SchedNode {
  return {
    name,
    labels: { "kubernetes.io/hostname": name, ...(o.labels ?? {}) },
    taints: o.taints ?? [],
    unschedulable: o.unschedulable ?? false,
    allocatable: o.allocatable ?? { cpu: 4000, memory: 8 * GiB, pods: 110 },
    requested: { cpu: o.used ?? 0, memory: 0 },
    nonZeroRequested: { cpu: o.used ?? 0, memory: 0 },
    podCount: o.podCount ?? 0,
    pods: o.pods ?? [],
  };
}
const input = (spec: Partial<PodSpec> = {}, cpu = 500): SchedulingInput => ({
  namespace: "ns",
  labels: { app: "web" },
  spec: { containers: [{ name: "c" }], ...spec },
  requests: { cpu, memory: GiB },
  priority: 0,
});

describe("scheduler", () => {
  it("writes the FitError message the way kube-scheduler does, reasons sorted, preemption suffix and double dot", () => {
    const msg = fitErrorMessage(
      3,
      new Map([
        ["node(s) were unschedulable", 1],
        ["Insufficient cpu", 2],
      ]),
      1,
      2,
    );
    expect(msg).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
    );
  });

  const cases: [string, SchedNode[], Partial<PodSpec>, string][] = [
    ["cordoned node", [node("n1", { unschedulable: true })], {}, "1 node(s) were unschedulable"],
    [
      "untolerated taint",
      [node("n1", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] })],
      {},
      "1 node(s) had untolerated taint {dedicated: gpu}",
    ],
    [
      "NoExecute taint filters too",
      [node("n1", { taints: [{ key: "k", value: "", effect: "NoExecute" }] })],
      {},
      "1 node(s) had untolerated taint {k: }",
    ],
    ["nodeSelector", [node("n1")], { nodeSelector: { disk: "ssd" } }, "1 node(s) didn't match Pod's node affinity/selector"],
    [
      "required node affinity",
      [node("n1", { labels: { zone: "b" } })],
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }],
            },
          },
        },
      },
      "1 node(s) didn't match Pod's node affinity/selector",
    ],
    ["cpu", [node("n1", { used: 3800 })], {}, "1 Insufficient cpu"],
    ["pod count", [node("n1", { podCount: 110 })], {}, "1 Too many pods"],
    [
      "anti-affinity on hostname",
      [node("n1", { pods: [{ namespace: "ns", labels: { app: "web" }, requests: { cpu: 0, memory: 0 }, priority: 0 }] })],
      {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" },
            ],
          },
        },
      },
      "1 node(s) didn't match pod anti-affinity rules",
    ],
    [
      "existing pod's anti-affinity",
      [
        node("n1", {
          pods: [
            {
              namespace: "ns",
              labels: { app: "db" },
              requests: { cpu: 0, memory: 0 },
              priority: 0,
              antiAffinity: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }],
            },
          ],
        }),
      ],
      {},
      "1 node(s) didn't satisfy existing pods anti-affinity rules",
    ],
  ];
  it.each(cases)("rejects: %s", (_n, nodes, spec, reason) => {
    const out = schedule(input(spec), nodes);
    expect(out.node).toBeNull();
    expect((out as { message: string }).message).toContain(`0/1 nodes are available: ${reason}.`);
  });

  it("the unschedulable filter comes first: a cordoned, tainted, full node is reported as unschedulable only", () => {
    const out = schedule(input(), [node("n1", { unschedulable: true, used: 4000, taints: [{ key: "a", effect: "NoSchedule" }] })]);
    expect((out as { message: string }).message).toMatch(/^0\/1 nodes are available: 1 node\(s\) were unschedulable\. /);
  });

  it("a pod tolerating the cordon taint may land on a cordoned node", () => {
    const out = schedule(input({ tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }), [
      node("n1", { unschedulable: true }),
    ]);
    expect(out.node).toBe("n1");
  });

  it("least-allocated scoring prefers the emptier node", () => {
    expect(schedule(input(), [node("a", { used: 3000 }), node("b", { used: 500 }), node("c", { used: 2000 })]).node).toBe("b");
  });

  it("preemptionPolicy Never changes the suffix", () => {
    const out = schedule(input({ preemptionPolicy: "Never" }), [node("n1", { used: 4000 })]);
    expect((out as { message: string }).message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..",
    );
  });

  it.each([
    [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }, { key: "k", value: "v", effect: "NoSchedule" }, true],
    [{ key: "k", operator: "Equal", value: "w", effect: "NoSchedule" }, { key: "k", value: "v", effect: "NoSchedule" }, false],
    [{ key: "k", operator: "Exists" }, { key: "k", value: "v", effect: "NoExecute" }, true],
    [{ operator: "Exists" }, { key: "anything", effect: "NoSchedule" }, true],
    [{ key: "k", operator: "Exists", effect: "NoExecute" }, { key: "k", effect: "NoSchedule" }, false],
  ] as const)("toleration %j vs taint %j → %s", (tol, taint, want) => {
    expect(tolerates([tol as never], taint)).toBe(want);
  });
});
