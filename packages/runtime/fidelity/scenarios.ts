// The pods run on both nodes. Every field the API server would default is written out, so both nodes
// see the same spec; images are the local ones (both nodes have them imported) with IfNotPresent.
import type { Container, ContainerStatus, Pod, PodSpec } from "@podscope/core";
import type { Scenario } from "./runner";

export const BUSYBOX = "localhost/busybox:latest";

function sh(name: string, script: string, extra: Partial<Container> = {}): Container {
  return {
    name,
    image: BUSYBOX,
    imagePullPolicy: "IfNotPresent",
    command: ["sh", "-c", script],
    terminationMessagePolicy: "File",
    ...extra,
  };
}

function spec(s: Partial<PodSpec> & { containers: Container[] }): PodSpec {
  return { restartPolicy: "Always", terminationGracePeriodSeconds: 2, ...s };
}

function cs(p: Pod, name: string): ContainerStatus | undefined {
  return [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].find((c) => c.name === name);
}

const cond = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.status;
const ready = (p: Pod) => cond(p, "Ready") === "True";

const waiting = (p: Pod, c: string) => cs(p, c)?.state?.waiting?.reason;

export const scenarios: Scenario[] = [
  {
    name: "run",
    spec: spec({ containers: [sh("main", "sleep 3600")] }),
    checkpoints: [{ name: "ready", until: ready }],
    settleMs: 1000,
  },
  {
    name: "crashloop",
    spec: spec({ containers: [sh("c", "echo bye; exit 1")] }),
    checkpoints: [
      { name: "exited after the first restart", until: (p) => cs(p, "c")?.restartCount === 1 && !cs(p, "c")?.state?.running },
      { name: "first back-off", until: (p) => waiting(p, "c") === "CrashLoopBackOff" && cs(p, "c")?.restartCount === 1 },
      { name: "second back-off", until: (p) => waiting(p, "c") === "CrashLoopBackOff" && cs(p, "c")?.restartCount === 2 },
    ],
    settleMs: 1000,
    known: [
      {
        path: /^checkpoint "exited after the first restart"\.containerStatuses\[0\]\.(state|lastState)\./,
        why: "podscope shows CrashLoopBackOff as soon as a backing-off container exits; kubelet shows the exit (terminated, Error) until its pod worker looks at the pod again 10–15 s later, and shows CrashLoopBackOff then",
      },
    ],
  },
  {
    name: "init",
    spec: spec({
      initContainers: [sh("init-a", "echo a"), sh("init-b", "sleep 1")],
      containers: [sh("main", "sleep 3600", { resources: { requests: { cpu: "10m" } } })],
    }),
    checkpoints: [{ name: "ready", until: ready }],
    settleMs: 1000,
  },
  {
    name: "init-fails",
    spec: spec({ restartPolicy: "Never", initContainers: [sh("init", "exit 3")], containers: [sh("main", "sleep 3600")] }),
    checkpoints: [{ name: "failed", until: (p) => p.status?.phase === "Failed" }],
    settleMs: 2000,
  },
  {
    name: "completes",
    spec: spec({ restartPolicy: "OnFailure", containers: [sh("job", "echo done")] }),
    checkpoints: [{ name: "succeeded", until: (p) => p.status?.phase === "Succeeded" }],
    settleMs: 2000,
  },
  {
    name: "termination-message",
    spec: spec({
      restartPolicy: "Never",
      containers: [
        sh("file", "echo from-file > /dev/termination-log; exit 2"),
        sh("logs", "echo last words; exit 4", { terminationMessagePolicy: "FallbackToLogsOnError" }),
      ],
    }),
    checkpoints: [{ name: "failed", until: (p) => p.status?.phase === "Failed" }],
    settleMs: 2000,
  },
  {
    name: "sidecar",
    spec: spec({
      initContainers: [sh("sidecar", "sleep 3600", { restartPolicy: "Always" })],
      containers: [sh("main", "sleep 3600")],
    }),
    checkpoints: [{ name: "ready", until: ready }],
    settleMs: 1000,
    deleteGracePeriodSeconds: 2,
  },
  {
    name: "oom",
    spec: spec({
      restartPolicy: "Never",
      // tail keeps the "last line" of a stream without newlines: it grows until the limit.
      containers: [
        sh("hog", "tail /dev/zero", { resources: { requests: { cpu: "100m", memory: "24Mi" }, limits: { cpu: "100m", memory: "24Mi" } } }),
      ],
    }),
    checkpoints: [{ name: "failed", until: (p) => p.status?.phase === "Failed" }],
    settleMs: 2000,
  },
  {
    name: "exec-readiness",
    spec: spec({
      containers: [
        sh("c", "sleep 4; touch /tmp/ready; sleep 3600", {
          readinessProbe: { exec: { command: ["test", "-f", "/tmp/ready"] }, periodSeconds: 1, failureThreshold: 1 },
        }),
      ],
    }),
    checkpoints: [
      { name: "running, not ready", until: (p) => !!cs(p, "c")?.state?.running && cs(p, "c")?.ready === false },
      { name: "ready", until: ready, timeoutMs: 30_000 },
    ],
    settleMs: 1000,
  },
  {
    name: "exec-liveness",
    spec: spec({
      containers: [
        sh("c", "touch /tmp/alive; sleep 3; rm /tmp/alive; sleep 3600", {
          livenessProbe: { exec: { command: ["test", "-f", "/tmp/alive"] }, periodSeconds: 1, failureThreshold: 2 },
        }),
      ],
    }),
    checkpoints: [{ name: "restarted", until: (p) => cs(p, "c")?.restartCount === 1 && !!cs(p, "c")?.state?.running, timeoutMs: 60_000 }],
    settleMs: 1000,
  },
  {
    name: "http-readiness",
    spec: spec({
      containers: [
        sh("web", "mkdir -p /www; echo ok > /www/index.html; sleep 3; httpd -f -p 8080 -h /www", {
          ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
          readinessProbe: { httpGet: { path: "/index.html", port: "http", scheme: "HTTP" }, periodSeconds: 1, failureThreshold: 1 },
        }),
      ],
    }),
    checkpoints: [
      { name: "running, not ready", until: (p) => !!cs(p, "web")?.state?.running && cs(p, "web")?.ready === false },
      { name: "ready", until: ready, timeoutMs: 30_000 },
    ],
    settleMs: 1000,
  },
  {
    name: "prestop-grace",
    spec: spec({
      terminationGracePeriodSeconds: 5,
      // PID 1 of its own pid namespace: SIGTERM is ignored, the grace period runs out, SIGKILL.
      containers: [sh("c", "sleep 3600", { lifecycle: { preStop: { exec: { command: ["sleep", "2"] } } } })],
    }),
    checkpoints: [{ name: "ready", until: ready }],
    settleMs: 1000,
    deleteGracePeriodSeconds: 5,
  },
  {
    name: "pull-unreachable",
    spec: spec({ containers: [{ name: "c", image: "127.0.0.1:1/x:v1", imagePullPolicy: "IfNotPresent" }] }),
    checkpoints: [
      { name: "pull failed", until: (p) => waiting(p, "c") === "ErrImagePull" },
      { name: "pull back-off", until: (p) => waiting(p, "c") === "ImagePullBackOff", timeoutMs: 60_000 },
    ],
    settleMs: 1000,
  },
  {
    name: "never-missing",
    spec: spec({ containers: [{ name: "c", image: "localhost/not-here:v1", imagePullPolicy: "Never" }] }),
    checkpoints: [{ name: "never pull", until: (p) => waiting(p, "c") === "ErrImageNeverPull" }],
    settleMs: 3000,
  },
];
