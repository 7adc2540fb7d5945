// computePodActions as a table: a pod, what the runtime shows, the clock and the back-off entries
// in; what the pod worker must do out. No runtime, no root.
import { describe, expect, it } from "vitest";
import {
  INITIAL_BACKOFF_MS,
  MAX_BACKOFF_MS,
  RestartBackoff,
  type BackoffState,
  type Container,
  type Pod,
  type PodSpec,
} from "@podscope/core";
import {
  backoffKey,
  computePodActions,
  type ObservedContainer,
  type ObservedPod,
  type PodActions,
  type PodActionsInput,
} from "../src/kubelet/pod-actions";

const NOW = 1_700_000_000_000;
const SB = "sb-2";

const c = (name: string, extra: Partial<Container> = {}): Container => ({ name, image: "busybox", ...extra });
const sidecar = (name: string, extra: Partial<Container> = {}): Container => c(name, { restartPolicy: "Always", ...extra });
function pod(spec: Partial<PodSpec>, phase?: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", uid: "u1" },
    spec: { containers: [c("app")], ...spec },
    ...(phase ? { status: { phase } } : {}),
  } as Pod;
}
const running = (extra: Partial<ObservedContainer> = {}, sandboxId = SB): ObservedContainer => ({
  current: { id: "x", sandboxId, state: "CONTAINER_RUNNING", exitCode: 0, finishedAtMs: 0 },
  started: true,
  ...extra,
});
const exited = (exitCode: number, finishedAtMs = NOW - 1000, sandboxId = SB): ObservedContainer => ({
  current: { id: "x", sandboxId, state: "CONTAINER_EXITED", exitCode, finishedAtMs },
  started: true,
});
const ready = { id: SB, ready: true };
const dead = { id: SB, ready: false };
const armed = (container: string, backoffMs: number, lastUpdateMs = NOW - 1000): BackoffState => ({
  [`u1/${container}`]: { backoffMs, lastUpdateMs },
});

interface Row {
  name: string;
  pod: Pod;
  observed: ObservedPod;
  backoff?: BackoffState;
  terminating?: boolean;
  nowMs?: number;
  want: Partial<PodActions>;
}

const nothing: PodActions = {
  killPod: false,
  sandboxChanged: false,
  createSandbox: false,
  containersToKill: [],
  containersToStart: [],
  backOff: [],
};

