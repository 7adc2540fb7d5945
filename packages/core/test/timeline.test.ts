import { describe, expect, it } from "vitest";
import { buildTimeline, TimelineInputError, type TimelineLane, type TimelineModel } from "../src/timeline";
import type { ContainerStatus, KubeEvent, Pod, PodCondition, PodStatus } from "../src/types";

// All times are seconds after BASE, so the expected spans read like the story they tell.
const BASE = Date.parse("2026-01-10T10:00:00Z");
const iso = (s: number) => new Date(BASE + s * 1000).toISOString();
const at = (s: number) => BASE + s * 1000;

function cs(
  name: string,
  state: ContainerStatus["state"],
  restartCount = 0,
  lastState?: ContainerStatus["lastState"],
  ready = false,
): ContainerStatus {
  return { name, state, lastState, restartCount, ready, image: "busybox", imageID: "" };
}
const running = (s: number) => ({ running: { startedAt: iso(s) } });
const exited = (code: number, reason: string, from: number, to: number) => ({
  terminated: { exitCode: code, reason, startedAt: iso(from), finishedAt: iso(to) },
});
const cond = (type: string, status: PodCondition["status"], ltt: number, reason?: string): PodCondition => ({
  type,
  status,
  lastTransitionTime: iso(ltt),
  ...(reason ? { reason } : {}),
});

function mkPod(spec: Partial<Pod["spec"]> = {}, meta: Partial<Pod["metadata"]> = {}, status?: PodStatus): Pod {
  return {
    metadata: { name: "web", namespace: "default", uid: "u1", creationTimestamp: iso(0), ...meta },
    spec: { containers: [{ name: "app" }], restartPolicy: "Always", ...spec },
    status,
  };
}

function ev(
  reason: string,
  message: string,
  first: number,
  last = first,
  count = 1,
  opts: { type?: string; container?: string; name?: string } = {},
): KubeEvent {
  return {
    metadata: { name: opts.name ?? `web.${reason}.${first}`, uid: `e-${reason}-${first}` },
    involvedObject: {
      kind: "Pod",
      name: "web",
      namespace: "default",
      ...(opts.container ? { fieldPath: `spec.containers{${opts.container}}` } : {}),
    },
    reason,
    message,
    type: opts.type ?? "Normal",
    count,
    firstTimestamp: iso(first),
    lastTimestamp: iso(last),
    source: { component: "kubelet" },
  };
}

function lane(m: TimelineModel, id: string): TimelineLane {
  const l = m.lanes.find((x) => x.id === id);
  if (!l) throw new Error(`no lane ${id}; have ${m.lanes.map((x) => x.id).join(", ")}`);
  return l;
}
/** [state, start s, end s, label] — the essentials of each span, in seconds after BASE. */
const spans = (l: TimelineLane) => l.spans.map((s) => [s.state, (s.start - BASE) / 1000, (s.end - BASE) / 1000, s.label]);

