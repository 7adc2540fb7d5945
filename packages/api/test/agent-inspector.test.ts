// A cluster source's node views for real: the podscope agent DaemonSet on the real kubelet node (kubelet-real,
// placed by the real scheduler through the agent package's deploy helper), a busybox pod on that node, and
// ClusterSource.inspector reaching the agent through the API server's pods/proxy with the kubeconfig's own
// credentials — compared with reading the same node directly from this machine (packages/inspect over
// kubelet-real's cgroup root and its containerd). Then the ways it fails, in words and with the code the web
// branches on: no agent on a node, the limited user's 403 on pods/proxy, an agent that stops answering
// (SIGSTOP), the DaemonSet deleted — the source keeps serving pods throughout.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readPodCgroupTree, readPodNamespaces, readPodProcessTree, type CgroupNode, type PodMapEntry } from "@podscope/inspect";
import { AgentError, HistoryRecorder, KubeSource } from "@podscope/kube";
import { CriClient } from "@podscope/runtime";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, ClusterSource, createCallerFactory, SourceRegistry, type Source } from "../src";
import { errorData } from "../src/errors";
import { controlPlaneKubeconfig } from "../../runtime/fidelity/cluster";
import { call, deployAgent, ok, type AgentDeployment } from "../../agent/test/real-node/deploy";
import { runTestPod } from "../../agent/test/real-node/test-pod";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let d: AgentDeployment;
let dir: string;
let admin: ClusterSource;
let limited: ClusterSource;
const registry = new SourceRegistry();
const caller = () => createCallerFactory(appRouter)({ registry, authenticated: true, tokenRequiredForReads: false });
const POD = "busy";

beforeAll(async () => {
  // The control plane is shared and never started here (deployAgent says so when it is down).
  d = await deployAgent({ namespacePrefix: "agent-api" });
  const kubeconfig = controlPlaneKubeconfig();
  dir = mkdtempSync(join(tmpdir(), "agent-api-"));
  const recorder = () => new HistoryRecorder({ file: join(dir, `${Math.random().toString(36).slice(2)}.sqlite`) });
  const kube = new KubeSource({ kubeconfig, resources: ["pods", "nodes"] }).start();
  admin = new ClusterSource({ name: kube.context, server: "sandbox" }, () => kube, recorder(), {
    agentNamespace: d.namespace,
    agentTimeoutMs: 4_000,
  });
  // The limited user may read pods in the agent's namespace (so its pod cache and the agent lookup work),
  // but not pods/proxy: the 403 must name that permission.
  await ok(d.api, "POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${d.namespace}/roles`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "pod-reader" },
    rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }],
  });
  await ok(d.api, "POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${d.namespace}/rolebindings`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "pod-reader-limited" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "podscope-limited" }],
  });
  const lim = new KubeSource({
    kubeconfig: join(dirname(kubeconfig), "limited.kubeconfig"),
    resources: ["pods"],
    namespaces: [d.namespace],
  }).start();
  limited = new ClusterSource({ name: lim.context, server: "sandbox" }, () => lim, recorder(), { agentNamespace: d.namespace });
  registry.add(admin);
  registry.add(limited);

  // The source's cache must see it running too: its node and container IDs come from there.
  await runTestPod(d, POD, { seenBy: admin });
}, 600_000);