const rows: Row[] = [
  // ---- sandbox
  { name: "a new pod gets a sandbox first", pod: pod({}), observed: { containers: {} }, want: { createSandbox: true } },
  {
    name: "then its containers start",
    pod: pod({ containers: [c("a"), c("b")] }),
    observed: { sandbox: ready, containers: {} },
    want: {
      containersToStart: [
        { name: "a", kind: "regular" },
        { name: "b", kind: "regular" },
      ],
    },
  },
  { name: "a running pod needs nothing", pod: pod({}), observed: { sandbox: ready, containers: { app: running() } }, want: {} },
  {
    name: "a dead sandbox is replaced; what still runs in it is killed first (no Killing event)",
    pod: pod({}),
    observed: { sandbox: dead, containers: { app: running() } },
    want: {
      sandboxChanged: true,
      createSandbox: true,
      containersToKill: [{ name: "app", kind: "regular", reason: "SandboxChanged", message: undefined }],
    },
  },
  {
    name: "under Never a pod that ran does not get a new sandbox: it is killed",
    pod: pod({ restartPolicy: "Never" }),
    observed: { sandbox: dead, containers: { app: running() } },
    want: { killPod: true, containersToKill: [{ name: "app", kind: "regular", reason: "SandboxChanged", message: undefined }] },
  },
  {
    name: "under Never a pod that never ran gets a new sandbox",
    pod: pod({ restartPolicy: "Never" }),
    observed: { sandbox: dead, containers: {} },
    want: { sandboxChanged: true, createSandbox: true },
  },
  {
    name: "in a new sandbox the init containers run again from the first, at once",
    pod: pod({ initContainers: [c("i1"), c("i2")] }),
    observed: {
      sandbox: ready,
      containers: { i1: exited(0, NOW - 5000, "sb-1"), i2: exited(0, NOW - 5000, "sb-1"), app: exited(137, NOW - 1000, "sb-1") },
    },
    want: { containersToStart: [{ name: "i1", kind: "init" }] },
  },
  {
    name: "in a new sandbox without init containers the app restarts (through its back-off)",
    pod: pod({}),
    observed: { sandbox: ready, containers: { app: exited(137, NOW - 1000, "sb-1") } },
    want: { containersToStart: [{ name: "app", kind: "regular", restartAfterExitAtMs: NOW - 1000 }] },
  },

  // ---- restart policy
  {
    name: "Always: exit 0 restarts",
    pod: pod({ restartPolicy: "Always" }),
    observed: { sandbox: ready, containers: { app: exited(0) } },
    want: { containersToStart: [{ name: "app", kind: "regular", restartAfterExitAtMs: NOW - 1000 }] },
  },
  {
    name: "OnFailure: exit 1 restarts",
    pod: pod({ restartPolicy: "OnFailure" }),
    observed: { sandbox: ready, containers: { app: exited(1) } },
    want: { containersToStart: [{ name: "app", kind: "regular", restartAfterExitAtMs: NOW - 1000 }] },
  },
  {
    name: "OnFailure: an OOM kill (137) restarts",
    pod: pod({ restartPolicy: "OnFailure" }),
    observed: { sandbox: ready, containers: { app: exited(137) } },
    want: { containersToStart: [{ name: "app", kind: "regular", restartAfterExitAtMs: NOW - 1000 }] },
  },
  {
    name: "OnFailure: exit 0 finishes the pod; the sandbox is stopped",
    pod: pod({ restartPolicy: "OnFailure" }),
    observed: { sandbox: ready, containers: { app: exited(0) } },
    want: { killPod: true },
  },
  {
    name: "Never: exit 1 finishes the pod",
    pod: pod({ restartPolicy: "Never" }),
    observed: { sandbox: ready, containers: { app: exited(1) } },
    want: { killPod: true },
  },
  {
    name: "Never: one container done, one running: nothing yet",
    pod: pod({ restartPolicy: "Never", containers: [c("a"), c("b")] }),
    observed: { sandbox: ready, containers: { a: exited(0), b: running() } },
    want: {},
  },
  {
    name: "a pod already Succeeded only has its sandbox stopped",
    pod: pod({ restartPolicy: "Always" }, "Succeeded"),
    observed: { sandbox: ready, containers: { app: exited(0) } },
    want: { killPod: true },
  },
  {
    name: "a pod already Failed with its sandbox stopped needs nothing",
    pod: pod({}, "Failed"),
    observed: { sandbox: dead, containers: { app: exited(1) } },
    want: {},
  },

  // ---- back-off
  {
    name: "back-off: an exit within the armed 10 s waits (CrashLoopBackOff)",
    pod: pod({}),
    backoff: armed("app", 10_000),
    observed: { sandbox: ready, containers: { app: exited(1, NOW - 4000) } },
    want: { backOff: [{ name: "app", kind: "regular", backoffMs: 10_000, restartAtMs: NOW + 6000 }] },
  },
  {
    name: "back-off: once the 10 s have passed it restarts",
    pod: pod({}),
    backoff: armed("app", 10_000),
    observed: { sandbox: ready, containers: { app: exited(1, NOW - 10_000) } },
    want: { containersToStart: [{ name: "app", kind: "regular", restartAfterExitAtMs: NOW - 10_000 }] },
  },
  {
    name: "back-off: at the 300 s cap",
    pod: pod({}),
    backoff: armed("app", MAX_BACKOFF_MS),
    observed: { sandbox: ready, containers: { app: exited(1, NOW - 1000) } },
    want: { backOff: [{ name: "app", kind: "regular", backoffMs: MAX_BACKOFF_MS, restartAtMs: NOW - 1000 + MAX_BACKOFF_MS }] },
  },
  {
    name: "back-off: an exit more than 10 min after the entry was armed restarts at once",
    pod: pod({}),
    backoff: armed("app", MAX_BACKOFF_MS, NOW - 11 * 60_000),
    observed: { sandbox: ready, containers: { app: exited(1, NOW - 1000) } },
    want: { containersToStart: [{ name: "app", kind: "regular", restartAfterExitAtMs: NOW - 1000 }] },
  },

  // ---- init containers
  {
    name: "init containers run one at a time, in order",
    pod: pod({ initContainers: [c("i1"), c("i2")] }),
    observed: { sandbox: ready, containers: { i1: exited(0) } },
    want: { containersToStart: [{ name: "i2", kind: "init" }] },
  },
  {
    name: "a running init container holds the rest",
    pod: pod({ initContainers: [c("i1"), c("i2")] }),
    observed: { sandbox: ready, containers: { i1: running() } },
    want: {},
  },
  {
    name: "after the last init container the app starts",
    pod: pod({ initContainers: [c("i1")] }),
    observed: { sandbox: ready, containers: { i1: exited(0) } },
    want: { containersToStart: [{ name: "app", kind: "regular" }] },
  },
  {
    name: "a failed init container is retried (OnFailure)",
    pod: pod({ restartPolicy: "OnFailure", initContainers: [c("i1"), c("i2")] }),
    observed: { sandbox: ready, containers: { i1: exited(1) } },
    want: { containersToStart: [{ name: "i1", kind: "init", restartAfterExitAtMs: NOW - 1000 }] },
  },
  {
    name: "a failed init container under Never fails the pod",
    pod: pod({ restartPolicy: "Never", initContainers: [c("i1"), c("i2")] }),
    observed: { sandbox: ready, containers: { i1: exited(1) } },
    want: { killPod: true },
  },

  // ---- sidecars (init containers with restartPolicy Always)
  {
    name: "a sidecar starts in its turn",
    pod: pod({ initContainers: [sidecar("side"), c("i2")] }),
    observed: { sandbox: ready, containers: {} },
    want: { containersToStart: [{ name: "side", kind: "init" }] },
  },
  {
    name: "a started sidecar keeps running while the next init container starts",
    pod: pod({ initContainers: [sidecar("side"), c("i2")] }),
    observed: { sandbox: ready, containers: { side: running() } },
    want: { containersToStart: [{ name: "i2", kind: "init" }] },
  },
  {
    name: "a sidecar whose startup probe has not succeeded holds the rest",
    pod: pod({ initContainers: [sidecar("side"), c("i2")] }),
    observed: { sandbox: ready, containers: { side: running({ started: false }) } },
    want: {},
  },
  {
    name: "an exited sidecar restarts even under Never",
    pod: pod({ restartPolicy: "Never", initContainers: [sidecar("side")] }),
    observed: { sandbox: ready, containers: { side: exited(1), app: running() } },
    want: { containersToStart: [{ name: "side", kind: "init", restartAfterExitAtMs: NOW - 1000 }] },
  },
  {
    name: "when the app is done for good its sidecars are stopped, then the sandbox",
    pod: pod({ restartPolicy: "Never", initContainers: [sidecar("s1"), sidecar("s2")] }),
    observed: { sandbox: ready, containers: { s1: running(), s2: running(), app: exited(0) } },
    want: {
      killPod: true,
      containersToKill: [
        { name: "s2", kind: "init", reason: "PodFinished", message: "Stopping container s2" },
        { name: "s1", kind: "init", reason: "PodFinished", message: "Stopping container s1" },
      ],
    },
  },

  // ---- probes
  {
    name: "a failed liveness probe kills the container, to be restarted",
    pod: pod({}),
    observed: { sandbox: ready, containers: { app: running({ failedProbe: "liveness" }) } },
    want: {
      containersToKill: [
        { name: "app", kind: "regular", reason: "ProbeFailed", message: "Container app failed liveness probe, will be restarted" },
      ],
    },
  },
  {
    name: "a failed startup probe under Never kills the container and the pod",
    pod: pod({ restartPolicy: "Never" }),
    observed: { sandbox: ready, containers: { app: running({ failedProbe: "startup", started: false }) } },
    want: {
      killPod: true,
      containersToKill: [{ name: "app", kind: "regular", reason: "ProbeFailed", message: "Container app failed startup probe" }],
    },
  },

  // ---- deletion
  {
    name: "a terminating pod kills everything, sidecars last, and starts nothing",
    pod: pod({ initContainers: [sidecar("side")], containers: [c("a"), c("b"), c("c")] }),
    terminating: true,
    observed: { sandbox: ready, containers: { side: running(), a: running(), b: exited(1), c: running() } },
    want: {
      killPod: true,
      containersToKill: [
        { name: "a", kind: "regular", reason: "Terminating", message: "Stopping container a" },
        { name: "c", kind: "regular", reason: "Terminating", message: "Stopping container c" },
        { name: "side", kind: "init", reason: "Terminating", message: "Stopping container side" },
      ],
    },
  },
];

