import { describe, expect, it } from "vitest";
import { conditionDoc, conditionReasonDoc, POD_CONDITION_TYPES } from "../src/condition-docs";
import { crashLoopWaitMs, explainExitCode, explainPod, parseGoDuration, signalName } from "../src/explain";
import { effectivePullPolicy } from "../src/explain-image";
import type { ContainerStatus, Pod } from "../src/types";

const NOW = new Date("2026-01-10T12:00:00Z");

function cs(name: string, extra: Partial<ContainerStatus>): ContainerStatus {
  return { name, ready: false, restartCount: 0, image: "busybox", imageID: "", ...extra };
}

function pod(status: Pod["status"], meta: Partial<Pod["metadata"]> = {}, spec: Partial<Pod["spec"]> = {}): Pod {
  return {
    metadata: { name: "web", namespace: "default", uid: "u1", creationTimestamp: "2026-01-10T11:00:00Z", ...meta },
    spec: { containers: [{ name: "app", resources: { limits: { memory: "64Mi" } } }], nodeName: "node-1", ...spec },
    status,
  };
}

describe("exit codes", () => {
  it.each([
    [0, undefined, "success", undefined],
    [1, undefined, "application error", undefined],
    [2, undefined, "usage error", undefined],
    [126, undefined, "not executable", undefined],
    [127, undefined, "command not found", undefined],
    [137, undefined, "SIGKILL", "SIGKILL"],
    [137, "OOMKilled", "OOM-killed", "SIGKILL"],
    [139, undefined, "SIGSEGV", "SIGSEGV"],
    [143, undefined, "SIGTERM", "SIGTERM"],
    [134, undefined, "SIGABRT", "SIGABRT"],
    [130, undefined, "SIGINT", "SIGINT"],
    [42, undefined, "application-defined", undefined],
  ])("%d (%s) → %s", (code, reason, summary, sig) => {
    const e = explainExitCode(code, reason);
    expect(e.summary).toBe(summary);
    expect(e.signalName).toBe(sig);
    expect(e.meaning.length).toBeGreaterThan(10);
  });

  it("uses the runtime's signal field when the exit code does not carry it", () => {
    expect(explainExitCode(0, undefined, 9)).toMatchObject({ signal: 9, signalName: "SIGKILL", summary: "SIGKILL" });
    expect(explainExitCode(134).meaning).toContain("128+6");
    expect(signalName(15)).toBe("SIGTERM");
    expect(signalName(99)).toBeUndefined();
  });
});

describe("crash-loop back-off", () => {
  it("parses Go durations from kubelet's message", () => {
    expect(parseGoDuration("10s")).toBe(10_000);
    expect(parseGoDuration("1m20s")).toBe(80_000);
    expect(parseGoDuration("5m0s")).toBe(300_000);
    expect(parseGoDuration("2m40s")).toBe(160_000);
    expect(parseGoDuration("soon")).toBeUndefined();
    expect(parseGoDuration("")).toBeUndefined();
  });

  it("derives the wait from restartCount when the message is missing: 10s, 20s, 40s … capped at 5m", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 12].map(
      (n) => crashLoopWaitMs(cs("app", { restartCount: n, state: { waiting: { reason: "CrashLoopBackOff" } } })) / 1000,
    );
    expect(waits).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it("explains the step, the wait and the next restart time from lastState.finishedAt", () => {
    const p = pod({
      phase: "Running",
      containerStatuses: [
        cs("app", {
          restartCount: 3,
          state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=app pod=web_default(u1)" } },
          lastState: {
            terminated: { exitCode: 1, reason: "Error", startedAt: "2026-01-10T11:59:40Z", finishedAt: "2026-01-10T11:59:45Z" },
          },
        }),
      ],
    });
    const [e] = explainPod(p, NOW);
    expect(e.kind).toBe("CrashLoopBackOff");
    expect(e.backoff).toEqual({
      restartCount: 3,
      step: 3,
      waitSeconds: 40,
      nextRestartAt: "2026-01-10T12:00:25.000Z",
      secondsUntilRestart: 25,
    });
    expect(e.detail).toContain("waits 40s");
    expect(e.detail).toContain("Next restart in 25s");
    expect(e.exit?.summary).toBe("application error");
    // The countdown never goes negative once the restart is due.
    const late = explainPod(p, new Date("2026-01-10T12:05:00Z"))[0];
    expect(late.backoff?.secondsUntilRestart).toBe(0);
    expect(late.detail).toContain("due now");
  });
});