describe("crash loop with back-off waits", () => {
  const back = (d: string) => ({
    waiting: { reason: "CrashLoopBackOff", message: `back-off ${d} restarting failed container=app pod=web_default(u1)` },
  });
  const history: { time: string; status: PodStatus }[] = [
    {
      time: iso(1),
      status: {
        phase: "Pending",
        startTime: iso(1),
        conditions: [cond("PodScheduled", "True", 0), cond("Ready", "False", 1, "ContainersNotReady")],
        containerStatuses: [cs("app", { waiting: { reason: "ContainerCreating" } })],
      },
    },
    {
      time: iso(2.1),
      status: {
        phase: "Running",
        startTime: iso(1),
        conditions: [cond("PodScheduled", "True", 0), cond("Ready", "True", 2)],
        containerStatuses: [cs("app", running(2), 0, undefined, true)],
      },
    },
    {
      time: iso(5.1),
      status: {
        phase: "Running",
        startTime: iso(1),
        conditions: [cond("PodScheduled", "True", 0), cond("Ready", "False", 5, "ContainersNotReady")],
        containerStatuses: [cs("app", exited(1, "Error", 2, 5))],
      },
    },
    {
      time: iso(6.1),
      status: {
        phase: "Running",
        startTime: iso(1),
        conditions: [cond("PodScheduled", "True", 0), cond("Ready", "False", 5, "ContainersNotReady")],
        containerStatuses: [cs("app", running(6), 1, exited(1, "Error", 2, 5))],
      },
    },
    {
      time: iso(8.1),
      status: {
        phase: "Running",
        startTime: iso(1),
        conditions: [cond("PodScheduled", "True", 0), cond("Ready", "False", 5, "ContainersNotReady")],
        containerStatuses: [cs("app", back("10s"), 1, exited(1, "Error", 6, 8))],
      },
    },
    {
      time: iso(18.1),
      status: {
        phase: "Running",
        startTime: iso(1),
        conditions: [cond("PodScheduled", "True", 0), cond("Ready", "False", 5, "ContainersNotReady")],
        containerStatuses: [cs("app", running(18), 2, exited(1, "Error", 6, 8))],
      },
    },
    {
      time: iso(21.1),
      status: {
        phase: "Running",
        startTime: iso(1),
        conditions: [cond("PodScheduled", "True", 0), cond("Ready", "False", 5, "ContainersNotReady")],
        containerStatuses: [cs("app", back("20s"), 2, exited(1, "Error", 18, 21))],
      },
    },
  ];
  const events = [
    ev("Scheduled", "Successfully assigned default/web to node-1", 0, 0, 1, { name: "e1" }),
    ev("Started", "Started container app", 2, 18, 3, { container: "app", name: "e2" }),
    ev("BackOff", "Back-off restarting failed container app in pod web_default(u1)", 8.1, 21.1, 2, {
      type: "Warning",
      container: "app",
      name: "e3",
    }),
  ];
  // History arrives shuffled: the model must not care.
  const m = buildTimeline({
    pod: mkPod({}, {}, history[history.length - 1].status),
    history: [...history].reverse(),
    events,
    now: new Date(at(30)),
  });

  it("draws each run, the back-off waits between them and the open wait at the end", () => {
    expect(spans(lane(m, "container:app"))).toEqual([
      ["waiting", 1, 2, "ContainerCreating"],
      ["running", 2, 5, "exit 1 · Error"],
      ["backoff", 5, 6, "back-off 1s"],
      ["running", 6, 8, "exit 1 · Error"],
      ["backoff", 8, 18, "back-off 10s"],
      ["running", 18, 21, "exit 1 · Error"],
      ["backoff", 21, 30, "back-off"],
    ]);
    const l = lane(m, "container:app");
    expect(l.spans[4]).toMatchObject({ reason: "CrashLoopBackOff", message: expect.stringContaining("back-off 10s"), inferred: false });
    expect(l.spans[6]).toMatchObject({ open: true, message: expect.stringContaining("back-off 20s") });
    expect(l.spans.filter((s) => s.state === "running").map((s) => s.run)).toEqual([0, 1, 2]);
    expect(l.ticks.map((t) => [t.kind, (t.time - BASE) / 1000, t.label])).toEqual([
      ["restart", 6, "restart 1"],
      ["restart", 18, "restart 2"],
    ]);
  });

  it("a Started event folded over the restarts has one occurrence per run: first and last from the event, between from the run starts", () => {
    const started = m.markers.find((x) => x.reason === "Started")!;
    expect(started.occurrences?.map((o) => [(o.time - BASE) / 1000, o.inferred])).toEqual([
      [2, false],
      [6, true],
      [18, false],
    ]);
    // Warnings are not per start: BackOff keeps its window, with no occurrences invented.
    expect(m.markers.find((x) => x.reason === "BackOff")!.occurrences).toBeUndefined();
    // A count that the observed runs cannot account for places nothing.
    const tooFew = buildTimeline({
      pod: mkPod({}, {}, history[history.length - 1].status),
      history,
      events: [ev("Started", "Started container app", 2, 18, 2, { container: "app", name: "e9" })],
      now: new Date(at(30)),
    });
    expect(tooFew.markers[0].occurrences).toBeUndefined();
  });

  it("phase and conditions follow the observations, at lastTransitionTime when it fits", () => {
    expect(spans(lane(m, "phase"))).toEqual([
      ["Pending", 0, 2.1, "Pending"],
      ["Running", 2.1, 30, "Running"],
    ]);
    expect(spans(lane(m, "condition:Ready"))).toEqual([
      ["False", 1, 2, "False · ContainersNotReady"],
      ["True", 2, 5, "True"],
      ["False", 5, 30, "False · ContainersNotReady"],
    ]);
    expect(m.lanes.map((l) => l.id)).toEqual(["phase", "condition:PodScheduled", "condition:Ready", "container:app"]);
  });

  it("events become sorted markers with counts, type and container", () => {
    expect(m.markers.map((x) => [x.reason, x.count, x.type, x.container, (x.firstTime - BASE) / 1000, (x.lastTime - BASE) / 1000])).toEqual(
      [
        ["Scheduled", 1, "Normal", undefined, 0, 0],
        ["Started", 3, "Normal", "app", 2, 18],
        ["BackOff", 2, "Warning", "app", 8.1, 21.1],
      ],
    );
    expect(m.start).toBe(at(0));
    expect(m.end).toBe(at(30));
    expect(m.warnings).toEqual([]);
  });

  it("is deterministic", () => {
    const again = buildTimeline({
      pod: mkPod({}, {}, history[history.length - 1].status),
      history,
      events: [...events].reverse(),
      now: new Date(at(30)),
    });
    expect(again).toEqual(m);
  });
});

