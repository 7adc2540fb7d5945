// The agent's HTTP API against a hand-made host (fsRoot) and a declarative runtime: every route, the
// incarnation choice, and the Status errors a client reads. Served over real HTTP on a loopback port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CgroupNode, LsnsJson, PodProcessesJson } from "@podscope/inspect";
import { AGENT_NAME, AGENT_VERSION } from "../src/constants";
import { agentPodPath } from "../src/paths";
import { serveAgent, type RunningAgent } from "../src/server";
import type { AgentPodRuntime, AgentStatus, AgentVersionInfo } from "../src/wire";
import { FakeRuntime } from "./fake-runtime";
import { addPod, FsRoot, HOST_NS, hexId } from "./fsroot-fixture";

const NODE = "node-a";
const fs = new FsRoot();
const runtime = new FakeRuntime();
let agent: RunningAgent;

const web = addPod(fs, 1000);
// Two incarnations of default/db: the old one (deleted, sandbox not ready, cgroup lingering) and the new one.
const dbOld = addPod(fs, 2000);
const dbNew = addPod(fs, 3000);

beforeAll(async () => {
  const t0 = Date.parse("2025-01-02T03:04:05.000Z");
  runtime.sandboxes = [
    {
      id: web.sandboxId,
      namespace: "default",
      name: "web",
      uid: web.uid,
      createdMs: t0,
      ip: "10.1.0.5",
      pausePid: web.pids.pause,
      netns: "/var/run/netns/cni-web",
    },
    // The old db sandbox is newer than nothing but not ready: the ready one wins although it is older here.
    { id: dbOld.sandboxId, namespace: "default", name: "db", uid: dbOld.uid, createdMs: t0 + 60_000, ready: false },
    {
      id: dbNew.sandboxId,
      namespace: "default",
      name: "db",
      uid: dbNew.uid,
      createdMs: t0 + 30_000,
      ip: "10.1.0.7",
      pausePid: dbNew.pids.pause,
    },
  ];
  runtime.containers = [
    { id: web.containerId, sandboxId: web.sandboxId, name: "app", createdMs: t0 + 1000, pid: web.pids.app },
    {
      id: hexId(),
      sandboxId: web.sandboxId,
      name: "app",
      createdMs: t0 + 500,
      state: "CONTAINER_EXITED",
      exitCode: 137,
      reason: "OOMKilled",
      attempt: 0,
    },
    {
      id: dbOld.containerId,
      sandboxId: dbOld.sandboxId,
      name: "app",
      createdMs: t0 + 61_000,
      state: "CONTAINER_EXITED",
      exitCode: 0,
      reason: "Completed",
    },
    { id: dbNew.containerId, sandboxId: dbNew.sandboxId, name: "app", createdMs: t0 + 31_000, pid: dbNew.pids.app },
  ];
  // The exited app of web is attempt 0; the running one attempt 1.
  runtime.containers[0].attempt = 1;
  agent = await serveAgent(
    { cri: runtime, criSocket: "/run/fake.sock", nodeName: NODE, inspect: { fsRoot: fs.root } },
    { host: "127.0.0.1", port: 0 },
  );
});

afterAll(async () => {
  await agent?.close();
  fs.cleanup();
});

async function get(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; type: string; body: unknown; text: string; headers: Headers }> {
  const res = await fetch(agent.url + path, init);
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, type, text, body: type.startsWith("application/json") ? JSON.parse(text) : undefined, headers: res.headers };
}

const names = (n: CgroupNode): string[] => n.children.map((c) => c.container ?? c.name).sort();