afterAll(async () => {
  await registry.closeAll();
  await d?.teardown();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 240_000);

/** This machine's own reading of the pod on kubelet-real: the sandbox from its containerd, the containers from the API. */
async function directEntry(): Promise<PodMapEntry> {
  const pod = await admin.getPod(d.namespace, POD);
  const uid = pod.metadata.uid!;
  const cri = new CriClient(d.kubelet.socket);
  try {
    const [sandbox] = await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": uid }, state: { state: "SANDBOX_READY" } });
    expect(sandbox, `a ready sandbox for ${uid}`).toBeDefined();
    return {
      uid,
      namespace: d.namespace,
      name: POD,
      sandboxId: sandbox.id,
      containers: (pod.status?.containerStatuses ?? []).map((c) => ({
        id: (c.containerID ?? "").replace(/^[a-z]+:\/\//, ""),
        name: c.name,
      })),
    };
  } finally {
    cri.close();
  }
}

function cgroupPaths(n: CgroupNode, out: string[] = []): string[] {
  out.push(n.path);
  for (const c of n.children) cgroupPaths(c, out);
  return out.sort();
}

/** The TRPCError a call fails with, with the data the web reads (reason, agent). */
async function trpcFailure(p: Promise<unknown>): Promise<{ code: string; message: string; agent?: string; reason?: string }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const data = errorData(e);
    return { code: e.code, message: e.message, agent: data?.agent, reason: data?.reason };
  }
  throw new Error("the call succeeded; a failure was expected");
}

async function agentErrorOf(p: Promise<unknown>): Promise<AgentError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, "an AgentError").toBeInstanceOf(AgentError);
  return e as AgentError;
}

