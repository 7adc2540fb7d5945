// The agent against real parts: the host's /proc and cgroups (fsRoot "") and a real containerd run by a
// LocalNode of this test's own (own PODSCOPE_HOME, bridge psagent0, subnet 10.232.0.0/24). What the agent
// answers over HTTP must be what the local node's inspector reads from the same node: the same cgroup paths
// and IDs, the same namespace inodes, the same pause PID — and what containerd itself says the PIDs are.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import {
  createNodeInspector,
  podMapFromPods,
  type CgroupNode,
  type LsnsJson,
  type NodeInspector,
  type PodProcessesJson,
} from "@podscope/inspect";
import { CriClient, down, LocalNode, localNodePaths } from "@podscope/runtime";
import { AGENT_NAME, AGENT_VERSION } from "../src/constants";
import { agentPodPath } from "../src/paths";
import { startAgent, type RunningAgent } from "../src/server";
import type { AgentPodRuntime, AgentStatus, AgentVersionInfo } from "../src/wire";

const home = mkdtempSync(join(tmpdir(), "podscope-agent-real-"));
const net = { bridge: "psagent0", podSubnet: "10.232.0.0/24" };
const NODE = "agent-real-node";
let node: LocalNode;
let cri: CriClient;
let agent: RunningAgent;
let inspector: NodeInspector;
let pod: Pod;

