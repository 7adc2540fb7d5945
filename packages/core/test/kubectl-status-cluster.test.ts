// kubectl itself is the reference for the STATUS/READY/RESTARTS columns: this test writes pod statuses
// into a real kube-apiserver (the control plane of scripts/controlplane.sh, started if it is not running),
// lets the real kubectl print them, and compares with kubectlPodRow() for the same objects.
// The pods are bound to a node that does not exist, so no kubelet or KWOK rewrites the statuses we set.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectlPodRow } from "../src/kubectl-status";
import type { ContainerStatus, Pod, PodStatus } from "../src/types";

const SCRIPT = fileURLToPath(new URL("../../../scripts/controlplane.sh", import.meta.url));
const NODE = "podscope-status-ghost";
const ns = `podscope-kubectl-status-${process.pid}`;
let kubeconfig = "";
let kubectlBin = "";

function script(args: string[], timeout: number): string {
  try {
    return execFileSync("bash", [SCRIPT, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout });
  } catch (e) {
    throw new Error(`scripts/controlplane.sh ${args.join(" ")} failed — this test needs the real control plane: ${(e as Error).message}`);
  }
}

function kubectl(args: string[], input?: string): string {
  // The shared control plane may be restarting (other suites restart kube-apiserver): retry briefly.
  let last: unknown;
  for (let i = 0; i < 20; i++) {
    try {
      return execFileSync(kubectlBin, ["--kubeconfig", kubeconfig, ...args], {
        encoding: "utf8",
        input,
        stdio: ["pipe", "pipe", "pipe"],
        timeout: 30_000,
      });
    } catch (e) {
      last = e;
      const msg = String((e as { stderr?: string }).stderr ?? e);
      if (!/connection refused|ServiceUnavailable|EOF|timeout|i\/o timeout|the server is currently unable/i.test(msg)) break;
      execFileSync("sleep", ["1"]);
    }
  }
  throw new Error(`kubectl ${args.join(" ")} failed: ${String((last as { stderr?: string }).stderr ?? last)}`);
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, "Z");
function cs(name: string, state: ContainerStatus["state"], extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, state, ready: false, restartCount: 0, image: "busybox", imageID: "", ...extra };
}
const running = () => ({ running: { startedAt: ago(3600_000) } });
const H3 = 3 * 3600_000 + 5 * 60_000;

interface Case {
  name: string;
  containers?: string[];
  inits?: { name: string; sidecar?: boolean }[];
  gates?: string[];
  deleting?: boolean;
  status: PodStatus;
}