describe("init containers", () => {
  const pi = { waiting: { reason: "PodInitializing" } };
  const done = (from: number, to: number) => exited(0, "Completed", from, to);
  const history = [
    {
      time: iso(1),
      status: {
        phase: "Pending" as const,
        startTime: iso(1),
        initContainerStatuses: [cs("i1", pi), cs("i2", pi)],
        containerStatuses: [cs("app", pi)],
      },
    },
    {
      time: iso(2.1),
      status: {
        phase: "Pending" as const,
        startTime: iso(1),
        initContainerStatuses: [cs("i1", running(2)), cs("i2", pi)],
        containerStatuses: [cs("app", pi)],
      },
    },
    {
      time: iso(4.6),
      status: {
        phase: "Pending" as const,
        startTime: iso(1),
        initContainerStatuses: [cs("i1", done(2, 4)), cs("i2", running(4.5))],
        containerStatuses: [cs("app", pi)],
      },
    },
    {
      time: iso(7.6),
      status: {
        phase: "Running" as const,
        startTime: iso(1),
        conditions: [cond("Initialized", "True", 7)],
        initContainerStatuses: [cs("i1", done(2, 4)), cs("i2", done(4.5, 7))],
        containerStatuses: [cs("app", running(7.5), 0, undefined, true)],
      },
    },
  ];
  const m = buildTimeline({
    pod: mkPod({ initContainers: [{ name: "i1" }, { name: "i2" }] }, {}, history[3].status),
    history,
    events: [],
    now: new Date(at(20)),
  });

  it("runs init containers in order; app containers wait PodInitializing until they are done", () => {
    expect(m.lanes.map((l) => `${l.kind}:${l.label}`)).toEqual([
      "phase:Phase",
      "condition:Initialized",
      "initContainer:init: i1",
      "initContainer:init: i2",
      "container:app",
    ]);
    expect(spans(lane(m, "init:i1"))).toEqual([
      ["waiting", 1, 2, "PodInitializing"],
      ["running", 2, 4, "exit 0 · Completed"],
      ["terminated", 4, 20, "terminated · exit 0 · Completed"],
    ]);
    expect(spans(lane(m, "init:i2"))).toEqual([
      ["waiting", 1, 4.5, "PodInitializing"],
      ["running", 4.5, 7, "exit 0 · Completed"],
      ["terminated", 7, 20, "terminated · exit 0 · Completed"],
    ]);
    expect(spans(lane(m, "container:app"))).toEqual([
      ["waiting", 1, 7.5, "PodInitializing"],
      ["running", 7.5, 20, "running"],
    ]);
    expect(lane(m, "container:app").spans[1].open).toBe(true);
  });

  it("Initialized was False before it turned True (kubelet condition, inferred)", () => {
    const l = lane(m, "condition:Initialized");
    expect(spans(l)).toEqual([
      ["False", 1, 7, "False"],
      ["True", 7, 20, "True"],
    ]);
    expect(l.spans[0].inferred).toBe(true);
    expect(l.spans[1].inferred).toBe(false);
  });
});

