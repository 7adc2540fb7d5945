// The mini-kubelet's pure parts: Pod → CRI configs, warnings for unsupported fields, CRI status →
// v1 ContainerStatus, image reference candidates, event aggregation.
import { describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import type { CRI } from "../src/cri";
import { containerConfig, expandVars } from "../src/kubelet/container-config";
import { apiContainerStatus } from "../src/kubelet/container-status";
import { EventRecorder } from "../src/kubelet/events";
import { podPaths, sandboxConfig } from "../src/kubelet/sandbox-config";
import { unsupportedFieldWarnings } from "../src/kubelet/unsupported";

const base = (spec: Partial<Pod["spec"]> = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "team", uid: "u-1", labels: { app: "web" } },
  spec: { containers: [{ name: "c", image: "busybox" }], ...spec },
});
const paths = podPaths("/k", "/logs", base());

describe("sandbox config", () => {
  it("carries identity, hostname, logs, labels, the pod itself, the QoS cgroup parent and namespace modes", () => {
    const cfg = sandboxConfig(base(), paths);
    expect(cfg.metadata).toEqual({ name: "web", namespace: "team", uid: "u-1", attempt: 0 });
    expect(cfg.hostname).toBe("web");
    expect(cfg.log_directory).toBe("/logs/team_web_u-1");
    expect(cfg.labels).toMatchObject({ app: "web", "io.kubernetes.pod.uid": "u-1", "podscope.io/managed": "true" });
    expect(JSON.parse(cfg.annotations!["podscope.io/pod"]).spec.containers[0].name).toBe("c");
    expect(cfg.linux?.cgroup_parent).toBe("/kubepods/besteffort/podu-1");
    expect(cfg.linux?.security_context?.namespace_options).toEqual({ network: "POD", ipc: "POD", pid: "CONTAINER" });
  });
  it("shares the pid namespace only with shareProcessNamespace, and uses spec.hostname", () => {
    const cfg = sandboxConfig(base({ shareProcessNamespace: true, hostname: "h1" }), paths);
    expect(cfg.linux?.security_context?.namespace_options?.pid).toBe("POD");
    expect(cfg.hostname).toBe("h1");
  });
  it("puts Guaranteed pods right under /kubepods", () => {
    const p = base({ containers: [{ name: "c", image: "busybox", resources: { limits: { cpu: "1", memory: "1Gi" } } }] });
    expect(sandboxConfig(p, paths).linux?.cgroup_parent).toBe("/kubepods/podu-1");
  });
});

describe("container config", () => {
  it("maps command, args, env with $(VAR) expansion, workingDir, emptyDir mounts, resources and log path", () => {
    const p = base({
      volumes: [
        { name: "scratch", emptyDir: {} },
        { name: "cfg", configMap: { name: "x" } },
      ],
      containers: [
        {
          name: "c",
          image: "busybox",
          command: ["sh", "-c"],
          args: ["echo $(GREETING) $$(HOME) $(MISSING)"],
          workingDir: "/w",
          env: [
            { name: "WHO", value: "world" },
            { name: "GREETING", value: "hello $(WHO)" },
          ],
          volumeMounts: [
            { name: "scratch", mountPath: "/s" },
            { name: "cfg", mountPath: "/cfg" },
          ],
          resources: { requests: { cpu: "100m" }, limits: { cpu: "500m", memory: "64Mi" } },
        },
      ],
    });
    const cfg = containerConfig(p, p.spec.containers[0], "regular", 3, "localhost/busybox:latest", paths);
    expect(cfg.metadata).toEqual({ name: "c", attempt: 3 });
    expect(cfg.image).toEqual({ image: "localhost/busybox:latest", user_specified_image: "busybox" });
    expect(cfg.args).toEqual(["echo hello world $(HOME) $(MISSING)"]);
    expect(cfg.envs).toEqual([
      { key: "WHO", value: "world" },
      { key: "GREETING", value: "hello world" },
    ]);
    expect(cfg.working_dir).toBe("/w");
    expect(cfg.mounts).toEqual([
      { container_path: "/s", host_path: "/k/pods/u-1/volumes/kubernetes.io~empty-dir/scratch", readonly: false },
      { container_path: "/dev/termination-log", host_path: "/k/pods/u-1/containers/c/3.termination-log" },
    ]);
    expect(cfg.linux?.resources).toEqual({ cpu_shares: 102, cpu_quota: 50000, cpu_period: 100000, memory_limit_in_bytes: 64 * 2 ** 20 });
    expect(cfg.linux?.security_context?.namespace_options).toEqual({ network: "POD", ipc: "POD", pid: "CONTAINER" });
    expect(cfg.log_path).toBe("c/3.log");
    expect(cfg.annotations?.["io.kubernetes.container.restartCount"]).toBe("3");
  });
  it.each([
    ["$(A)", "1"],
    ["$$(A)", "$(A)"],
    ["$(B)", "$(B)"],
    ["$", "$"],
    ["a$b", "a$b"],
    ["$(A", "$(A"],
  ])("expands %j to %j", (inp, out) => {
    expect(expandVars(inp, new Map([["A", "1"]]))).toBe(out);
  });
});

