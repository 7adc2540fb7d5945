import { describe, expect, it } from "vitest";
import { podPhase } from "../src/phase";
import type { ContainerStatus, PodPhase, PodSpec } from "../src/types";

const running = (name: string): ContainerStatus => ({
  name,
  state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
  ready: true,
  restartCount: 0,
  image: "",
  imageID: "",
});
const exited = (name: string, exitCode: number): ContainerStatus => ({
  name,
  state: { terminated: { exitCode } },
  ready: false,
  restartCount: 0,
  image: "",
  imageID: "",
});
const waiting = (name: string, lastExit?: number): ContainerStatus => ({
  name,
  state: { waiting: { reason: "ContainerCreating" } },
  ...(lastExit !== undefined ? { lastState: { terminated: { exitCode: lastExit } } } : {}),
  ready: false,
  restartCount: lastExit !== undefined ? 1 : 0,
  image: "",
  imageID: "",
});

const spec = (restartPolicy: PodSpec["restartPolicy"], containers: string[], init: string[] = []): PodSpec => ({
  restartPolicy,
  containers: containers.map((name) => ({ name })),
  initContainers: init.map((name) => ({ name })),
});

type Row = [string, PodSpec, ContainerStatus[], ContainerStatus[] | undefined, PodPhase];
const rows: Row[] = [
  ["no statuses yet → Pending", spec("Always", ["a"]), [], undefined, "Pending"],
  ["one container running → Running", spec("Always", ["a"]), [running("a")], [], "Running"],
  ["one running, one unknown → Pending", spec("Always", ["a", "b"]), [running("a")], [], "Pending"],
  ["one running, one waiting first time → Pending", spec("Always", ["a", "b"]), [running("a"), waiting("b")], [], "Pending"],
  ["one running, one waiting after exit → Running", spec("Always", ["a", "b"]), [running("a"), waiting("b", 1)], [], "Running"],
  ["all exited 0, Always → Running", spec("Always", ["a"]), [exited("a", 0)], [], "Running"],
  ["all exited 0, OnFailure → Succeeded", spec("OnFailure", ["a"]), [exited("a", 0)], [], "Succeeded"],
  ["all exited 0, Never → Succeeded", spec("Never", ["a", "b"]), [exited("a", 0), exited("b", 0)], [], "Succeeded"],
  ["one exited 1, Never → Failed", spec("Never", ["a", "b"]), [exited("a", 0), exited("b", 1)], [], "Failed"],
  ["exited 1, OnFailure → Running (restarting)", spec("OnFailure", ["a"]), [exited("a", 1)], [], "Running"],
  ["crash-looping (waiting after exit 1), Always → Running", spec("Always", ["a"]), [waiting("a", 1)], [], "Running"],
  ["crash-looping, OnFailure → Running", spec("OnFailure", ["a"]), [waiting("a", 1)], [], "Running"],
  ["exited 1 and still running one, Never → Running", spec("Never", ["a", "b"]), [exited("a", 1), running("b")], [], "Running"],
  ["init container running → Pending", spec("Always", ["a"], ["i"]), [], [running("i")], "Pending"],
  ["init container missing → Pending", spec("Always", ["a"], ["i", "j"]), [], [exited("i", 0)], "Pending"],
  ["init container waiting first time → Pending", spec("Always", ["a"], ["i"]), [], [waiting("i")], "Pending"],
  ["init container failed, Never → Failed", spec("Never", ["a"], ["i"]), [waiting("a")], [exited("i", 1)], "Failed"],
  ["init container failed then waiting, Never → Failed", spec("Never", ["a"], ["i"]), [], [waiting("i", 2)], "Failed"],
  [
    "init container failed, OnFailure → Pending (app waiting)",
    spec("OnFailure", ["a"], ["i"]),
    [waiting("a")],
    [waiting("i", 1)],
    "Pending",
  ],
  ["init container failed, Always → Pending", spec("Always", ["a"], ["i"]), [waiting("a")], [exited("i", 1)], "Pending"],
  ["init done, app running → Running", spec("Always", ["a"], ["i"]), [running("a")], [exited("i", 0)], "Running"],
  ["init done, app waiting → Pending", spec("Always", ["a"], ["i"]), [waiting("a")], [exited("i", 0)], "Pending"],
  [
    "a status with no state counts as unknown → Pending",
    spec("Always", ["a", "b"]),
    [running("a"), { name: "b", ready: false, restartCount: 0, image: "", imageID: "" }],
    [],
    "Pending",
  ],
];

describe("getPhase", () => {
  it.each(rows)("%s", (_title, s, cs, ics, want) => {
    expect(podPhase({ spec: s, containerStatuses: cs, initContainerStatuses: ics })).toBe(want);
  });

  it.each<[PodPhase]>([["Succeeded"], ["Failed"]])("never leaves the terminal phase %s", (prev) => {
    expect(podPhase({ spec: spec("Always", ["a"]), containerStatuses: [running("a")], previousPhase: prev })).toBe(prev);
  });

  it("leaves non-terminal phases freely", () => {
    expect(podPhase({ spec: spec("Always", ["a"]), containerStatuses: [running("a")], previousPhase: "Pending" })).toBe("Running");
  });

  it("a terminal pod (deleted) is Succeeded or Failed whatever the restart policy", () => {
    expect(podPhase({ spec: spec("Always", ["a"]), containerStatuses: [exited("a", 0)], podIsTerminal: true })).toBe("Succeeded");
    expect(podPhase({ spec: spec("Always", ["a", "b"]), containerStatuses: [exited("a", 0), exited("b", 137)], podIsTerminal: true })).toBe(
      "Failed",
    );
  });

  it("a running sidecar init container that has not started holds the pod Pending", () => {
    const s: PodSpec = { containers: [{ name: "a" }], initContainers: [{ name: "side", restartPolicy: "Always" }] };
    expect(podPhase({ spec: s, containerStatuses: [waiting("a")], initContainerStatuses: [{ ...running("side"), started: false }] })).toBe(
      "Pending",
    );
    expect(podPhase({ spec: s, containerStatuses: [running("a")], initContainerStatuses: [{ ...running("side"), started: true }] })).toBe(
      "Running",
    );
  });

  it("a sidecar restarting after the app started does not send the pod back to Pending", () => {
    const s: PodSpec = { containers: [{ name: "a" }], initContainers: [{ name: "side", restartPolicy: "Always" }] };
    expect(podPhase({ spec: s, containerStatuses: [running("a")], initContainerStatuses: [{ ...running("side"), started: false }] })).toBe(
      "Running",
    );
    expect(
      podPhase({
        spec: s,
        containerStatuses: [running("a")],
        initContainerStatuses: [{ ...running("side"), started: false }],
        podHasInitialized: false,
      }),
    ).toBe("Pending");
  });
});
