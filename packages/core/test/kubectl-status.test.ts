import { describe, expect, it } from "vitest";
import { humanDuration } from "../src/duration";
import { kubectlPodRow, kubectlPodStatus, timestampSince } from "../src/kubectl-status";
import type { ContainerStatus, Pod, PodStatus } from "../src/types";

const NOW = new Date("2026-01-10T12:00:00Z");

function cs(name: string, state: ContainerStatus["state"], extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, state, ready: false, restartCount: 0, image: "busybox", imageID: "", ...extra };
}

function pod(
  status: PodStatus,
  opts: {
    containers?: string[];
    inits?: { name: string; sidecar?: boolean }[];
    deletion?: string;
    created?: string;
    gates?: string[];
  } = {},
): Pod {
  return {
    metadata: {
      name: "web",
      namespace: "default",
      creationTimestamp: opts.created ?? "2026-01-10T11:00:00Z",
      deletionTimestamp: opts.deletion,
    },
    spec: {
      containers: (opts.containers ?? ["app"]).map((name) => ({ name })),
      initContainers: opts.inits?.map((i) => ({ name: i.name, restartPolicy: i.sidecar ? "Always" : undefined })),
      readinessGates: opts.gates?.map((conditionType) => ({ conditionType })),
    },
    status,
  };
}

const running = { running: { startedAt: "2026-01-10T11:00:05Z" } };
const crashWaiting = {
  waiting: { reason: "CrashLoopBackOff", message: "back-off 20s restarting failed container=app pod=web_default(u1)" },
};

describe("humanDuration (kubectl's short form)", () => {
  it.each([
    [-3000, "<invalid>"],
    [-1500, "0s"],
    [0, "0s"],
    [5_000, "5s"],
    [119_999, "119s"],
    [120_000, "2m"],
    [123_000, "2m3s"],
    [599_000, "9m59s"],
    [600_000, "10m"],
    [179 * 60_000 + 59_000, "179m"],
    [3 * 3600_000, "3h"],
    [3 * 3600_000 + 5 * 60_000, "3h5m"],
    [7 * 3600_000 + 59 * 60_000, "7h59m"],
    [8 * 3600_000 + 30 * 60_000, "8h"],
    [47 * 3600_000, "47h"],
    [48 * 3600_000, "2d"],
    [51 * 3600_000, "2d3h"],
    [8 * 24 * 3600_000 + 5 * 3600_000, "8d"],
    [400 * 24 * 3600_000, "400d"],
    [(2 * 365 + 10) * 24 * 3600_000, "2y10d"],
    [3 * 365 * 24 * 3600_000, "3y"],
    [9 * 365 * 24 * 3600_000 + 40 * 24 * 3600_000, "9y"],
  ])("%d ms → %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it("says <unknown> for a missing or unparsable timestamp", () => {
    expect(timestampSince(undefined, NOW)).toBe("<unknown>");
    expect(timestampSince("yesterday-ish", NOW)).toBe("<unknown>");
    expect(timestampSince("2026-01-10T11:57:57Z", NOW)).toBe("2m3s");
  });
});