describe("routes", () => {
  it("GET /healthz is 200 ok in plain text", async () => {
    const r = await get("/healthz");
    expect(r).toMatchObject({ status: 200, text: "ok" });
    expect(r.type).toMatch(/^text\/plain/);
  });

  it("GET /v1/version names the agent, its API, the node, the runtime and the cgroup version", async () => {
    const r = await get("/v1/version");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      agent: AGENT_NAME,
      version: AGENT_VERSION,
      api: "v1",
      node: NODE,
      runtime: { name: "containerd", version: "v2.0.0-fake", apiVersion: "v1" },
      cgroup: { version: 2, mode: "v2" },
    } satisfies AgentVersionInfo);
  });

  it("GET /v1/cgroups is the node's kubepods tree, pods named from the runtime's labels", async () => {
    const r = await get("/v1/cgroups");
    expect(r.status).toBe(200);
    const tree = r.body as CgroupNode;
    expect(tree).toMatchObject({ path: "/kubepods", kind: "kubepods" });
    const pods = tree.children[0].children;
    expect(pods.map((p) => p.pod?.name).sort()).toEqual(["db", "db", "web"]);
    const webNode = pods.find((p) => p.pod?.uid === web.uid)!;
    expect(names(webNode)).toEqual(["POD", "app"]);
    expect(webNode.children.find((c) => c.container === "POD")?.kind).toBe("sandbox");
    // The old incarnation keeps its own name and uid: the tree tells the two db pods apart.
    expect(pods.find((p) => p.pod?.uid === dbOld.uid)?.pod).toEqual({ namespace: "default", name: "db", uid: dbOld.uid });
  });

  it("GET /v1/pods/{ns}/{name}/cgroups is the pod's cgroup tree with processes and stats", async () => {
    const r = await get(agentPodPath("default", "web", "cgroups"));
    expect(r.status).toBe(200);
    const tree = r.body as CgroupNode;
    expect(tree).toMatchObject({ path: web.podCg, kind: "pod", pod: { namespace: "default", name: "web", uid: web.uid } });
    expect(names(tree)).toEqual(["POD", "app"]);
    const sandbox = tree.children.find((c) => c.container === "POD")!;
    expect(sandbox).toMatchObject({ kind: "sandbox", containerId: web.sandboxId, processes: [{ pid: web.pids.pause, command: "/pause" }] });
    const app = tree.children.find((c) => c.container === "app")!;
    expect(app.processes).toEqual([{ pid: web.pids.app, command: "sleep 3600" }]);
    expect(app.memory).toEqual({ usageBytes: 3072, limitBytes: 67108864 });
  });

  it("GET …/namespaces is the namespace matrix: pause, the app, what they share and what is the host's", async () => {
    const r = await get(agentPodPath("default", "web", "namespaces"));
    expect(r.status).toBe(200);
    const ns = r.body as LsnsJson;
    expect(ns).toMatchObject({ pod: "web", namespace: "default", uid: web.uid, sandboxPid: web.pids.pause });
    expect(ns.hostNamespaces).toEqual({ namespaces: HOST_NS, from: "pid1" });
    const app = ns.processes.find((p) => p.container === "app")!;
    expect(app.namespaces.net).toBe(web.podNs.net);
    expect(app.sharedWithSandbox).toMatchObject({ net: true, ipc: true, uts: true, pid: false, mnt: false });
    expect(app.sharedWithHost).toMatchObject({ net: false, user: true, cgroup: true });
  });

  it("GET …/processes is the pod's process forest, each process with its container", async () => {
    const r = await get(agentPodPath("default", "web", "processes"));
    expect(r.status).toBe(200);
    const p = r.body as PodProcessesJson;
    expect(p).toMatchObject({ pod: "web", namespace: "default", uid: web.uid });
    expect(p.processes.map((n) => [n.pid, n.ppid, n.container, n.command])).toEqual([
      [web.pids.pause, web.pids.shim, "POD", "/pause"],
      [web.pids.app, web.pids.shim, "app", "sleep 3600"],
    ]);
  });

  it("GET …/runtime is the runtime's sandbox and containers, current and previous", async () => {
    const r = await get(agentPodPath("default", "web", "runtime"));
    expect(r.status).toBe(200);
    const rt = r.body as AgentPodRuntime;
    expect(rt.pod).toEqual({ namespace: "default", name: "web", uid: web.uid });
    expect(rt.runtime).toEqual({ name: "containerd", version: "v2.0.0-fake" });
    expect(rt.sandbox).toEqual({
      id: web.sandboxId,
      state: "SANDBOX_READY",
      createdAt: "2025-01-02T03:04:05.000Z",
      runtimeHandler: "",
      attempt: 0,
      podIP: "10.1.0.5",
      additionalIPs: [],
      networkNamespacePath: "/var/run/netns/cni-web",
      namespaceOptions: { network: "POD", pid: "CONTAINER", ipc: "POD" },
      pausePid: web.pids.pause,
      // Only the kubelet's io.kubernetes.* labels: the pod's own labels ("app") are the API server's to show.
      labels: { "io.kubernetes.pod.name": "web", "io.kubernetes.pod.namespace": "default", "io.kubernetes.pod.uid": web.uid },
    });
    expect(rt.sandboxIds).toEqual([web.sandboxId]);
    expect(rt.containers.map((c) => [c.name, c.attempt, c.state, c.exitCode, c.reason, c.pid])).toEqual([
      ["app", 1, "CONTAINER_RUNNING", 0, "", web.pids.app],
      ["app", 0, "CONTAINER_EXITED", 137, "OOMKilled", undefined],
    ]);
    expect(rt.containers[0]).toMatchObject({
      id: web.containerId,
      sandboxId: web.sandboxId,
      image: "docker.io/library/busybox:latest",
      imageRef: "docker.io/library/busybox@sha256:abc",
      createdAt: "2025-01-02T03:04:06.000Z",
      startedAt: "2025-01-02T03:04:06.100Z",
      finishedAt: "",
    });
    expect(rt.containers[1].finishedAt).toBe("2025-01-02T03:04:10.500Z");
  });
});