async function waitRunning(name: string): Promise<Pod> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const p = node.getPod("default", name);
    if (p?.status?.phase === "Running" && p.status.containerStatuses?.every((c) => c.state?.running)) return p;
    if (Date.now() > deadline) throw new Error(`pod ${name} not running after 60 s: ${JSON.stringify(p?.status)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error("this test runs containerd and reads every process's /proc: it must run as root (CI does)");
  node = await LocalNode.start({ home, nodeName: NODE, containerd: net });
  const socket = localNodePaths(home).socket;
  cri = new CriClient(socket);
  agent = await startAgent({ listen: { host: "127.0.0.1", port: 0 }, fsRoot: "", criSocket: socket, nodeName: NODE });
  // The local node's own inspector, as the local source builds it: pods from the node, sandbox IDs from CRI.
  inspector = createNodeInspector(async () => {
    const sandboxes = await cri.listPodSandbox();
    const byUid = new Map(
      sandboxes.filter((s) => s.state === "SANDBOX_READY").map((s) => [s.labels["io.kubernetes.pod.uid"], s.id] as const),
    );
    return podMapFromPods(node.listPods(), (p) => byUid.get(p.metadata.uid ?? ""));
  });
  await node.createPod({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "agent-real", namespace: "default" },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        { name: "app", image: "busybox", command: ["sh", "-c", "sleep 3600 & wait"] },
        { name: "side", image: "busybox", command: ["sleep", "3600"] },
      ],
    },
  });
  pod = await waitRunning("agent-real");
}, 180_000);

afterAll(async () => {
  let stopError: unknown;
  try {
    await agent?.close();
    if (node) {
      for (const p of node.listPods())
        await node.deletePod(p.metadata.namespace!, p.metadata.name!, { gracePeriodSeconds: 0 }).catch(() => undefined);
      await node.stop();
    }
    cri?.close();
  } catch (e) {
    stopError = e; // down() below must still run: containerd, the bridge and the cgroups are the host's
  }
  const report = await down({ home, ...net });
  rmSync(home, { recursive: true, force: true });
  if (report.errors.length) throw new Error(`down failed: ${report.errors.join("; ")}`);
  if (stopError) throw stopError;
}, 120_000);

async function get<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(agent.url + path, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** The parts of a cgroup tree that do not move while we look: paths, cgroup IDs, kinds, names, pods. */
function shape(n: CgroupNode): unknown {
  return {
    path: n.path,
    id: n.id,
    kind: n.kind,
    container: n.container,
    containerId: n.containerId,
    pod: n.pod,
    children: n.children.map(shape),
  };
}
const pids = (n: CgroupNode): number[] => [...n.processes.map((p) => p.pid), ...n.children.flatMap(pids)].sort((a, b) => a - b);
const verbosePid = (info: Record<string, string>) => (JSON.parse(info.info) as { pid: number }).pid;

describe("agent on a real node", () => {
  const ref = { namespace: "default", name: "agent-real" };

  it("GET /v1/version: containerd's name and version, this node, the host's cgroup version", async () => {
    const { status, body } = await get<AgentVersionInfo>("/v1/version");
    expect(status).toBe(200);
    const v = await cri.version();
    expect(body).toMatchObject({
      agent: AGENT_NAME,
      version: AGENT_VERSION,
      api: "v1",
      node: NODE,
      runtime: { name: "containerd", version: v.runtime_version },
    });
    expect([1, 2]).toContain(body.cgroup.version);
  });

  it("the pod's cgroup tree equals the local inspector's: paths, cgroup IDs, containers, processes", async () => {
    const [{ status, body }, local] = await Promise.all([
      get<CgroupNode>(agentPodPath("default", "agent-real", "cgroups")),
      inspector.cgroups(ref),
    ]);
    expect(status).toBe(200);
    expect(shape(body)).toEqual(shape(local));
    expect(body.path).toContain(`pod${pod.metadata.uid}`);
    expect(body.children.map((c) => c.container).sort()).toEqual(["POD", "app", "side"]);
    expect(pids(body)).toEqual(pids(local));
  });

  it("the namespace matrix equals the local inspector's: inodes per process, pause PID, the host's namespaces", async () => {
    const [{ status, body }, local] = await Promise.all([
      get<LsnsJson>(agentPodPath("default", "agent-real", "namespaces")),
      inspector.namespaces(ref),
    ]);
    expect(status).toBe(200);
    expect(body).toEqual(local);
    const [sb] = await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": pod.metadata.uid! } });
    const pausePid = verbosePid((await cri.podSandboxStatus(sb.id, true)).info);
    expect(body.sandboxPid).toBe(pausePid);
    const app = body.processes.find((p) => p.container === "app")!;
    expect(app.sharedWithSandbox).toMatchObject({ net: true, ipc: true, uts: true });
  });

  it("the process tree equals the local inspector's", async () => {
    const [{ status, body }, local] = await Promise.all([
      get<PodProcessesJson>(agentPodPath("default", "agent-real", "processes")),
      inspector.processes(ref),
    ]);
    expect(status).toBe(200);
    expect(body).toEqual(local);
  });

  it("runtime details are containerd's: sandbox, pod IP, pause and container PIDs", async () => {
    const { status, body } = await get<AgentPodRuntime>(agentPodPath("default", "agent-real", "runtime"));
    expect(status).toBe(200);
    const [sb] = await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": pod.metadata.uid! } });
    expect(body.pod).toEqual({ namespace: "default", name: "agent-real", uid: pod.metadata.uid });
    expect(body.sandbox).toMatchObject({
      id: sb.id,
      state: "SANDBOX_READY",
      podIP: pod.status!.podIP,
      pausePid: verbosePid((await cri.podSandboxStatus(sb.id, true)).info),
    });
    expect(body.sandbox.podIP.startsWith("10.232.0.")).toBe(true);
    expect(body.sandbox.networkNamespacePath).toMatch(/netns/);
    for (const cs of pod.status!.containerStatuses!) {
      const id = cs.containerID!.replace("containerd://", "");
      const c = body.containers.find((x) => x.id === id)!;
      expect(c, cs.name).toMatchObject({
        name: cs.name,
        state: "CONTAINER_RUNNING",
        sandboxId: sb.id,
        pid: verbosePid((await cri.containerStatus(id, true)).info),
      });
      expect(c.image).toContain("busybox");
    }
  });

  it("GET /v1/cgroups holds the pod, named", async () => {
    const { status, body } = await get<CgroupNode>("/v1/cgroups");
    expect(status).toBe(200);
    const find = (n: CgroupNode): CgroupNode | undefined =>
      n.kind === "pod" && n.pod?.uid === pod.metadata.uid ? n : n.children.map(find).find(Boolean);
    expect(find(body)?.pod).toEqual({ namespace: "default", name: "agent-real", uid: pod.metadata.uid });
  });

  it("404 for a pod this node does not run, 405 for POST", async () => {
    const missing = await get<AgentStatus>(agentPodPath("default", "no-such-pod", "cgroups"));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      kind: "Status",
      reason: "NotFound",
      message: `pods "no-such-pod" not found in namespace "default" on node "${NODE}"`,
    });
    const post = await get<AgentStatus>(agentPodPath("default", "agent-real", "cgroups"), { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.body.reason).toBe("MethodNotAllowed");
  });

  it("503 naming the socket when the CRI socket path does not exist", async () => {
    const gone = join(home, "no-such.sock");
    const other = await startAgent({ listen: { host: "127.0.0.1", port: 0 }, fsRoot: "", criSocket: gone, nodeName: NODE });
    try {
      const res = await fetch(other.url + agentPodPath("default", "agent-real", "namespaces"));
      expect(res.status).toBe(503);
      const body = (await res.json()) as AgentStatus;
      expect(body).toMatchObject({ kind: "Status", status: "Failure", reason: "ServiceUnavailable", code: 503 });
      expect(body.message).toContain(gone);
    } finally {
      await other.close();
    }
  });
});
