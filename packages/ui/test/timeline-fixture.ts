// Realistic inputs for the timeline's browser test, screenshot and benchmark: a pod whose status history
// and events are written the way kubelet writes them (same reasons, messages and back-off ladder).
import type { ContainerStatus, KubeEvent, Pod, PodCondition, PodStatus, TimelineInput } from "@podscope/core";

export const BASE = Date.parse("2026-01-10T10:00:00Z");
const iso = (s: number) => new Date(BASE + s * 1000).toISOString();

function cs(
  name: string,
  state: ContainerStatus["state"],
  restartCount = 0,
  lastState?: ContainerStatus["lastState"],
  ready = false,
): ContainerStatus {
  return { name, state, lastState, restartCount, ready, started: !!state?.running, image: `localhost/${name}:1`, imageID: "" };
}
const cond = (type: string, status: PodCondition["status"], s: number, reason?: string, message?: string): PodCondition => ({
  type,
  status,
  lastTransitionTime: iso(s),
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

let evn = 0;
function ev(
  reason: string,
  message: string,
  first: number,
  last = first,
  count = 1,
  type = "Normal",
  container?: string,
  component = "kubelet",
): KubeEvent {
  evn++;
  return {
    metadata: { name: `web-7f9c.${evn.toString(16)}`, uid: `ev-${evn}`, namespace: "default" },
    involvedObject: {
      kind: "Pod",
      name: "web-7f9c",
      namespace: "default",
      uid: "pod-uid-1",
      ...(container ? { fieldPath: `spec.containers{${container}}` } : {}),
    },
    reason,
    message,
    type,
    count,
    firstTimestamp: iso(first),
    lastTimestamp: iso(last),
    source: { component },
  };
}

/**
 * A web pod with an init container and a sidecar whose app container crash-loops (exit 1, the back-off
 * ladder 10s → 20s → 40s → 80s → 160s), a readiness probe that flaps, and finally a deletion with a
 * preStop hook and a process that ignores SIGTERM (KILL at the grace deadline).
 */
export function crashLoopScenario(): TimelineInput {
  evn = 0;
  const pod: Pod = {
    metadata: {
      name: "web-7f9c",
      namespace: "default",
      uid: "pod-uid-1",
      creationTimestamp: iso(0),
      deletionTimestamp: iso(560),
      deletionGracePeriodSeconds: 30,
    },
    spec: {
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      initContainers: [{ name: "migrate", image: "localhost/migrate:1" }],
      containers: [
        { name: "app", image: "localhost/app:1", lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 5"] } } } },
        { name: "proxy", image: "localhost/proxy:1", lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo up"] } } } },
      ],
    },
  };
  const history: { time: string; status: PodStatus }[] = [];
  const pi = { waiting: { reason: "PodInitializing" } };
  const migrated = { terminated: { exitCode: 0, reason: "Completed", startedAt: iso(3), finishedAt: iso(9) } };
  const base = (
    s: number,
    conditions: PodCondition[],
    app: ContainerStatus,
    proxy: ContainerStatus,
    init: ContainerStatus = cs("migrate", migrated),
    phase: PodStatus["phase"] = "Running",
  ): void => {
    history.push({
      time: iso(s),
      status: {
        phase,
        startTime: iso(1),
        podIP: "10.88.0.7",
        qosClass: "Burstable",
        conditions,
        initContainerStatuses: [init],
        containerStatuses: [app, proxy],
      },
    });
  };
  const sched = cond("PodScheduled", "True", 0.5);
  const sandbox = cond("PodReadyToStartContainers", "True", 2);
  const inited = cond("Initialized", "True", 9);
  const notReady = (s: number, which = "[app]") => [
    cond("ContainersReady", "False", s, "ContainersNotReady", `containers with unready status: ${which}`),
    cond("Ready", "False", s, "ContainersNotReady", `containers with unready status: ${which}`),
  ];
  const ready = (s: number) => [cond("ContainersReady", "True", s), cond("Ready", "True", s)];

  history.push({
    time: iso(1.2),
    status: {
      phase: "Pending",
      startTime: iso(1),
      conditions: [
        sched,
        cond("PodReadyToStartContainers", "False", 1),
        cond("Initialized", "False", 1, "ContainersNotInitialized", "containers with incomplete status: [migrate]"),
        ...notReady(1, "[app proxy]"),
      ],
      initContainerStatuses: [cs("migrate", pi)],
      containerStatuses: [cs("app", pi), cs("proxy", pi)],
    },
  });
  history.push({
    time: iso(3.1),
    status: {
      phase: "Pending",
      startTime: iso(1),
      conditions: [
        sched,
        sandbox,
        cond("Initialized", "False", 1, "ContainersNotInitialized", "containers with incomplete status: [migrate]"),
        ...notReady(1, "[app proxy]"),
      ],
      initContainerStatuses: [cs("migrate", { running: { startedAt: iso(3) } })],
      containerStatuses: [cs("app", pi), cs("proxy", pi)],
    },
  });
  base(
    10.2,
    [sched, sandbox, inited, ...notReady(1, "[app proxy]")],
    cs("app", { running: { startedAt: iso(10) } }),
    cs("proxy", { running: { startedAt: iso(10.1) } }, 0, undefined, true),
  );
  // The app is ready for a while, its readiness flaps, then it starts crashing.
  base(
    16.1,
    [sched, sandbox, inited, ...ready(16)],
    cs("app", { running: { startedAt: iso(10) } }, 0, undefined, true),
    cs("proxy", { running: { startedAt: iso(10.1) } }, 0, undefined, true),
  );
  base(
    41.1,
    [sched, sandbox, inited, ...notReady(41)],
    cs("app", { running: { startedAt: iso(10) } }),
    cs("proxy", { running: { startedAt: iso(10.1) } }, 0, undefined, true),
  );
  base(
    56.1,
    [sched, sandbox, inited, ...ready(56)],
    cs("app", { running: { startedAt: iso(10) } }, 0, undefined, true),
    cs("proxy", { running: { startedAt: iso(10.1) } }, 0, undefined, true),
  );
  const exit = (from: number, to: number) => ({ terminated: { exitCode: 1, reason: "Error", startedAt: iso(from), finishedAt: iso(to) } });
  const back = (d: string) => ({
    waiting: { reason: "CrashLoopBackOff", message: `back-off ${d} restarting failed container=app pod=web-7f9c_default(pod-uid-1)` },
  });
  const proxyRun = cs("proxy", { running: { startedAt: iso(10.1) } }, 0, undefined, true);
  // Runs: [10, 70] exit 1, an immediate restart, then waits of 10, 20, 40, 80, 160 s before the next ones.
  const runs: [number, number][] = [
    [10, 70],
    [71, 80],
    [90, 97],
    [117, 125],
    [165, 171],
    [251, 258],
  ];
  const waitAfter = ["", "10s", "20s", "40s", "1m20s", "2m40s"];
  const conds = () => [sched, sandbox, inited, ...notReady(70)];
  runs.forEach(([from, to], i) => {
    if (i > 0)
      base(from + 0.1, conds(), cs("app", { running: { startedAt: iso(from) } }, i, exit(runs[i - 1][0], runs[i - 1][1])), proxyRun);
    if (i === 0) base(to + 0.1, conds(), cs("app", exit(from, to), 0), proxyRun);
    else base(to + 0.1, conds(), cs("app", back(waitAfter[i]), i, exit(from, to)), proxyRun);
  });
  // The last run (from 418) is still going when the pod is deleted at 530 (deadline 560): app ignores SIGTERM → KILL.
  const prev = runs[runs.length - 1];
  const last = [418, 560.1];
  base(last[0] + 0.1, conds(), cs("app", { running: { startedAt: iso(last[0]) } }, runs.length, exit(prev[0], prev[1])), proxyRun);
  const finalStatus: PodStatus = {
    phase: "Running",
    startTime: iso(1),
    podIP: "10.88.0.7",
    conditions: [sched, sandbox, inited, ...notReady(531, "[app proxy]")],
    initContainerStatuses: [cs("migrate", migrated)],
    containerStatuses: [
      cs(
        "app",
        { terminated: { exitCode: 137, reason: "Error", startedAt: iso(last[0]), finishedAt: iso(last[1]) } },
        runs.length,
        exit(prev[0], prev[1]),
      ),
      cs("proxy", { terminated: { exitCode: 143, reason: "Error", startedAt: iso(10.1), finishedAt: iso(530.4) } }),
    ],
  };
  history.push({ time: iso(560.3), status: finalStatus });
  pod.status = finalStatus;

  const events: KubeEvent[] = [
    ev("Scheduled", "Successfully assigned default/web-7f9c to node-1", 0.5, 0.5, 1, "Normal", undefined, "default-scheduler"),
    {
      ...ev("Pulled", 'Container image "localhost/migrate:1" already present on machine', 2.5),
      involvedObject: { kind: "Pod", name: "web-7f9c", namespace: "default", fieldPath: "spec.initContainers{migrate}" },
    },
    {
      ...ev("Created", "Created container: migrate", 2.8),
      involvedObject: { kind: "Pod", name: "web-7f9c", namespace: "default", fieldPath: "spec.initContainers{migrate}" },
    },
    {
      ...ev("Started", "Started container migrate", 3),
      involvedObject: { kind: "Pod", name: "web-7f9c", namespace: "default", fieldPath: "spec.initContainers{migrate}" },
    },
    ev("Pulled", 'Container image "localhost/app:1" already present on machine', 9.5, 418, 7, "Normal", "app"),
    ev("Created", "Created container: app", 9.7, 418, 7, "Normal", "app"),
    ev("Started", "Started container app", 10, 418, 7, "Normal", "app"),
    ev("Pulled", 'Container image "localhost/proxy:1" already present on machine', 9.6, 9.6, 1, "Normal", "proxy"),
    ev("Created", "Created container: proxy", 9.8, 9.8, 1, "Normal", "proxy"),
    ev("Started", "Started container proxy", 10.1, 10.1, 1, "Normal", "proxy"),
    ev("Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", 38, 52, 6, "Warning", "app"),
    ev("BackOff", "Back-off restarting failed container app in pod web-7f9c_default(pod-uid-1)", 80.1, 426.1, 23, "Warning", "app"),
    ev("Killing", "Stopping container app", 530.2, 530.2, 1, "Normal", "app"),
    ev("Killing", "Stopping container proxy", 530.2, 530.2, 1, "Normal", "proxy"),
  ];
  return { pod, history, events, now: new Date(BASE + 575 * 1000) };
}

/** `n` events spread over a long crash loop, for the render benchmark (mixed Normal/Warning, counts). */
export function manyEventsScenario(n: number): TimelineInput {
  const input = crashLoopScenario();
  const events: KubeEvent[] = [];
  const reasons: [string, string, string][] = [
    ["Unhealthy", "Warning", "Readiness probe failed: HTTP probe failed with statuscode: 503"],
    ["BackOff", "Warning", "Back-off restarting failed container app in pod web-7f9c_default(pod-uid-1)"],
    ["Pulled", "Normal", 'Container image "localhost/app:1" already present on machine'],
    ["Started", "Normal", "Started container app"],
  ];
  for (let i = 0; i < n; i++) {
    const [reason, type, message] = reasons[i % reasons.length];
    const t = 10 + (i * 550) / n;
    events.push(ev(reason, message, t, t + 0.05, 1 + (i % 5), type, "app"));
  }
  return { ...input, events };
}
