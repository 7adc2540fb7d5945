// The agent for real: its image loaded into kubelet-real's containerd, its DaemonSet scheduled onto that
// node by the real scheduler and DaemonSet controller, reached through the API server's pod proxy — and what
// it says about a real pod on that node compared with reading the same node directly from this machine.
// Needs the shared control plane (scripts/controlplane.sh start); kubelet-real is started when it is not
// running. Nothing here skips itself: a node that cannot start fails the file with the reason.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { readPodCgroupTree, readPodNamespaces, type CgroupNode, type LsnsJson, type PodMapEntry } from "@podscope/inspect";
import { CriClient } from "@podscope/runtime";
import { AGENT_NAME, AGENT_VERSION } from "../../src/constants";
import { agentPodPath, AGENT_VERSION_PATH } from "../../src/paths";
import type { AgentPodRuntime, AgentVersionInfo } from "../../src/wire";
import { call, deployAgent, ok, viaProxy, type AgentDeployment } from "./deploy";
import { runTestPod } from "./test-pod";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let d: AgentDeployment;

beforeAll(async () => {
  d = await deployAgent({ namespacePrefix: "agent-node" });
}, 420_000);

afterAll(async () => {
  await d?.teardown();
}, 240_000);

/** Every cgroup path of a tree, sorted. */
function cgroupPaths(n: CgroupNode, out: string[] = []): string[] {
  out.push(n.path);
  for (const c of n.children) cgroupPaths(c, out);
  return out.sort();
}

/** pid → namespace inodes, for every process of the matrix. */
function inodesByPid(j: LsnsJson): Record<number, unknown> {
  return Object.fromEntries(j.processes.map((p) => [p.pid, p.namespaces]));
}