describe("unsupported fields", () => {
  it("is silent for a plain pod and for harmless defaults", () => {
    expect(
      unsupportedFieldWarnings(base({ dnsPolicy: "ClusterFirst", restartPolicy: "Always", terminationGracePeriodSeconds: 30 })),
    ).toEqual([]);
  });
  it("names every unsupported field with its path", () => {
    const p = base({
      hostPID: true,
      volumes: [
        { name: "m", emptyDir: { medium: "Memory" } },
        { name: "h", hostPath: { path: "/" } },
      ],
      initContainers: [{ name: "side", image: "busybox", restartPolicy: "Always" }],
      containers: [
        {
          name: "c",
          image: "busybox",
          securityContext: { privileged: true },
          restartPolicy: "Never",
          env: [{ name: "X", valueFrom: { fieldRef: {} } }],
          livenessProbe: { grpc: { port: 1 } },
          lifecycle: { preStop: { sleep: { seconds: 1 } } },
          imagePullPolicy: "Always",
          ports: [{ containerPort: 80, hostPort: 8080 }],
          resources: { limits: { cpu: "1", "nvidia.com/gpu": 1 }, requests: { "ephemeral-storage": "1Gi" } },
        },
      ],
    });
    expect(unsupportedFieldWarnings(p)).toEqual([
      "spec.hostPID: not supported by the local node; ignored",
      "spec.volumes[0].emptyDir.medium: Memory (tmpfs) is not supported; a directory on disk is used",
      'spec.volumes[1]: hostPath volumes are not supported; only emptyDir. Mounts of "h" are skipped',
      "spec.containers[0].securityContext: not supported by the local node; ignored",
      "spec.containers[0].restartPolicy: per-container restart policies are not supported; the pod's restartPolicy applies",
      "spec.containers[0].resources.requests.ephemeral-storage: only cpu and memory are enforced; ignored",
      "spec.containers[0].resources.limits.nvidia.com/gpu: only cpu and memory are enforced; ignored",
      "spec.containers[0].env[0].valueFrom: not supported; X is left unset",
      "spec.containers[0].lifecycle.preStop.sleep: only exec and httpGet hooks are supported; this hook never runs",
      'spec.containers[0].imagePullPolicy: Always: "busybox" is one of the local node\'s own images, which are never pulled; the local image is used',
      "spec.containers[0].livenessProbe.grpc: gRPC probes are not supported (exec, httpGet and tcpSocket are); this probe never runs",
    ]);
  });
  it("runs httpGet and tcpSocket probes, httpGet hooks, pull secrets and pulls of registry images without a warning", () => {
    const p = base({
      imagePullSecrets: [{ name: "regcred" }],
      containers: [
        {
          name: "c",
          image: "127.0.0.1:5000/app:v1",
          imagePullPolicy: "Always",
          ports: [{ name: "http", containerPort: 80 }],
          readinessProbe: { httpGet: { port: "http", path: "/" } },
          livenessProbe: { tcpSocket: { port: 80 } },
          startupProbe: { httpGet: { port: 80 } },
          lifecycle: { preStop: { httpGet: { port: 80, path: "/bye" } }, postStart: { httpGet: { port: 80 } } },
        },
      ],
    });
    expect(unsupportedFieldWarnings(p)).toEqual([]);
  });
});

const criStatus = (over: Partial<CRI.ContainerStatus>): CRI.ContainerStatus =>
  ({
    id: "abc",
    metadata: { name: "c", attempt: 0 },
    state: "CONTAINER_RUNNING",
    created_at: 1e18,
    started_at: 1_700_000_000_500_000_000,
    finished_at: 0,
    exit_code: 0,
    image: { image: "localhost/busybox:latest", user_specified_image: "busybox" },
    image_ref: "sha256:1",
    reason: "",
    message: "",
    labels: {},
    annotations: {},
    mounts: [],
    log_path: "",
    resources: null,
    image_id: "",
    ...over,
  }) as CRI.ContainerStatus;