describe("STATUS column", () => {
  const cases: [string, Pod, string][] = [
    ["running and ready", pod({ phase: "Running", containerStatuses: [cs("app", running, { ready: true })] }), "Running"],
    ["pending, nothing reported yet", pod({ phase: "Pending" }), "Pending"],
    [
      "container being created",
      pod({ phase: "Pending", containerStatuses: [cs("app", { waiting: { reason: "ContainerCreating" } })] }),
      "ContainerCreating",
    ],
    ["crash loop", pod({ phase: "Running", containerStatuses: [cs("app", crashWaiting, { restartCount: 4 })] }), "CrashLoopBackOff"],
    [
      "terminated with a reason",
      pod({ phase: "Running", containerStatuses: [cs("app", { terminated: { exitCode: 1, reason: "Error" } })] }),
      "Error",
    ],
    [
      "OOM killed",
      pod({ phase: "Running", containerStatuses: [cs("app", { terminated: { exitCode: 137, reason: "OOMKilled" } })] }),
      "OOMKilled",
    ],
    [
      "completed",
      pod({ phase: "Succeeded", containerStatuses: [cs("app", { terminated: { exitCode: 0, reason: "Completed" } })] }),
      "Completed",
    ],
    [
      "terminated by a signal, no reason",
      pod({ phase: "Running", containerStatuses: [cs("app", { terminated: { exitCode: 0, signal: 9 } })] }),
      "Signal:9",
    ],
    [
      "terminated with an exit code, no reason",
      pod({ phase: "Running", containerStatuses: [cs("app", { terminated: { exitCode: 3 } })] }),
      "ExitCode:3",
    ],
    [
      "image never pulled",
      pod({
        phase: "Pending",
        containerStatuses: [
          cs("app", {
            waiting: { reason: "ErrImageNeverPull", message: 'Container image "nope" is not present with pull policy of Never' },
          }),
        ],
      }),
      "ErrImageNeverPull",
    ],
    [
      "evicted (status.reason wins over phase)",
      pod({ phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory." }),
      "Evicted",
    ],
    [
      "deleting, not terminal",
      pod({ phase: "Running", containerStatuses: [cs("app", running, { ready: true })] }, { deletion: "2026-01-10T11:59:30Z" }),
      "Terminating",
    ],
    [
      "deleting but already Succeeded",
      pod(
        { phase: "Succeeded", containerStatuses: [cs("app", { terminated: { exitCode: 0, reason: "Completed" } })] },
        { deletion: "2026-01-10T11:59:30Z" },
      ),
      "Completed",
    ],
    ["deleting on a lost node", pod({ phase: "Running", reason: "NodeLost" }, { deletion: "2026-01-10T11:59:30Z" }), "Unknown"],
    [
      "first container wins over the second",
      pod(
        {
          phase: "Running",
          containerStatuses: [
            cs("a", { waiting: { reason: "CrashLoopBackOff" } }),
            cs("b", { terminated: { exitCode: 1, reason: "Error" } }),
          ],
        },
        { containers: ["a", "b"] },
      ),
      "CrashLoopBackOff",
    ],
    [
      "completed sidecar job with one still running, Ready",
      pod(
        {
          phase: "Running",
          conditions: [{ type: "Ready", status: "True" }],
          containerStatuses: [cs("a", { terminated: { exitCode: 0, reason: "Completed" } }), cs("b", running, { ready: true })],
        },
        { containers: ["a", "b"] },
      ),
      "Running",
    ],
    [
      "completed container with one still running, not Ready",
      pod(
        {
          phase: "Running",
          conditions: [{ type: "Ready", status: "False" }],
          containerStatuses: [cs("a", { terminated: { exitCode: 0, reason: "Completed" } }), cs("b", running, { ready: true })],
        },
        { containers: ["a", "b"] },
      ),
      "NotReady",
    ],
    [
      "scheduling gated",
      pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] }),
      "SchedulingGated",
    ],
    [
      "first init container still running",
      pod(
        {
          phase: "Pending",
          initContainerStatuses: [cs("i1", running), cs("i2", { waiting: { reason: "PodInitializing" } })],
          containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })],
        },
        { inits: [{ name: "i1" }, { name: "i2" }] },
      ),
      "Init:0/2",
    ],
    [
      "second init container starting",
      pod(
        {
          phase: "Pending",
          initContainerStatuses: [
            cs("i1", { terminated: { exitCode: 0, reason: "Completed" } }),
            cs("i2", { waiting: { reason: "PodInitializing" } }),
          ],
        },
        { inits: [{ name: "i1" }, { name: "i2" }] },
      ),
      "Init:1/2",
    ],
    [
      "init container crash looping",
      pod(
        { phase: "Pending", initContainerStatuses: [cs("i1", { waiting: { reason: "CrashLoopBackOff" } })] },
        { inits: [{ name: "i1" }] },
      ),
      "Init:CrashLoopBackOff",
    ],
    [
      "init container failed",
      pod(
        { phase: "Failed", initContainerStatuses: [cs("i1", { terminated: { exitCode: 2, reason: "Error" } })] },
        { inits: [{ name: "i1" }] },
      ),
      "Init:Error",
    ],
    [
      "init container failed with no reason",
      pod({ phase: "Failed", initContainerStatuses: [cs("i1", { terminated: { exitCode: 2 } })] }, { inits: [{ name: "i1" }] }),
      "Init:ExitCode:2",
    ],
    [
      "init container killed by a signal",
      pod(
        { phase: "Pending", initContainerStatuses: [cs("i1", { terminated: { exitCode: 143, signal: 15 } })] },
        { inits: [{ name: "i1" }] },
      ),
      "Init:Signal:15",
    ],
    [
      "inits done, containers starting: PodInitializing",
      pod(
        {
          phase: "Pending",
          conditions: [{ type: "Initialized", status: "True" }],
          initContainerStatuses: [cs("i1", { terminated: { exitCode: 0, reason: "Completed" } })],
          containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })],
        },
        { inits: [{ name: "i1" }] },
      ),
      "PodInitializing",
    ],
    [
      "native sidecar started, app running",
      pod(
        {
          phase: "Running",
          conditions: [{ type: "Initialized", status: "True" }],
          initContainerStatuses: [cs("proxy", running, { started: true, ready: true })],
          containerStatuses: [cs("app", running, { ready: true })],
        },
        { inits: [{ name: "proxy", sidecar: true }] },
      ),
      "Running",
    ],
  ];
  it.each(cases)("%s", (_name, p, want) => {
    expect(kubectlPodStatus(p)).toBe(want);
  });
});