const cases: Case[] = [
  {
    name: "running",
    status: {
      phase: "Running",
      podIPs: [{ ip: "10.0.0.5" }],
      podIP: "10.0.0.5",
      containerStatuses: [cs("app", running(), { ready: true })],
    },
  },
  { name: "pending", status: { phase: "Pending" } },
  { name: "creating", status: { phase: "Pending", containerStatuses: [cs("app", { waiting: { reason: "ContainerCreating" } })] } },
  {
    name: "crashloop",
    status: {
      phase: "Running",
      containerStatuses: [
        cs(
          "app",
          { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s" } },
          { restartCount: 5, lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: ago(H3 + 5000), finishedAt: ago(H3) } } },
        ),
      ],
    },
  },
  {
    name: "error",
    status: {
      phase: "Failed",
      containerStatuses: [cs("app", { terminated: { exitCode: 1, reason: "Error", startedAt: ago(60_000), finishedAt: ago(50_000) } })],
    },
  },
  {
    name: "oom",
    status: {
      phase: "Running",
      containerStatuses: [
        cs("app", { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: ago(60_000), finishedAt: ago(50_000) } }),
      ],
    },
  },
  {
    name: "completed",
    status: {
      phase: "Succeeded",
      containerStatuses: [cs("app", { terminated: { exitCode: 0, reason: "Completed", startedAt: ago(60_000), finishedAt: ago(50_000) } })],
    },
  },
  {
    name: "signal",
    status: {
      phase: "Running",
      containerStatuses: [cs("app", { terminated: { exitCode: 0, signal: 9, startedAt: ago(60_000), finishedAt: ago(50_000) } })],
    },
  },
  {
    name: "exitcode",
    status: {
      phase: "Running",
      containerStatuses: [cs("app", { terminated: { exitCode: 3, startedAt: ago(60_000), finishedAt: ago(50_000) } })],
    },
  },
  {
    name: "neverpull",
    status: { phase: "Pending", containerStatuses: [cs("app", { waiting: { reason: "ErrImageNeverPull", message: "not present" } })] },
  },
  { name: "evicted", status: { phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory. " } },
  { name: "terminating", deleting: true, status: { phase: "Running", containerStatuses: [cs("app", running(), { ready: true })] } },
  {
    name: "two-first-wins",
    containers: ["a", "b"],
    status: {
      phase: "Running",
      containerStatuses: [
        cs(
          "a",
          { waiting: { reason: "CrashLoopBackOff" } },
          { restartCount: 2, lastState: { terminated: { exitCode: 1, startedAt: ago(H3 + 100_000), finishedAt: ago(H3 + 90_000) } } },
        ),
        cs(
          "b",
          { terminated: { exitCode: 1, reason: "Error", startedAt: ago(60_000), finishedAt: ago(50_000) } },
          { restartCount: 1, lastState: { terminated: { exitCode: 1, startedAt: ago(H3 + 10_000), finishedAt: ago(H3) } } },
        ),
      ],
    },
  },
  {
    name: "notready",
    containers: ["a", "b"],
    status: {
      phase: "Running",
      conditions: [{ type: "Ready", status: "False" }],
      containerStatuses: [
        cs("a", { terminated: { exitCode: 0, reason: "Completed", startedAt: ago(60_000), finishedAt: ago(50_000) } }),
        cs("b", running(), { ready: true }),
      ],
    },
  },
  {
    name: "init-0of2",
    inits: [{ name: "i1" }, { name: "i2" }],
    status: {
      phase: "Pending",
      initContainerStatuses: [cs("i1", running()), cs("i2", { waiting: { reason: "PodInitializing" } })],
      containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })],
    },
  },
  {
    name: "init-crash",
    inits: [{ name: "i1" }],
    status: {
      phase: "Pending",
      initContainerStatuses: [
        cs(
          "i1",
          { waiting: { reason: "CrashLoopBackOff" } },
          { restartCount: 3, lastState: { terminated: { exitCode: 1, startedAt: ago(H3 + 5000), finishedAt: ago(H3) } } },
        ),
      ],
      containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })],
    },
  },
  {
    name: "init-error",
    inits: [{ name: "i1" }],
    status: {
      phase: "Failed",
      initContainerStatuses: [cs("i1", { terminated: { exitCode: 2, reason: "Error", startedAt: ago(60_000), finishedAt: ago(50_000) } })],
      containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })],
    },
  },
  {
    name: "init-signal",
    inits: [{ name: "i1" }],
    status: {
      phase: "Pending",
      initContainerStatuses: [cs("i1", { terminated: { exitCode: 143, signal: 15, startedAt: ago(60_000), finishedAt: ago(50_000) } })],
      containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })],
    },
  },
  {
    name: "podinitializing",
    inits: [{ name: "i1" }],
    status: {
      phase: "Pending",
      conditions: [{ type: "Initialized", status: "True" }],
      initContainerStatuses: [
        cs("i1", { terminated: { exitCode: 0, reason: "Completed", startedAt: ago(60_000), finishedAt: ago(50_000) } }),
      ],
      containerStatuses: [cs("app", { waiting: { reason: "PodInitializing" } })],
    },
  },
  {
    name: "sidecar",
    inits: [{ name: "proxy", sidecar: true }],
    status: {
      phase: "Running",
      conditions: [{ type: "Initialized", status: "True" }],
      initContainerStatuses: [
        cs("proxy", running(), {
          started: true,
          ready: true,
          restartCount: 1,
          lastState: { terminated: { exitCode: 1, startedAt: ago(H3 + 5000), finishedAt: ago(H3) } },
        }),
      ],
      containerStatuses: [cs("app", running(), { ready: true })],
    },
  },
  {
    name: "gates",
    gates: ["example.com/lb", "example.com/dns"],
    status: {
      phase: "Running",
      conditions: [
        { type: "example.com/lb", status: "True" },
        { type: "example.com/dns", status: "False" },
      ],
      containerStatuses: [cs("app", running(), { ready: true })],
    },
  },
];