describe("explainPod", () => {
  it("says nothing for a healthy running pod", () => {
    const p = pod({
      phase: "Running",
      conditions: [{ type: "PodScheduled", status: "True" }],
      containerStatuses: [cs("app", { ready: true, state: { running: { startedAt: "2026-01-10T11:00:02Z" } } })],
    });
    expect(explainPod(p, NOW)).toEqual([]);
  });

  it("OOMKilled names the memory limit", () => {
    const p = pod({
      phase: "Running",
      containerStatuses: [
        cs("app", {
          restartCount: 1,
          state: { running: {} },
          lastState: { terminated: { exitCode: 137, reason: "OOMKilled", finishedAt: "2026-01-10T11:58:00Z" } },
        }),
      ],
    });
    const [e] = explainPod(p, NOW);
    expect(e).toMatchObject({ kind: "OOMKilled", severity: "error", container: "app", since: "2026-01-10T11:58:00Z" });
    expect(e.detail).toContain("64Mi");
  });

  it("image not available with imagePullPolicy Never carries kubelet's message", () => {
    const msg = 'Container image "localhost/nope:1" is not present with pull policy of Never';
    const p = pod(
      { phase: "Pending", containerStatuses: [cs("app", { state: { waiting: { reason: "ErrImageNeverPull", message: msg } } })] },
      {},
      { containers: [{ name: "app", image: "localhost/nope:1", imagePullPolicy: "Never" }] },
    );
    const e = explainPod(p, NOW).find((x) => x.kind === "ImageUnavailable")!;
    expect(e.title).toContain("ErrImageNeverPull");
    expect(e.detail).toContain("imagePullPolicy is Never");
    expect(e.detail).toContain(msg);
    expect(e.detail).toContain("set imagePullPolicy to IfNotPresent so the node pulls it");
  });

  it("ErrImageNeverPull without Never is the local node's own image, never pulled: it says so and names the pod's real policy", () => {
    // The local node resolves localhost/ names (and busybox, pause) to images it imports; a missing one is not pulled.
    const msg = 'Container image "localhost/app:1.0" is not present with pull policy of Never';
    const p = pod(
      {
        phase: "Pending",
        containerStatuses: [cs("app", { image: "localhost/app:1.0", state: { waiting: { reason: "ErrImageNeverPull", message: msg } } })],
      },
      {},
      { containers: [{ name: "app", image: "localhost/app:1.0" }] },
    );
    const e = explainPod(p, NOW).find((x) => x.kind === "ImageUnavailable")!;
    expect(e.detail).not.toContain("imagePullPolicy is Never");
    expect(e.detail).not.toContain("this node does not pull it");
    expect(e.detail).toBe(
      'The image "localhost/app:1.0" is not present on this node, and it is one of the names podscope\'s local node provides itself (busybox and pause under any tag, any name under localhost/), which it never pulls from a registry. ' +
        "The pod's imagePullPolicy is IfNotPresent (not set: the default for an image with a tag other than :latest), which does not change that. " +
        "Import it with `podscope image import FILE`, or use a registry name the node can pull.",
    );
    // :latest and no tag default to Always, as the API server defaults them.
    const latest = pod(
      { phase: "Pending", containerStatuses: [cs("app", { image: "localhost/app", state: { waiting: { reason: "ErrImageNeverPull" } } })] },
      {},
      { containers: [{ name: "app", image: "localhost/app" }] },
    );
    expect(explainPod(latest, NOW)[0].detail).toContain(
      "imagePullPolicy is Always (not set: the default for an image without a tag or with :latest)",
    );
  });

  it("ErrImagePull: the node tried to pull and failed, with the runtime's error and what to check", () => {
    const err =
      'failed to pull and unpack image "127.0.0.1:1/app:v1": failed to resolve reference "127.0.0.1:1/app:v1": failed to do request: Head "http://127.0.0.1:1/v2/app/manifests/v1": dial tcp 127.0.0.1:1: connect: connection refused';
    const p = pod(
      {
        phase: "Pending",
        containerStatuses: [cs("app", { image: "127.0.0.1:1/app:v1", state: { waiting: { reason: "ErrImagePull", message: err } } })],
      },
      {},
      { containers: [{ name: "app", image: "127.0.0.1:1/app:v1" }] },
    );
    const e = explainPod(p, NOW).find((x) => x.kind === "ImageUnavailable")!;
    expect(e.title).toContain("(ErrImagePull)");
    expect(e.detail).toBe(
      `The node tried to pull "127.0.0.1:1/app:v1" from its registry and the pull failed: ${err} ` +
        "Check the image name and tag, that the registry is reachable from the node, and the credentials (the pod's imagePullSecrets, or the node's registry config). " +
        "kubelet tries again after a back-off (10 s, doubling up to 5 min for this image), showing ImagePullBackOff in between.",
    );
  });

  it("ImagePullBackOff: kubelet waits out the image's back-off before the next pull, quoting the last failure", () => {
    const msg = 'Back-off pulling image "127.0.0.1:1/app:v1": ErrImagePull: dial tcp 127.0.0.1:1: connect: connection refused';
    const p = pod(
      {
        phase: "Pending",
        containerStatuses: [cs("app", { image: "127.0.0.1:1/app:v1", state: { waiting: { reason: "ImagePullBackOff", message: msg } } })],
      },
      {},
      { containers: [{ name: "app", image: "127.0.0.1:1/app:v1" }] },
    );
    const e = explainPod(p, NOW).find((x) => x.kind === "ImageUnavailable")!;
    expect(e.title).toContain("(ImagePullBackOff)");
    expect(e.detail).toContain(
      `The last pull of "127.0.0.1:1/app:v1" failed, so kubelet waits before trying again (a back-off of 10 s, doubling up to 5 min for this image): ${msg}`,
    );
    expect(e.detail).toContain("Check the image name and tag");
    // Without a message it still says what is happening.
    const bare = pod(
      { phase: "Pending", containerStatuses: [cs("app", { image: "r.example/a:1", state: { waiting: { reason: "ImagePullBackOff" } } })] },
      {},
      { containers: [{ name: "app", image: "r.example/a:1" }] },
    );
    expect(explainPod(bare, NOW)[0].detail).toMatch(
      /^The last pull of "r\.example\/a:1" failed, so kubelet waits before trying again \(a back-off of 10 s, doubling up to 5 min for this image\)\. Check/,
    );
  });

  it("Pending and unschedulable: the scheduler's message from PodScheduled", () => {
    const msg =
      "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    const p = pod(
      {
        phase: "Pending",
        conditions: [
          { type: "PodScheduled", status: "False", reason: "Unschedulable", message: msg, lastTransitionTime: "2026-01-10T11:00:01Z" },
        ],
      },
      {},
      { nodeName: undefined },
    );
    const [e] = explainPod(p, NOW);
    expect(e).toMatchObject({ kind: "Unschedulable", detail: msg, since: "2026-01-10T11:00:01Z" });
  });

  it("Pending on a node: the waiting reason and how long", () => {
    const p = pod({
      phase: "Pending",
      startTime: "2026-01-10T11:58:00Z",
      conditions: [{ type: "PodScheduled", status: "True" }],
      containerStatuses: [cs("app", { state: { waiting: { reason: "ContainerCreating" } } })],
    });
    const [e] = explainPod(p, NOW);
    expect(e.title).toBe("Pending: ContainerCreating for 2m");
  });

  it("Evicted uses the status message", () => {
    const msg = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. ";
    const p = pod({ phase: "Failed", reason: "Evicted", message: msg });
    expect(explainPod(p, NOW)[0]).toMatchObject({ kind: "Evicted", detail: msg });
  });

  it("Terminating within the grace period is info; beyond it is an error, counted from the request", () => {
    // Deleted at 11:59:00 with a 30s grace period: deadline 11:59:30.
    const within = pod({ phase: "Running" }, { deletionTimestamp: "2026-01-10T12:00:10Z", deletionGracePeriodSeconds: 30 });
    expect(explainPod(within, NOW)[0]).toMatchObject({ kind: "Terminating", severity: "info", since: "2026-01-10T11:59:40.000Z" });
    expect(explainPod(within, NOW)[0].detail).toContain("SIGKILL in 10s");
    const stuck = pod({ phase: "Running" }, { deletionTimestamp: "2026-01-10T11:59:30Z", deletionGracePeriodSeconds: 30 });
    const e = explainPod(stuck, NOW)[0];
    expect(e).toMatchObject({ kind: "TerminatingTooLong", severity: "error", title: "Terminating for 60s, 30s past its 30s grace period" });
  });

  it("explains a terminated container's exit code, and errors come before warnings", () => {
    const p = pod(
      {
        phase: "Failed",
        containerStatuses: [
          cs("app", { state: { terminated: { exitCode: 127, reason: "Error", finishedAt: "2026-01-10T11:00:03Z" } } }),
          cs("side", { state: { terminated: { exitCode: 137, reason: "OOMKilled" } } }),
        ],
      },
      {},
      { containers: [{ name: "app" }, { name: "side" }] },
    );
    const list = explainPod(p, NOW);
    expect(list.map((e) => e.kind)).toEqual(["OOMKilled", "ExitCode"]);
    expect(list[1].title).toBe('Container "app" exited with code 127 (command not found)');
    expect(list[0].detail).toContain("no limit set");
  });

  it("running but not ready: names the latest readiness probe failure from the events", () => {
    const p = pod(
      {
        phase: "Running",
        conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady" }],
        containerStatuses: [cs("app", { state: { running: { startedAt: "2026-01-10T11:50:00Z" } }, ready: false, started: true })],
      },
      {},
      { containers: [{ name: "app", readinessProbe: { exec: { command: ["cat", "/tmp/ready"] } } }] },
    );
    const events = [
      {
        metadata: {},
        involvedObject: { fieldPath: "spec.containers{app}" },
        reason: "Unhealthy",
        message: "Readiness probe failed: old",
        lastTimestamp: "2026-01-10T11:51:00Z",
      },
      {
        metadata: {},
        involvedObject: { fieldPath: "spec.containers{app}" },
        reason: "Unhealthy",
        message: "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory",
        count: 12,
        lastTimestamp: "2026-01-10T11:59:50Z",
      },
      {
        metadata: {},
        involvedObject: { fieldPath: "spec.containers{other}" },
        reason: "Unhealthy",
        message: "not this one",
        lastTimestamp: "2026-01-10T11:59:59Z",
      },
    ];
    const [e] = explainPod(p, NOW, events);
    expect(e).toMatchObject({
      kind: "NotReady",
      severity: "warning",
      container: "app",
      title: 'Container "app" is running but not ready (running for 10m)',
    });
    expect(e.detail).toBe(
      "Latest probe failure (12×): Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory. The pod gets no Service traffic until it passes.",
    );
    // Without events it still says why it matters.
    expect(explainPod(p, NOW)[0].detail).toContain("readiness probe has not succeeded yet");
  });

  it("flapping readiness: a container that was Ready before is 'no longer ready', not 'has not succeeded yet'", () => {
    const startedAt = "2026-01-10T11:50:00Z";
    const spec = { containers: [{ name: "app", readinessProbe: { exec: { command: ["cat", "/tmp/ready"] } } }] };
    const at = (time: string, ready: boolean) => ({
      time,
      uid: "u1",
      status: { phase: "Running" as const, containerStatuses: [cs("app", { ready, started: true, state: { running: { startedAt } } })] },
    });
    // Three Ready periods in this run, then not ready; an earlier run (other startedAt) does not count.
    const history = [
      {
        time: "2026-01-10T11:40:00Z",
        uid: "u1",
        status: {
          phase: "Running" as const,
          containerStatuses: [cs("app", { ready: true, state: { running: { startedAt: "2026-01-10T11:39:00Z" } } })],
        },
      },
      at("2026-01-10T11:50:01Z", false),
      at("2026-01-10T11:51:00Z", true),
      at("2026-01-10T11:52:00Z", false),
      at("2026-01-10T11:53:00Z", true),
      at("2026-01-10T11:54:00Z", false),
      at("2026-01-10T11:55:00Z", true),
      at("2026-01-10T11:56:00Z", false),
    ];
    const p = pod(
      {
        phase: "Running",
        conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady" }],
        containerStatuses: [cs("app", { state: { running: { startedAt } }, ready: false, started: true })],
      },
      {},
      spec,
    );
    const [e] = explainPod(p, NOW, [], history);
    expect(e).toMatchObject({
      kind: "NotReady",
      title: 'Container "app" is no longer ready (running for 10m)',
      since: "2026-01-10T11:56:00Z",
    });
    expect(e.detail).toContain("It was ready 3 times since it started");
    expect(e.detail).toContain("flapping readiness");
    expect(e.detail).not.toContain("has not succeeded yet");

    // Without history, the Ready condition that turned False after the container started says the same.
    const live = pod(
      {
        phase: "Running",
        conditions: [{ type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: "2026-01-10T11:58:00Z" }],
        containerStatuses: [cs("app", { state: { running: { startedAt } }, ready: false, started: true })],
      },
      {},
      spec,
    );
    const [l] = explainPod(live, NOW);
    expect(l.detail).toMatch(/^It was ready earlier since it started/);
    expect(l.since).toBe("2026-01-10T11:58:00Z");
    // A Ready condition False since before the start: never ready yet.
    const fresh = pod(
      {
        phase: "Running",
        conditions: [{ type: "Ready", status: "False", lastTransitionTime: "2026-01-10T11:49:00Z" }],
        containerStatuses: [cs("app", { state: { running: { startedAt } }, ready: false, started: true })],
      },
      {},
      spec,
    );
    expect(explainPod(fresh, NOW)[0].detail).toContain("has not succeeded yet");
  });

  it("Init:0/2 with the first init container running names that one, not the second that waits behind it", () => {
    const p = pod(
      {
        phase: "Pending",
        startTime: "2026-01-10T11:59:00Z",
        conditions: [{ type: "Initialized", status: "False", reason: "ContainersNotInitialized" }],
        initContainerStatuses: [
          cs("wait-db", { state: { running: { startedAt: "2026-01-10T11:59:05Z" } } }),
          cs("migrate", { state: { waiting: { reason: "PodInitializing" } } }),
        ],
        containerStatuses: [cs("app", { state: { waiting: { reason: "PodInitializing" } } })],
      },
      {},
      { initContainers: [{ name: "wait-db" }, { name: "migrate" }] },
    );
    const list = explainPod(p, NOW);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      kind: "Pending",
      container: "wait-db",
      title: 'Init:0/2: init container "wait-db" is running (for 55s)',
      since: "2026-01-10T11:59:05Z",
    });
    expect(list[0].detail).toContain("this one and 1 more must finish");
    // Once it completed, the second is the one running.
    p.status!.initContainerStatuses = [
      cs("wait-db", { state: { terminated: { exitCode: 0, reason: "Completed" } } }),
      cs("migrate", { state: { running: { startedAt: "2026-01-10T11:59:50Z" } } }),
    ];
    expect(explainPod(p, NOW)[0]).toMatchObject({ container: "migrate", title: 'Init:1/2: init container "migrate" is running (for 10s)' });
  });

  it("every duration reads as kubectl prints it: a 181 s back-off countdown is 3m1s, a 181 s grace period too", () => {
    const p = pod({
      phase: "Running",
      containerStatuses: [
        cs("app", {
          restartCount: 9,
          state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app pod=web_default(u1)" } },
          lastState: { terminated: { exitCode: 1, finishedAt: "2026-01-10T11:58:01Z" } },
        }),
      ],
    });
    const [e] = explainPod(p, NOW);
    expect(e.backoff?.secondsUntilRestart).toBe(181);
    expect(e.detail).toContain("Next restart in 3m1s.");
    expect(e.detail).toContain("kubelet now waits 5m ");
    const stuck = pod({ phase: "Running" }, { deletionTimestamp: "2026-01-10T11:50:00Z", deletionGracePeriodSeconds: 181 });
    expect(explainPod(stuck, NOW)[0].title).toBe("Terminating for 13m, 10m past its 3m1s grace period");
  });

  it("a pod with no status at all is 'waiting for the scheduler', not a crash", () => {
    const p: Pod = { metadata: { name: "x" }, spec: { containers: [{ name: "c" }] } };
    expect(explainPod(p, NOW).map((e) => e.kind)).toEqual(["Pending"]);
  });
});