describe("OOM kill seen for the first time (no history): reconstructed from the status", () => {
  it("uses lastState and state timestamps and marks the guesses", () => {
    const status: PodStatus = {
      phase: "Running",
      startTime: iso(5),
      conditions: [cond("PodScheduled", "True", 4), cond("Ready", "True", 42)],
      containerStatuses: [cs("app", running(41), 1, exited(137, "OOMKilled", 10, 40), true)],
    };
    const m = buildTimeline({
      pod: mkPod({ containers: [{ name: "app", resources: { limits: { memory: "64Mi" } } }] }, {}, status),
      history: [],
      events: [],
      now: new Date(at(60)),
    });
    const app = lane(m, "container:app");
    expect(spans(app)).toEqual([
      ["waiting", 5, 10, "waiting"],
      ["running", 10, 40, "exit 137 · OOMKilled"],
      ["backoff", 40, 41, "back-off 1s"],
      ["running", 41, 60, "running (restart 1)"],
    ]);
    expect(app.spans[0].inferred).toBe(true);
    expect(app.spans[1]).toMatchObject({ exitCode: 137, reason: "OOMKilled", inferred: false });
    // OOM is the kernel's SIGKILL, not kubelet's: no signals lane.
    expect(m.lanes.some((l) => l.id === "signals")).toBe(false);
    expect(spans(lane(m, "phase"))).toEqual([
      ["Pending", 0, 10, "Pending"],
      ["Running", 10, 60, "Running"],
    ]);
    expect(spans(lane(m, "condition:Ready"))).toEqual([
      ["False", 5, 42, "False"],
      ["True", 42, 60, "True"],
    ]);
  });

  it("runs that restartCount proves but no status showed are drawn as not observed", () => {
    // Waiting to restart: lastState is the latest run, number 5 (restartCount); runs 0–4 were never seen.
    const status: PodStatus = {
      phase: "Running",
      startTime: iso(5),
      containerStatuses: [cs("app", { waiting: { reason: "CrashLoopBackOff" } }, 5, exited(1, "Error", 300, 302))],
    };
    const m = buildTimeline({ pod: mkPod({}, {}, status), history: [], events: [], now: new Date(at(400)) });
    expect(spans(lane(m, "container:app"))).toEqual([
      ["unobserved", 5, 300, "5 earlier runs not observed"],
      ["running", 300, 302, "exit 1 · Error"],
      ["backoff", 302, 400, "back-off"],
    ]);
    // kubelet's Started event (count 6, first seen at 20) dates the first start the status no longer shows.
    const withEvents = buildTimeline({
      pod: mkPod({}, {}, status),
      history: [],
      events: [ev("Started", "Started container app", 20, 300, 6, { container: "app" })],
      now: new Date(at(400)),
    });
    expect(spans(lane(withEvents, "container:app"))).toEqual([
      ["waiting", 5, 20, "waiting"],
      ["unobserved", 20, 300, "5 earlier runs not observed"],
      ["running", 300, 302, "exit 1 · Error"],
      ["backoff", 302, 400, "back-off"],
    ]);
    expect(spans(lane(withEvents, "phase"))).toEqual([
      ["Pending", 0, 20, "Pending"],
      ["Running", 20, 400, "Running"],
    ]);
    // Phase: the first start is unknown, so Running is dated from startTime.
    expect(spans(lane(m, "phase"))).toEqual([
      ["Pending", 0, 5, "Pending"],
      ["Running", 5, 400, "Running"],
    ]);
  });
});

describe("runs within the same second", () => {
  it("keeps two runs apart when kubelet's second-precision startedAt is equal", () => {
    const history = [
      {
        time: iso(5.2),
        status: { phase: "Running" as const, startTime: iso(1), containerStatuses: [cs("app", exited(1, "Error", 5, 5), 0)] },
      },
      {
        time: iso(5.6),
        status: { phase: "Running" as const, startTime: iso(1), containerStatuses: [cs("app", running(5), 1, exited(1, "Error", 5, 5))] },
      },
    ];
    const m = buildTimeline({ pod: mkPod({}, {}, history[1].status), history, events: [], now: new Date(at(20)) });
    const app = lane(m, "container:app");
    expect(app.spans.filter((s) => s.state === "running").map((s) => [s.run, s.label])).toEqual([
      [0, "exit 1 · Error"],
      [1, "running (restart 1)"],
    ]);
    expect(app.ticks.map((t) => t.label)).toEqual(["restart 1"]);
  });
});