describe("container status", () => {
  const view = { name: "c", image: "busybox", restartCount: 0, defaultWaitingReason: "ContainerCreating", started: true, ready: true };
  it("running: startedAt to the second, ready and started from the probes", () => {
    const s = apiContainerStatus({ ...view, current: criStatus({}) });
    expect(s).toMatchObject({
      state: { running: { startedAt: "2023-11-14T22:13:20Z" } },
      ready: true,
      started: true,
      containerID: "containerd://abc",
      imageID: "sha256:1",
    });
    expect(apiContainerStatus({ ...view, current: criStatus({}), ready: false }).ready).toBe(false);
  });
  it("OOMKilled keeps the runtime's reason and exit code", () => {
    const s = apiContainerStatus({
      ...view,
      current: criStatus({ state: "CONTAINER_EXITED", exit_code: 137, reason: "OOMKilled", finished_at: 1_700_000_001_000_000_000 }),
    });
    expect(s.state?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled", finishedAt: "2023-11-14T22:13:21Z" });
    expect(s.ready).toBe(false);
  });
  it("waiting for a restart: CrashLoopBackOff with the last termination in lastState", () => {
    const s = apiContainerStatus({
      ...view,
      restartCount: 2,
      current: criStatus({ state: "CONTAINER_EXITED", exit_code: 1, reason: "Error" }),
      waiting: { reason: "CrashLoopBackOff", message: "back-off 20s …" },
    });
    expect(s.state).toEqual({ waiting: { reason: "CrashLoopBackOff", message: "back-off 20s …" } });
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(s.restartCount).toBe(2);
  });
  it("running after a restart: lastState from the previous instance", () => {
    const s = apiContainerStatus({
      ...view,
      restartCount: 1,
      current: criStatus({}),
      previous: criStatus({ id: "old", state: "CONTAINER_EXITED", exit_code: 2 }),
    });
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 2, reason: "Error", containerID: "containerd://old" });
  });
  it("an init container that exited with success is ready, one that failed is not (kubelet's prober manager)", () => {
    const done = criStatus({ state: "CONTAINER_EXITED", exit_code: 0, reason: "Completed" });
    expect(apiContainerStatus({ ...view, init: true, current: done }).ready).toBe(true);
    expect(
      apiContainerStatus({ ...view, init: true, current: criStatus({ state: "CONTAINER_EXITED", exit_code: 3, reason: "Error" }) }).ready,
    ).toBe(false);
    expect(apiContainerStatus({ ...view, current: done }).ready).toBe(false);
  });
  it("nothing created yet: the default waiting reason", () => {
    expect(apiContainerStatus({ ...view, defaultWaitingReason: "PodInitializing" }).state).toEqual({
      waiting: { reason: "PodInitializing" },
    });
  });
});

describe("event aggregation", () => {
  it("bumps count and lastTimestamp of the same event instead of adding one", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const seen: number[] = [];
    const r = new EventRecorder(
      () => now,
      "node1",
      (e) => seen.push(e.count!),
    );
    const p = base();
    r.record(p, "Warning", "BackOff", "m", { fieldPath: "spec.containers{c}" });
    now = new Date("2026-01-01T00:00:30Z");
    r.record(p, "Warning", "BackOff", "m", { fieldPath: "spec.containers{c}" });
    r.record(p, "Warning", "BackOff", "other", { fieldPath: "spec.containers{c}" });
    const list = r.list({ name: "web" });
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      count: 2,
      firstTimestamp: "2026-01-01T00:00:00Z",
      lastTimestamp: "2026-01-01T00:00:30Z",
      source: { component: "kubelet", host: "node1" },
    });
    expect(list[0].involvedObject).toMatchObject({
      kind: "Pod",
      name: "web",
      namespace: "team",
      uid: "u-1",
      fieldPath: "spec.containers{c}",
    });
    expect(seen).toEqual([1, 2, 1]);
  });

  it("drops events of gone pods an hour after they last happened; a live pod keeps its events", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const live = new Set<string>();
    const r = new EventRecorder(
      () => now,
      "node1",
      () => {},
      (uid) => live.has(uid),
    );
    const other: Pod = { ...base(), metadata: { name: "db", namespace: "team", uid: "u-2" } };
    live.add("u-2");
    r.record(other, "Normal", "Started", "long ago");
    r.record(base(), "Normal", "Pulled", "old");
    now = new Date("2026-01-01T00:30:00Z");
    r.record(base(), "Normal", "Started", "recent");
    now = new Date("2026-01-01T01:00:01Z");
    r.record(base(), "Normal", "Pulled", "old");
    expect(r.list().map((e) => [e.involvedObject.name, e.reason, e.count, e.firstTimestamp])).toEqual([
      ["db", "Started", 1, "2026-01-01T00:00:00Z"],
      ["web", "Started", 1, "2026-01-01T00:30:00Z"],
      ["web", "Pulled", 1, "2026-01-01T01:00:01Z"],
    ]);
  });
});