describe("condition docs", () => {
  it("names the component for every built-in type", () => {
    expect(conditionDoc("PodScheduled").setBy).toBe("kube-scheduler");
    expect(conditionDoc("Ready").setBy).toBe("kubelet");
    expect(conditionDoc("DisruptionTarget").setBy).toContain("eviction API");
    for (const t of POD_CONDITION_TYPES) {
      const d = conditionDoc(t);
      expect(d.builtIn).toBe(true);
      expect(d.meaning.length).toBeGreaterThan(20);
    }
  });
  it("explains the reasons Kubernetes writes, and knows when it does not know", () => {
    expect(conditionReasonDoc("DeletionByTaintManager")).toContain("NoExecute taint");
    expect(conditionReasonDoc("Unschedulable")).toContain("no node");
    expect(conditionReasonDoc("SomethingCustom")).toBeUndefined();
    expect(conditionReasonDoc(undefined)).toBeUndefined();
  });

  it("a disruption explains its reason in words", () => {
    const p = pod({
      phase: "Running",
      conditions: [
        {
          type: "DisruptionTarget",
          status: "True",
          reason: "EvictionByEvictionAPI",
          message: "Eviction API: evicting",
          lastTransitionTime: "2026-01-10T11:59:00Z",
        },
      ],
    });
    const e = explainPod(p, NOW).find((x) => x.kind === "DisruptionTarget")!;
    expect(e.detail).toBe(
      "Someone (kubectl drain, an autoscaler, a controller) asked the eviction API to remove the pod. Eviction API: evicting",
    );
  });

  it("treats unknown types as readiness gates", () => {
    expect(conditionDoc("example.com/lb-ready")).toMatchObject({ builtIn: false, type: "example.com/lb-ready" });
  });
});

describe("image pull policy", () => {
  it("defaults as the API server does: :latest or no tag → Always, any other tag or a digest → IfNotPresent", () => {
    expect(effectivePullPolicy({ image: "nginx" })).toEqual({ policy: "Always", defaulted: true });
    expect(effectivePullPolicy({ image: "nginx:latest" })).toEqual({ policy: "Always", defaulted: true });
    expect(effectivePullPolicy({ image: "localhost:5000/nginx" })).toEqual({ policy: "Always", defaulted: true });
    expect(effectivePullPolicy({ image: "localhost:5000/nginx:1.27" })).toEqual({ policy: "IfNotPresent", defaulted: true });
    expect(effectivePullPolicy({ image: "nginx@sha256:abcd" })).toEqual({ policy: "IfNotPresent", defaulted: true });
    expect(effectivePullPolicy({ image: "nginx:latest", imagePullPolicy: "Never" })).toEqual({ policy: "Never", defaulted: false });
  });
});