describe("container IDs", () => {
  it("name runs when the status carries them, whatever restartCount says", () => {
    const ran = (id: string, from: number, to: number) => ({
      terminated: { exitCode: 1, reason: "Error", startedAt: iso(from), finishedAt: iso(to), containerID: `containerd://${id}` },
    });
    const history = [
      {
        time: iso(3),
        status: {
          phase: "Running" as const,
          startTime: iso(1),
          containerStatuses: [{ ...cs("app", running(2), 0), containerID: "containerd://aaa" }],
        },
      },
      // A source that numbers lastState like the running instance would merge nothing wrongly: the IDs decide.
      {
        time: iso(9),
        status: {
          phase: "Running" as const,
          startTime: iso(1),
          containerStatuses: [{ ...cs("app", running(8), 1, ran("aaa", 2, 7)), containerID: "containerd://bbb" }],
        },
      },
      {
        time: iso(12),
        status: {
          phase: "Running" as const,
          startTime: iso(1),
          containerStatuses: [{ ...cs("app", { waiting: { reason: "CrashLoopBackOff" } }, 1, ran("bbb", 8, 11)) }],
        },
      },
    ];
    const m = buildTimeline({ pod: mkPod({}, {}, history[2].status), history, events: [], now: new Date(at(20)) });
    expect(spans(lane(m, "container:app"))).toEqual([
      ["waiting", 1, 2, "waiting"],
      ["running", 2, 7, "exit 1 · Error"],
      ["backoff", 7, 8, "back-off 1s"],
      ["running", 8, 11, "exit 1 · Error"],
      ["backoff", 11, 20, "back-off"],
    ]);
  });
});

describe("readiness flapping", () => {
  it("places each flip at its lastTransitionTime, or at the observation when the time does not fit", () => {
    const st = (ready: "True" | "False", ltt: number): PodStatus => ({
      phase: "Running",
      startTime: iso(1),
      conditions: [cond("ContainersReady", ready, ltt), cond("Ready", ready, ltt)],
      containerStatuses: [cs("app", running(2), 0, undefined, ready === "True")],
    });
    const history = [
      { time: iso(3), status: st("True", 3) },
      { time: iso(12), status: st("False", 11) },
      { time: iso(22), status: st("True", 21) },
      // lastTransitionTime is second-truncated and older than the previous observation: trust the observation.
      { time: iso(31.5), status: st("False", 21) },
      { time: iso(41), status: st("True", 40) },
    ];
    const m = buildTimeline({
      pod: mkPod({}, {}, history[4].status),
      history,
      events: [ev("Unhealthy", "Readiness probe failed: cat: can't open '/tmp/ready'", 10, 30, 4, { type: "Warning", container: "app" })],
      now: new Date(at(50)),
    });
    const want = [
      ["False", 1, 3, "False"],
      ["True", 3, 11, "True"],
      ["False", 11, 21, "False"],
      ["True", 21, 31.5, "True"],
      ["False", 31.5, 40, "False"],
      ["True", 40, 50, "True"],
    ];
    expect(spans(lane(m, "condition:Ready"))).toEqual(want);
    expect(spans(lane(m, "condition:ContainersReady"))).toEqual(want);
    // The container kept running the whole time: one run.
    expect(spans(lane(m, "container:app"))).toEqual([
      ["waiting", 1, 2, "waiting"],
      ["running", 2, 50, "running"],
    ]);
    expect(m.markers[0]).toMatchObject({ reason: "Unhealthy", type: "Warning", count: 4, container: "app" });
  });
});