function manifest(c: Case): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: c.name, namespace: ns, ...(c.deleting ? { finalizers: ["podscope.dev/hold"] } : {}) },
    spec: {
      nodeName: NODE,
      containers: (c.containers ?? ["app"]).map((name) => ({ name, image: "busybox" })),
      ...(c.inits
        ? { initContainers: c.inits.map((i) => ({ name: i.name, image: "busybox", ...(i.sidecar ? { restartPolicy: "Always" } : {}) })) }
        : {}),
      ...(c.gates ? { readinessGates: c.gates.map((conditionType) => ({ conditionType })) } : {}),
    },
  };
}

let startedHere = false;

beforeAll(() => {
  script(["build"], 60 * 60_000);
  // Leave the control plane as we found it: stop it afterwards only if this file started it.
  startedHere = !/kube-apiserver running/.test(script(["status"], 10_000));
  kubeconfig = script(["start"], 5 * 60_000)
    .trim()
    .split("\n")
    .pop()!;
  kubectlBin = `${script(["bin"], 10_000).trim()}/kubectl`;
  kubectl(["create", "namespace", ns]);
  // Pods need the namespace's "default" service account, which kube-controller-manager creates shortly after.
  for (let i = 0; ; i++) {
    try {
      execFileSync(kubectlBin, ["--kubeconfig", kubeconfig, "get", "serviceaccount", "default", "-n", ns], {
        stdio: "ignore",
        timeout: 10_000,
      });
      break;
    } catch {
      if (i >= 60) throw new Error(`service account default/${ns} never appeared: is kube-controller-manager running?`);
      execFileSync("sleep", ["1"]);
    }
  }
  for (const c of cases) {
    const created = JSON.parse(kubectl(["create", "-o", "json", "-f", "-"], JSON.stringify(manifest(c)))) as Pod;
    kubectl(["replace", "--subresource=status", "-f", "-"], JSON.stringify({ ...created, status: c.status }));
    if (c.deleting) kubectl(["delete", "pod", c.name, "-n", ns, "--wait=false"]);
  }
}, 10 * 60_000);

afterAll(() => {
  if (!kubeconfig) return;
  for (const c of cases.filter((x) => x.deleting)) {
    // Release the finalizer we added; the pod may not exist if the set-up failed half-way.
    try {
      kubectl(["patch", "pod", c.name, "-n", ns, "--type=json", "-p", '[{"op":"remove","path":"/metadata/finalizers"}]']);
    } catch (e) {
      if (!/NotFound/.test(String(e))) throw e;
    }
  }
  kubectl(["delete", "namespace", ns, "--wait=false"]);
  if (startedHere) script(["stop"], 60_000);
}, 120_000);

describe("kubectlPodRow agrees with the real kubectl", () => {
  it("for every case: READY, STATUS, RESTARTS (with 'ago'), AGE, IP, NODE and READINESS GATES", () => {
    const text = kubectl(["get", "pods", "-n", ns, "-o", "wide", "--no-headers"]);
    if (process.env.SHOW_KUBECTL) console.log(text);
    const now = Date.now();
    const pods = (JSON.parse(kubectl(["get", "pods", "-n", ns, "-o", "json"])) as { items: Pod[] }).items;
    // kubectl pads columns with at least three spaces; a single space only occurs inside "5 (3h5m ago)".
    const printed = new Map(
      text
        .trim()
        .split("\n")
        .map((line) => {
          const cells = line.trim().split(/\s{3,}/);
          return [cells[0], cells] as const;
        }),
    );
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(cases.map((c) => c.name).sort());
    for (const pod of pods) {
      const want = printed.get(pod.metadata.name!)!;
      const mine = kubectlPodRow(pod, new Date(now));
      const mineEarlier = kubectlPodRow(pod, new Date(now - 1500));
      const ours = [
        mine.name,
        mine.ready,
        mine.status,
        mine.restarts,
        mine.age,
        mine.ip,
        mine.node,
        mine.nominatedNode,
        mine.readinessGates,
      ];
      const oursEarlier = [
        mine.name,
        mine.ready,
        mine.status,
        mineEarlier.restarts,
        mineEarlier.age,
        mine.ip,
        mine.node,
        mine.nominatedNode,
        mine.readinessGates,
      ];
      // kubectl ran a moment before our clock reading: allow that moment for the time columns.
      expect(
        [JSON.stringify(ours), JSON.stringify(oursEarlier)],
        `pod ${pod.metadata.name}: kubectl printed ${JSON.stringify(want)}`,
      ).toContain(JSON.stringify(want));
    }
  });
});
