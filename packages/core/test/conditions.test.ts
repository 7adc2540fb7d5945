import { describe, expect, it } from "vitest";
import {
  containersReadyCondition,
  goStringList,
  initializedCondition,
  isoSeconds,
  mergeConditions,
  podConditions,
  readyCondition,
} from "../src/conditions";
import type { ContainerStatus, Pod, PodSpec } from "../src/types";

const st = (name: string, ready: boolean, state: ContainerStatus["state"] = { running: {} }): ContainerStatus => ({
  name,
  ready,
  state,
  restartCount: 0,
  image: "",
  imageID: "",
});
const spec = (containers: string[], init: string[] = [], gates: string[] = []): PodSpec => ({
  containers: containers.map((name) => ({ name })),
  initContainers: init.map((name) => ({ name })),
  readinessGates: gates.map((conditionType) => ({ conditionType })),
});
const pod = (s: PodSpec): Pod => ({ metadata: { name: "p", namespace: "default", uid: "u" }, spec: s });

describe("ContainersReady", () => {
  it.each([
    ["all ready", spec(["a", "b"]), [st("a", true), st("b", true)], "Running", { status: "True" }],
    [
      "two unready, listed Go-style",
      spec(["a", "b"]),
      [st("a", false), st("b", false)],
      "Running",
      { status: "False", reason: "ContainersNotReady", message: "containers with unready status: [a b]" },
    ],
    [
      "one unknown, one unready",
      spec(["a", "b"]),
      [st("b", false)],
      "Pending",
      {
        status: "False",
        reason: "ContainersNotReady",
        message: "containers with unknown status: [a], containers with unready status: [b]",
      },
    ],
    ["succeeded", spec(["a"]), [st("a", false, { terminated: { exitCode: 0 } })], "Succeeded", { status: "False", reason: "PodCompleted" }],
    ["failed", spec(["a"]), [st("a", false, { terminated: { exitCode: 1 } })], "Failed", { status: "False", reason: "PodFailed" }],
  ] as const)("%s", (_t, s, cs, phase, want) => {
    expect(containersReadyCondition(s, [], [...cs], phase)).toEqual({ type: "ContainersReady", ...want });
  });

  it("without any statuses: UnknownContainerStatuses", () => {
    expect(containersReadyCondition(spec(["a"]), undefined, undefined, "Pending")).toEqual({
      type: "ContainersReady",
      status: "False",
      reason: "UnknownContainerStatuses",
    });
  });
});