describe("termination with preStop and a grace period", () => {
  const spec = {
    containers: [{ name: "app", lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 5"] } } } }],
    terminationGracePeriodSeconds: 30,
  };
  // Deleted at 100 with the default 30s: deletionTimestamp is the deadline, 130.
  const meta = { deletionTimestamp: iso(130), deletionGracePeriodSeconds: 30 };

  it("a process that ignores SIGTERM: preStop from the Killing event, TERM, then KILL at the deadline with 137", () => {
    const before: PodStatus = { phase: "Running", startTime: iso(1), containerStatuses: [cs("app", running(2), 0, undefined, true)] };
    const after: PodStatus = { phase: "Failed", startTime: iso(1), containerStatuses: [cs("app", exited(137, "Error", 2, 130.2))] };
    const history = [
      { time: iso(3), status: before },
      { time: iso(130.5), status: after },
    ];
    const events = [ev("Killing", "Stopping container app", 100.2, 100.2, 1, { container: "app" })];
    const m = buildTimeline({ pod: mkPod(spec, meta, after), history, events, now: new Date(at(140)) });
    const hooks = lane(m, "hooks");
    expect(spans(hooks)).toEqual([["hook", 100.2, 130.2, "preStop app (end not reported)"]]);
    expect(hooks.spans[0].inferred).toBe(true);
    const sig = lane(m, "signals");
    expect(spans(sig)).toEqual([["grace", 100, 130, "grace period 30s"]]);
    expect(sig.ticks.map((t) => [t.kind, (t.time - BASE) / 1000, t.inferred])).toEqual([
      ["deletion", 100, false],
      ["TERM", 100.2, true],
      ["deadline", 130, false],
      ["KILL", 130.2, false],
    ]);
    expect(spans(lane(m, "container:app"))).toEqual([
      ["waiting", 1, 2, "waiting"],
      ["running", 2, 130.2, "exit 137 · Error"],
      ["terminated", 130.2, 140, "terminated · exit 137 · Error"],
    ]);
  });

  it("a sleep preStop of known length and a process that exits on SIGTERM (143): TERM when the hook ends, no KILL", () => {
    const sleepSpec = {
      containers: [{ name: "app", lifecycle: { preStop: { sleep: { seconds: 5 } } } }],
      terminationGracePeriodSeconds: 30,
    };
    const after: PodStatus = { phase: "Failed", startTime: iso(1), containerStatuses: [cs("app", exited(143, "Error", 2, 105.1))] };
    // Sparse: no history, no events; the stop is inferred from the deletion timestamp.
    const m = buildTimeline({ pod: mkPod(sleepSpec, meta, after), history: [], events: [], now: new Date(at(110)) });
    expect(spans(lane(m, "hooks"))).toEqual([["hook", 100, 105, "preStop app"]]);
    const ticks = lane(m, "signals").ticks.map((t) => [t.kind, (t.time - BASE) / 1000, t.inferred]);
    expect(ticks).toEqual([
      ["deletion", 100, false],
      ["TERM", 105, true],
      ["deadline", 130, false],
    ]);
  });

  it("a failed preStop hook is a hook span ending at the FailedPreStopHook event", () => {
    const after: PodStatus = { phase: "Failed", startTime: iso(1), containerStatuses: [cs("app", exited(143, "Error", 2, 101.5))] };
    const events = [
      ev("Killing", "Stopping container app", 100, 100, 1, { container: "app" }),
      ev("FailedPreStopHook", "PreStopHook failed", 101, 101, 1, { type: "Warning", container: "app" }),
    ];
    const m = buildTimeline({ pod: mkPod(spec, meta, after), history: [], events, now: new Date(at(110)) });
    expect(lane(m, "hooks").spans[0]).toMatchObject({
      start: at(100),
      end: at(101),
      reason: "FailedPreStopHook",
      label: "preStop app failed",
    });
    expect(lane(m, "signals").ticks.find((t) => t.kind === "TERM")?.time).toBe(at(101));
  });
});

describe("recorder history with deletions and earlier pods of the same name", () => {
  it("stops at the deletion, marks it, and leaves out another pod's records (saying so)", () => {
    const live: PodStatus = { phase: "Running", startTime: iso(1), containerStatuses: [cs("app", running(2), 0, undefined, true)] };
    const done: PodStatus = { phase: "Succeeded", startTime: iso(1), containerStatuses: [cs("app", exited(0, "Completed", 2, 40))] };
    const history = [
      { time: iso(-500), status: { phase: "Running" as const }, uid: "old-uid" },
      { time: iso(3), status: live, uid: "u1" },
      { time: iso(41), status: done, uid: "u1" },
      { time: iso(45), status: null, uid: "u1" },
    ];
    const m = buildTimeline({ pod: mkPod({}, {}, done), history, events: [], now: new Date(at(900)) });
    expect(m.deletedAt).toBe(at(45));
    expect(m.end).toBe(at(45));
    expect(m.start).toBe(at(0));
    expect(spans(lane(m, "container:app"))).toEqual([
      ["waiting", 1, 2, "waiting"],
      ["running", 2, 40, "exit 0 · Completed"],
      ["terminated", 40, 45, "terminated · exit 0 · Completed"],
    ]);
    expect(lane(m, "signals").ticks.map((t) => [t.kind, (t.time - BASE) / 1000])).toEqual([["removed", 45]]);
    expect(m.warnings).toEqual(["status records of an earlier pod with the same name (uid old-uid) are not shown"]);
  });
});

describe("bad input", () => {
  it("rejects a missing pod or an invalid now with a readable error", () => {
    expect(() => buildTimeline({ pod: undefined as unknown as Pod, history: [], events: [], now: new Date() })).toThrow(TimelineInputError);
    expect(() => buildTimeline({ pod: mkPod(), history: [], events: [], now: new Date("nope") })).toThrow(
      "timeline: `now` must be a valid Date",
    );
    expect(() => buildTimeline({ pod: mkPod(), history: null as never, events: [], now: new Date() })).toThrow(
      "`history` must be an array",
    );
  });

  it("keeps going past unusable timestamps and says what it left out", () => {
    const bad: KubeEvent = { metadata: { name: "broken" }, involvedObject: {}, reason: "Pulled", lastTimestamp: "yesterday" };
    const m = buildTimeline({
      pod: mkPod({}, {}, { phase: "Pending" }),
      history: [{ time: "not a time", status: { phase: "Pending" } }],
      events: [bad, ev("Scheduled", "ok", 1)],
      now: new Date(at(10)),
    });
    expect(m.markers.map((x) => x.reason)).toEqual(["Scheduled"]);
    expect(m.warnings).toEqual([
      'history entry 0 has an unusable time "not a time": left off the timeline',
      "event broken (Pulled) has no usable timestamp: left off the timeline",
    ]);
  });

  it("a pod with no status and no events is an empty but valid model", () => {
    const m = buildTimeline({ pod: mkPod(), history: [], events: [], now: new Date(at(5)) });
    expect(m.lanes.map((l) => l.id)).toEqual(["phase"]);
    expect(m.lanes[0].spans).toEqual([]);
    expect([m.start, m.end]).toEqual([at(0), at(5)]);
  });
});

describe("scale", () => {
  it("builds 5,000 events and 2,000 status changes without losing any", () => {
    const events: KubeEvent[] = [];
    for (let i = 0; i < 5000; i++)
      events.push(
        ev(i % 3 ? "Unhealthy" : "BackOff", `probe ${i}`, i, i + 0.5, 1 + (i % 4), { type: "Warning", container: "app", name: `e${i}` }),
      );
    const history: { time: string; status: PodStatus }[] = [];
    for (let r = 0; r < 1000; r++) {
      history.push({
        time: iso(r * 5 + 0.1),
        status: {
          phase: "Running",
          startTime: iso(0),
          containerStatuses: [cs("app", running(r * 5), r, r ? exited(1, "Error", r * 5 - 5, r * 5 - 3) : undefined)],
        },
      });
      history.push({
        time: iso(r * 5 + 2.1),
        status: {
          phase: "Running",
          startTime: iso(0),
          containerStatuses: [cs("app", { waiting: { reason: "CrashLoopBackOff" } }, r, exited(1, "Error", r * 5, r * 5 + 2))],
        },
      });
    }
    const m = buildTimeline({ pod: mkPod(), history, events, now: new Date(at(6000)) });
    expect(m.markers).toHaveLength(5000);
    const app = lane(m, "container:app");
    expect(app.spans.filter((s) => s.state === "running")).toHaveLength(1000);
    expect(app.spans.filter((s) => s.state === "backoff")).toHaveLength(1000);
    expect(app.ticks).toHaveLength(999);
  });
});