describe("READY, RESTARTS, AGE and wide columns", () => {
  it("counts ready containers and native sidecars", () => {
    const p = pod(
      {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }],
        initContainerStatuses: [cs("proxy", running, { started: true, ready: true })],
        containerStatuses: [cs("a", running, { ready: true }), cs("b", running, { ready: false })],
      },
      { containers: ["a", "b"], inits: [{ name: "proxy", sidecar: true }] },
    );
    expect(kubectlPodRow(p, NOW).ready).toBe("2/3");
  });

  it("adds how long ago the last restart was, from the latest lastState.finishedAt", () => {
    const p = pod(
      {
        phase: "Running",
        containerStatuses: [
          cs("a", crashWaiting, { restartCount: 5, lastState: { terminated: { exitCode: 1, finishedAt: "2026-01-10T11:55:00Z" } } }),
          cs("b", running, { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: "2026-01-10T11:50:00Z" } } }),
        ],
      },
      { containers: ["a", "b"] },
    );
    const row = kubectlPodRow(p, NOW);
    expect(row.restarts).toBe("7 (5m ago)");
    expect(row.restartCount).toBe(7);
  });

  it("prints a bare count when the last termination time is unknown, and 0 without restarts", () => {
    expect(kubectlPodRow(pod({ phase: "Running", containerStatuses: [cs("app", running, { restartCount: 3 })] }), NOW).restarts).toBe("3");
    expect(kubectlPodRow(pod({ phase: "Running", containerStatuses: [cs("app", running)] }), NOW).restarts).toBe("0");
  });

  it("while initializing, only init container restarts count", () => {
    const p = pod(
      {
        phase: "Pending",
        initContainerStatuses: [
          cs("i1", crashWaiting, { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: "2026-01-10T11:59:00Z" } } }),
        ],
        containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } }, { restartCount: 9 })],
      },
      { inits: [{ name: "i1" }] },
    );
    const row = kubectlPodRow(p, NOW);
    expect(row.status).toBe("Init:CrashLoopBackOff");
    expect(row.restarts).toBe("2 (60s ago)");
  });

  it("AGE, IP, node, nominated node and readiness gates", () => {
    const p = pod(
      {
        phase: "Running",
        podIPs: [{ ip: "10.88.0.7" }],
        conditions: [
          { type: "example.com/lb", status: "True" },
          { type: "example.com/dns", status: "False" },
        ],
      },
      { created: "2026-01-08T09:00:00Z", gates: ["example.com/lb", "example.com/dns"] },
    );
    p.spec.nodeName = "node-1";
    const row = kubectlPodRow(p, NOW);
    expect(row).toMatchObject({
      name: "web",
      age: "2d3h",
      ip: "10.88.0.7",
      node: "node-1",
      nominatedNode: "<none>",
      readinessGates: "1/2",
    });
    expect(kubectlPodRow(pod({ phase: "Pending" }), NOW)).toMatchObject({ ip: "<none>", node: "<none>", readinessGates: "<none>" });
  });

  it("a pod without status or creation time still prints", () => {
    const p: Pod = { metadata: { name: "bare" }, spec: { containers: [{ name: "c" }] } };
    expect(kubectlPodRow(p, NOW)).toMatchObject({ ready: "0/1", status: "", restarts: "0", age: "<unknown>" });
  });
});