describe("ClusterSource.inspector through the podscope agent on kubelet-real", () => {
  it("a cluster pod's cgroup tree, namespaces and processes equal reading the node directly", async () => {
    const ref = { namespace: d.namespace, name: POD };
    const entry = await directEntry();
    const opts = { cgroupRoot: d.kubelet.cgroupRoot };
    const [cgroups, namespaces, processes] = await Promise.all([
      admin.inspector.cgroups(ref),
      admin.inspector.namespaces(ref),
      admin.inspector.processes(ref),
    ]);
    const direct = {
      cgroups: await readPodCgroupTree(entry, opts),
      namespaces: (await readPodNamespaces(entry, opts)).json,
      processes: await readPodProcessTree(entry, opts),
    };
    expect(cgroupPaths(cgroups)).toEqual(cgroupPaths(direct.cgroups));
    expect(cgroups.path).toContain(`pod${entry.uid}`);
    expect(namespaces.sandboxPid).toBeGreaterThan(1);
    expect(namespaces).toEqual(direct.namespaces);
    expect(processes).toMatchObject({ pod: POD, namespace: d.namespace, uid: entry.uid });
    expect(processes.processes).toEqual(direct.processes);
    // Through the router too: what the web's useTRPC() query gets.
    const viaRouter = await caller().inspect.cgroups({ source: admin.id, namespace: d.namespace, name: POD });
    expect(cgroupPaths(viaRouter)).toEqual(cgroupPaths(direct.cgroups));
  }, 60_000);

  it("the container runtime's account of the pod, and the node's whole kubepods tree by node name", async () => {
    const entry = await directEntry();
    const runtime = await caller().inspect.runtime({ source: admin.id, namespace: d.namespace, name: POD });
    expect(runtime.sandbox.id).toBe(entry.sandboxId);
    expect(runtime.containers.map((c) => c.name)).toContain("app");
    expect(runtime.runtime.name).toBe("containerd");
    const tree = await caller().inspect.cgroups({ source: admin.id, node: d.kubelet.nodeName });
    expect(cgroupPaths(tree).some((p) => p.includes(`pod${entry.uid}`))).toBe(true);
    // A cluster has many nodes: the tree without a pod needs one named.
    const noNode = await trpcFailure(caller().inspect.cgroups({ source: admin.id }));
    expect(noNode.code).toBe("BAD_REQUEST");
    expect(noNode.message).toContain("name the node whose kubepods cgroup tree to show");
  }, 60_000);

  it("a node without an agent: 'no podscope agent' with how to install it, agent code 'missing'", async () => {
    // The DaemonSet is pinned to kubelet-real: the KWOK nodes have none.
    const f = await trpcFailure(caller().inspect.cgroups({ source: admin.id, node: "kwok-node-0" }));
    expect(f).toMatchObject({ code: "SERVICE_UNAVAILABLE", agent: "missing", reason: "ServiceUnavailable" });
    expect(f.message).toBe(
      `no podscope agent on node "kwok-node-0": install it with podscope agent manifest --namespace ${d.namespace} | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "${d.namespace}")`,
    );
  }, 30_000);

  it("the limited user gets the 403 in words naming get on pods/proxy, agent code 'forbidden'", async () => {
    const f = await trpcFailure(caller().inspect.namespaces({ source: limited.id, namespace: d.namespace, name: POD }));
    expect(f).toMatchObject({ code: "FORBIDDEN", agent: "forbidden", reason: "Forbidden" });
    expect(f.message).toMatch(
      new RegExp(
        `^you cannot read the podscope agent on node "kubelet-real": user "podscope-limited" needs get on pods/proxy in namespace "${d.namespace}" \\(RBAC, context "podscope-limited"\\): pods "${d.podName}:\\d+" is forbidden: User "podscope-limited" cannot get resource "pods/proxy" in API group "" in the namespace "${d.namespace}"$`,
      ),
    );
  }, 60_000);

  it("an agent that stops answering (SIGSTOP) is 'not answering', and answers again after SIGCONT", async () => {
    const self = await admin.inspector.runtime!({ namespace: d.namespace, name: d.podName });
    const pid = self.containers.find((c) => c.state === "CONTAINER_RUNNING")?.pid;
    expect(pid, `the agent's own PID from its runtime view: ${JSON.stringify(self.containers)}`).toBeGreaterThan(1);
    process.kill(pid!, "SIGSTOP");
    try {
      const e = await agentErrorOf(admin.inspector.cgroups({ namespace: d.namespace, name: POD }));
      expect(e.problem).toBe("notAnswering");
      expect(e.message).toBe(
        `the podscope agent on node "kubelet-real" (pod ${d.namespace}/${d.podName}) is not answering: no answer within 4 s`,
      );
    } finally {
      process.kill(pid!, "SIGCONT");
    }
    const again = await admin.inspector.cgroups({ namespace: d.namespace, name: POD });
    expect(again.path).toContain("pod");
  }, 60_000);

  it("the DaemonSet deleted: the view says the agent is gone, the source keeps serving pods", async () => {
    const ds = (await ok(d.api, "GET", `/apis/apps/v1/namespaces/${d.namespace}/daemonsets`)) as {
      items: { metadata: { name: string } }[];
    };
    expect(ds.items).toHaveLength(1);
    const del = await call(d.api, "DELETE", `/apis/apps/v1/namespaces/${d.namespace}/daemonsets/${ds.items[0].metadata.name}`);
    expect(del.status).toBeLessThan(300);
    // While the pod terminates the words may be 'not answering' or 'not running'; once it is gone, 'missing'.
    const seen = new Set<string>();
    const end = Date.now() + 120_000;
    let last: AgentError | undefined;
    for (;;) {
      const r = await admin.inspector.cgroups({ namespace: d.namespace, name: POD }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (r) {
        expect(r).toBeInstanceOf(AgentError);
        last = r as AgentError;
        seen.add(last.problem);
        expect(["missing", "notAnswering", "notReady"]).toContain(last.problem);
        if (last.problem === "missing") break;
      }
      if (Date.now() > end)
        throw new Error(`the agent was still found 120 s after its DaemonSet was deleted (seen: ${[...seen].join(", ")})`);
      await sleep(500);
    }
    expect(last.message).toMatch(
      new RegExp(
        `^no podscope agent on node "kubelet-real": install it with podscope agent manifest --namespace ${d.namespace} \\| kubectl apply -f -`,
      ),
    );
    const f = await trpcFailure(caller().inspect.processes({ source: admin.id, namespace: d.namespace, name: POD }));
    expect(f.agent).toBe("missing");
    // The rest of the page stays: the pod, its detail and the pod list come from the API server, not the agent.
    const pods: Source["listPods"] = () => admin.listPods();
    expect((await pods()).map((p) => p.metadata.name)).toContain(POD);
    const detail = await caller().pods.detail({ source: admin.id, namespace: d.namespace, name: POD });
    expect(detail.pod.spec.nodeName).toBe("kubelet-real");
  }, 180_000);
});