describe("which incarnation", () => {
  it("without ?uid the pod with a ready sandbox wins over a newer one that is not ready", async () => {
    const r = await get(agentPodPath("default", "db", "cgroups"));
    expect((r.body as CgroupNode).path).toBe(dbNew.podCg);
  });

  it("?uid picks the incarnation, also the old one", async () => {
    const old = await get(agentPodPath("default", "db", "cgroups", dbOld.uid));
    expect(old.status).toBe(200);
    expect((old.body as CgroupNode).pod?.uid).toBe(dbOld.uid);
    const rt = await get(agentPodPath("default", "db", "runtime", dbOld.uid));
    expect((rt.body as AgentPodRuntime).sandbox).toMatchObject({ id: dbOld.sandboxId, state: "SANDBOX_NOTREADY", podIP: "" });
    expect((rt.body as AgentPodRuntime).containers.map((c) => c.reason)).toEqual(["Completed"]);
  });
});

describe("errors are Kubernetes Status bodies", () => {
  const status = (code: number, reason: string, message: string): AgentStatus => ({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    reason: reason as AgentStatus["reason"],
    message,
    code,
  });

  it("an unknown pod is 404 NotFound naming the pod, namespace and node", async () => {
    const r = await get(agentPodPath("default", "nope", "namespaces"));
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      ...status(404, "NotFound", `pods "nope" not found in namespace "default" on node "${NODE}"`),
      details: { name: "nope", kind: "pods" },
    });
  });

  it("a uid that is not the pod's is 404 too, and says which uid", async () => {
    const r = await get(agentPodPath("default", "web", "cgroups", dbOld.uid));
    expect(r.status).toBe(404);
    expect((r.body as AgentStatus).message).toBe(`pods "web" not found in namespace "default" on node "${NODE}" (uid ${dbOld.uid})`);
  });

  it("an unknown path is 404 NotFound", async () => {
    for (const path of ["/", "/v2/version", "/v1/pods/default/web", "/v1/pods/default/web/logs", "/v1/nodes"]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toMatchObject({ kind: "Status", status: "Failure", reason: "NotFound", code: 404 });
    }
  });

  it("any method but GET is 405 MethodNotAllowed with Allow: GET", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const r = await get(agentPodPath("default", "web", "cgroups"), { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.get("allow")).toBe("GET");
      expect(r.body).toEqual(status(405, "MethodNotAllowed", `the podscope agent is read-only: method ${method} is not allowed`));
    }
  });

  it("a runtime whose socket is gone is 503 ServiceUnavailable naming the socket; version still answers", async () => {
    runtime.unavailable = "/run/fake.sock";
    try {
      for (const path of ["/v1/cgroups", agentPodPath("default", "web", "runtime")]) {
        const r = await get(path);
        expect(r.status, path).toBe(503);
        expect(r.body, path).toMatchObject({ kind: "Status", reason: "ServiceUnavailable", code: 503 });
        expect((r.body as AgentStatus).message).toContain("/run/fake.sock");
      }
      const v = await get("/v1/version");
      expect(v.status).toBe(200);
      expect((v.body as AgentVersionInfo).runtime).toMatchObject({ name: "", version: "" });
      expect((v.body as AgentVersionInfo).runtime.error).toContain("/run/fake.sock");
    } finally {
      runtime.unavailable = undefined;
    }
  });
});