describe("Initialized", () => {
  it.each([
    ["no init containers", spec(["a"]), [], [], "Pending", { status: "True" }],
    [
      "init running",
      spec(["a"], ["i", "j"]),
      [st("i", false)],
      [],
      "Pending",
      {
        status: "False",
        reason: "ContainersNotInitialized",
        message: "containers with unknown status: [j], containers with incomplete status: [i]",
      },
    ],
    [
      "init failed",
      spec(["a"], ["i"]),
      [st("i", false, { terminated: { exitCode: 1 } })],
      [],
      "Pending",
      { status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [i]" },
    ],
    ["all init done", spec(["a"], ["i"]), [st("i", false, { terminated: { exitCode: 0 } })], [], "Pending", { status: "True" }],
    [
      "succeeded pod",
      spec(["a"], ["i"]),
      [st("i", false, { terminated: { exitCode: 0 } })],
      [st("a", false, { terminated: { exitCode: 0 } })],
      "Succeeded",
      { status: "True", reason: "PodCompleted" },
    ],
    [
      "an app container already started",
      spec(["a"], ["i"]),
      [st("i", false, { waiting: {} })],
      [st("a", true)],
      "Running",
      { status: "True" },
    ],
  ] as const)("%s", (_t, s, ics, cs, phase, want) => {
    expect(initializedCondition(s, [...ics], [...cs], phase)).toEqual({ type: "Initialized", ...want });
  });
});

describe("Ready", () => {
  it("copies ContainersReady when that is not True", () => {
    const cr = containersReadyCondition(spec(["a"]), [], [st("a", false)], "Running");
    expect(readyCondition(spec(["a"]), [], cr)).toEqual({
      type: "Ready",
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [a]",
    });
  });
  it.each([
    ["gate missing", [], 'corresponding condition of pod readiness gate "www.example.com/lb" does not exist.'],
    [
      "gate False",
      [{ type: "www.example.com/lb", status: "False" as const }],
      'the status of pod readiness gate "www.example.com/lb" is not "True", but False',
    ],
  ])("readiness gates: %s", (_t, conds, message) => {
    const s = spec(["a"], [], ["www.example.com/lb"]);
    const cr = containersReadyCondition(s, [], [st("a", true)], "Running");
    expect(readyCondition(s, conds, cr)).toEqual({ type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message });
  });
  it("gate True → Ready True", () => {
    const s = spec(["a"], [], ["g"]);
    expect(readyCondition(s, [{ type: "g", status: "True" }], { type: "ContainersReady", status: "True" })).toEqual({
      type: "Ready",
      status: "True",
    });
  });
});

describe("condition list and lastTransitionTime", () => {
  const t0 = new Date("2026-03-01T10:00:00.400Z");
  const t1 = new Date("2026-03-01T10:00:07Z");
  const t2 = new Date("2026-03-01T10:00:09Z");
  const s = spec(["a"]);

  it("orders conditions as kubelet does and keeps PodScheduled from before", () => {
    const prev = [{ type: "PodScheduled", status: "True" as const, lastTransitionTime: "2026-03-01T09:59:59Z" }];
    const c = podConditions({
      pod: pod(s),
      phase: "Running",
      sandboxReady: true,
      containerStatuses: [st("a", false)],
      initContainerStatuses: [],
      previous: prev,
      now: t0,
    });
    expect(c.map((x) => x.type)).toEqual(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
    expect(c.find((x) => x.type === "PodScheduled")!.lastTransitionTime).toBe("2026-03-01T09:59:59Z");
    expect(c.every((x) => x.lastProbeTime === null)).toBe(true);
    expect(c[0].lastTransitionTime).toBe("2026-03-01T10:00:00Z");
  });

  it("changes lastTransitionTime only when the status flips", () => {
    const first = podConditions({
      pod: pod(s),
      phase: "Running",
      sandboxReady: true,
      containerStatuses: [st("a", false)],
      previous: [],
      now: t0,
    });
    const same = podConditions({
      pod: pod(s),
      phase: "Running",
      sandboxReady: true,
      containerStatuses: [st("a", false)],
      previous: first,
      now: t1,
    });
    expect(same.find((c) => c.type === "Ready")!.lastTransitionTime).toBe(isoSeconds(t0));
    const flipped = podConditions({
      pod: pod(s),
      phase: "Running",
      sandboxReady: true,
      containerStatuses: [st("a", true)],
      previous: same,
      now: t2,
    });
    expect(flipped.find((c) => c.type === "Ready")).toMatchObject({ status: "True", lastTransitionTime: isoSeconds(t2) });
    expect(flipped.find((c) => c.type === "Ready")!.reason).toBeUndefined();
    expect(flipped.find((c) => c.type === "Initialized")!.lastTransitionTime).toBe(isoSeconds(t0));
  });

  it("stamps observedGeneration on the kubelet's conditions only when asked (1.34+ kubelets)", () => {
    const prev = [{ type: "PodScheduled", status: "True" as const, lastTransitionTime: "2026-03-01T09:59:59Z" }];
    const c = podConditions({
      pod: pod(s),
      phase: "Running",
      sandboxReady: true,
      containerStatuses: [st("a", true)],
      previous: prev,
      now: t0,
      observedGeneration: 3,
    });
    expect(c.map((x) => [x.type, x.observedGeneration])).toEqual([
      ["PodReadyToStartContainers", 3],
      ["Initialized", 3],
      ["Ready", 3],
      ["ContainersReady", 3],
      ["PodScheduled", undefined],
    ]);
    const old = podConditions({
      pod: pod(s),
      phase: "Running",
      sandboxReady: true,
      containerStatuses: [st("a", true)],
      previous: prev,
      now: t0,
    });
    expect(old.every((x) => !("observedGeneration" in x))).toBe(true);
  });

  it("a reason change without a status flip keeps the time", () => {
    const out = mergeConditions(
      [{ type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: "2026-01-01T00:00:00Z" }],
      [{ type: "Ready", status: "False", reason: "PodFailed" }],
      t1,
    );
    expect(out[0]).toMatchObject({ reason: "PodFailed", lastTransitionTime: "2026-01-01T00:00:00Z" });
  });

  it("formats name lists as Go's %s of a []string", () => {
    expect(goStringList(["a", "b", "c"])).toBe("[a b c]");
    expect(goStringList([])).toBe("[]");
  });
});