describe("the podscope agent on the real kubelet node", () => {
  it("runs on kubelet-real with the host's PID namespace, placed by the DaemonSet controller", async () => {
    const pod = (await ok(d.api, "GET", `/api/v1/namespaces/${d.namespace}/pods/${d.podName}`)) as Pod;
    expect(pod.spec.nodeName).toBe(d.kubelet.nodeName);
    expect(pod.spec.hostPID).toBe(true);
    expect(pod.metadata.ownerReferences?.[0]?.kind).toBe("DaemonSet");
    // On the pod network (the node's CNI bridge), not the host's.
    expect(pod.spec.hostNetwork ?? false).toBe(false);
    expect(pod.status?.podIP).toMatch(/^10\.220\.0\./);
    // One node only: the shared cluster's KWOK nodes (drained by other suites) get no agent pod.
    type DaemonSetStatus = { desiredNumberScheduled?: number; numberReady?: number };
    const dsPath = `/apis/apps/v1/namespaces/${d.namespace}/daemonsets/${pod.metadata.ownerReferences![0].name}`;
    let status: DaemonSetStatus = {};
    // The DaemonSet controller writes its status a moment after the pod turns Ready.
    for (const end = Date.now() + 30_000; Date.now() < end && status.numberReady !== 1; await sleep(500))
      status = ((await ok(d.api, "GET", dsPath)) as { status: DaemonSetStatus }).status;
    expect(status).toMatchObject({ desiredNumberScheduled: 1, numberReady: 1 });
  });

  it("runs confined as its manifest says: the runtime's seccomp filter, no new privileges, only the two read capabilities", async () => {
    // Read from this machine's /proc (the node is this machine): the agent's process, found by its pod's cgroup.
    const pod = (await ok(d.api, "GET", `/api/v1/namespaces/${d.namespace}/pods/${d.podName}`)) as Pod;
    const uid = pod.metadata.uid!;
    const pids = readdirSync("/proc").filter((p) => {
      if (!/^\d+$/.test(p)) return false;
      try {
        return readFileSync(`/proc/${p}/cgroup`, "utf8").includes(uid) && readFileSync(`/proc/${p}/cmdline`, "utf8").includes("--fs-root=");
      } catch {
        return false; // the process ended while the list was read
      }
    });
    expect(pids, `the agent's process in a cgroup of pod ${uid}`).toHaveLength(1);
    const status = Object.fromEntries(
      readFileSync(`/proc/${pids[0]}/status`, "utf8")
        .split("\n")
        .map((l) => l.split(":\t").map((x) => x.trim())),
    ) as Record<string, string>;
    expect(status.Seccomp).toBe("2"); // SECCOMP_MODE_FILTER
    expect(status.NoNewPrivs).toBe("1");
    // CAP_DAC_READ_SEARCH (2) and CAP_SYS_PTRACE (19), nothing else.
    expect(BigInt(`0x${status.CapEff}`)).toBe((1n << 2n) | (1n << 19n));
  });

  it("answers /v1/version through the API server's pod proxy with the node's name", async () => {
    const r = await viaProxy(d, AGENT_VERSION_PATH);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body as AgentVersionInfo;
    expect(v).toMatchObject({ agent: AGENT_NAME, version: AGENT_VERSION, node: d.kubelet.nodeName });
    // It reached the node's containerd through the mounted socket.
    expect(v.runtime.error).toBeUndefined();
    expect(v.runtime.name).toBe("containerd");
  });

  it("sees a pod of the node as this machine sees it: cgroup paths, namespace inodes and the pause PID", async () => {
    const name = "busy";
    const pod = await runTestPod(d, name);
    const uid = pod.metadata.uid!;

    // This machine's own reading of the node: the sandbox from its containerd, the rest from the API.
    const cri = new CriClient(d.kubelet.socket);
    let entry: PodMapEntry;
    try {
      const [sandbox] = await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": uid }, state: { state: "SANDBOX_READY" } });
      expect(sandbox, `a ready sandbox for ${uid} in ${d.kubelet.socket}`).toBeDefined();
      entry = {
        uid,
        namespace: d.namespace,
        name,
        sandboxId: sandbox.id,
        containers: (pod.status?.containerStatuses ?? []).map((c) => ({
          id: (c.containerID ?? "").replace(/^[a-z]+:\/\//, ""),
          name: c.name,
        })),
      };
    } finally {
      cri.close();
    }
    const opts = { cgroupRoot: d.kubelet.cgroupRoot };
    const direct = { cgroups: await readPodCgroupTree(entry, opts), namespaces: (await readPodNamespaces(entry, opts)).json };

    const cg = await viaProxy(d, agentPodPath(d.namespace, name, "cgroups"));
    expect(cg.status, JSON.stringify(cg.body)).toBe(200);
    const ns = await viaProxy(d, agentPodPath(d.namespace, name, "namespaces"));
    expect(ns.status, JSON.stringify(ns.body)).toBe(200);
    const agent = { cgroups: cg.body as CgroupNode, namespaces: ns.body as LsnsJson };

    expect(cgroupPaths(agent.cgroups)).toEqual(cgroupPaths(direct.cgroups));
    expect(agent.cgroups.path).toContain(`pod${uid}`);
    expect(direct.namespaces.sandboxPid).toBeGreaterThan(1);
    expect(agent.namespaces.sandboxPid).toBe(direct.namespaces.sandboxPid);
    expect(inodesByPid(agent.namespaces)).toEqual(inodesByPid(direct.namespaces));
    // The rest of the matrix too: the host's namespaces (PID 1's, through /host/proc), commands, sharing.
    expect(agent.namespaces).toEqual(direct.namespaces);
    // The runtime view (CRI over the mounted socket) names the same sandbox and pause process.
    const rt = await viaProxy(d, agentPodPath(d.namespace, name, "runtime"));
    expect(rt.status, JSON.stringify(rt.body)).toBe(200);
    const runtime = rt.body as AgentPodRuntime;
    expect(runtime.sandbox.id).toBe(entry.sandboxId);
    expect(runtime.sandbox.pausePid).toBe(direct.namespaces.sandboxPid);
    expect(runtime.sandbox.podIP).toBe(pod.status?.podIP);
    // The sandbox and the app container, each with its namespaces read (not an empty matrix).
    expect(agent.namespaces.processes.map((p) => p.container).sort()).toEqual(["POD", "app"]);
    expect(agent.namespaces.processes.every((p) => p.namespaces.net > 0 && p.namespaces.pid > 0)).toBe(true);

    const del = await call(d.api, "DELETE", `/api/v1/namespaces/${d.namespace}/pods/${name}`);
    expect(del.status).toBeLessThan(300);
  });
});