describe("computePodActions", () => {
  it.each(rows)("$name", (row) => {
    const input: PodActionsInput = {
      pod: row.pod,
      observed: row.observed,
      nowMs: row.nowMs ?? NOW,
      backoff: row.backoff ?? {},
      terminating: row.terminating,
    };
    expect(computePodActions(input)).toEqual({ ...nothing, ...row.want });
  });

  it("leaves the back-off entries it is given untouched", () => {
    const backoff = armed("app", 10_000);
    const before = structuredClone(backoff);
    computePodActions({ pod: pod({}), observed: { sandbox: ready, containers: { app: exited(1, NOW - 30_000) } }, nowMs: NOW, backoff });
    expect(backoff).toEqual(before);
  });

  it("a crash loop waits 0, 10, 20, 40, 80, 160, 300, 300 s between runs (the worker arms each restart)", () => {
    const p = pod({});
    const backoff = new RestartBackoff();
    let now = NOW;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const finished = now; // crashes as soon as it starts
      let a = computePodActions({
        pod: p,
        observed: { sandbox: ready, containers: { app: exited(1, finished) } },
        nowMs: now,
        backoff: backoff.state,
      });
      if (a.backOff.length) {
        now = a.backOff[0].restartAtMs;
        a = computePodActions({
          pod: p,
          observed: { sandbox: ready, containers: { app: exited(1, finished) } },
          nowMs: now,
          backoff: backoff.state,
        });
      }
      expect(a.containersToStart).toEqual([{ name: "app", kind: "regular", restartAfterExitAtMs: finished }]);
      backoff.next(backoffKey(p, "app"), finished);
      waits.push((now - finished) / 1000);
    }
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    // After a run of more than 10 minutes the next crash restarts at once, and the wait starts over at 10 s.
    now += 11 * 60_000;
    const a = computePodActions({
      pod: p,
      observed: { sandbox: ready, containers: { app: exited(1, now) } },
      nowMs: now,
      backoff: backoff.state,
    });
    expect(a.backOff).toEqual([]);
    expect(backoff.next(backoffKey(p, "app"), now).backoffMs).toBe(INITIAL_BACKOFF_MS);
  });
});
