// The local source's node views with the NodeInspector shape a cluster source also has: the container runtime's
// account of a pod (the agent's own reading of CRI, over this node's containerd) and the kubepods tree named by
// node — its only node. A LocalNode of this test's own (own home, bridge ps7830, subnet 10.238.0.0/24).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { CriClient, down, LocalNode, localNodePaths } from "@podscope/runtime";
import { TRPCError } from "@trpc/server";
import { appRouter, createCallerFactory, LocalSource, SourceRegistry } from "../src";

const home = mkdtempSync(join(tmpdir(), "podscope-api-local-inspect-"));
const net = { bridge: "ps7830", podSubnet: "10.238.0.0/24" };
const NODE = "api-inspect-node";
let node: LocalNode;
let cri: CriClient;
let source: LocalSource;
const registry = new SourceRegistry();
const caller = () => createCallerFactory(appRouter)({ registry, authenticated: true, tokenRequiredForReads: false });

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error("this test runs containerd: it must run as root (CI does)");
  node = await LocalNode.start({ home, nodeName: NODE, containerd: net });
  cri = new CriClient(localNodePaths(home).socket);
  source = new LocalSource(node, node.runtime);
  registry.add(source);
  await node.createPod({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default" },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"] }] },
  } as Pod);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const p = node.getPod("default", "web");
    if (p?.status?.phase === "Running" && p.status.containerStatuses?.every((c) => c.state?.running)) break;
    if (Date.now() > deadline) throw new Error(`pod web not running after 60 s: ${JSON.stringify(p?.status)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  await node?.deletePod("default", "web", { gracePeriodSeconds: 0 }).catch(() => undefined);
  await registry.closeAll(); // stops the node
  cri?.close();
  const report = await down({ home, ...net });
  rmSync(home, { recursive: true, force: true });
  expect(report.errors).toEqual([]);
}, 120_000);

describe("LocalSource.inspector", () => {
  it("runtime(pod): the sandbox and containers containerd reports for this incarnation", async () => {
    const uid = node.getPod("default", "web")!.metadata.uid!;
    const [sandbox] = await cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": uid }, state: { state: "SANDBOX_READY" } });
    const rt = await caller().inspect.runtime({ source: "local", namespace: "default", name: "web" });
    expect(rt.pod).toEqual({ namespace: "default", name: "web", uid });
    expect(rt.sandbox.id).toBe(sandbox.id);
    expect(rt.sandbox.state).toBe("SANDBOX_READY");
    expect(rt.containers.map((c) => [c.name, c.state])).toEqual([["app", "CONTAINER_RUNNING"]]);
    expect(rt.containers[0].pid).toBeGreaterThan(1);
    expect(rt.runtime.name).toBe("containerd");
    const missing = await caller()
      .inspect.runtime({ source: "local", namespace: "default", name: "nope" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCError);
    expect((missing as TRPCError).code).toBe("NOT_FOUND");
  }, 30_000);

  it("the kubepods tree by node: its own node, or none named; another node is not found", async () => {
    const uid = node.getPod("default", "web")!.metadata.uid!;
    const paths = (n: { path: string; children: { path: string; children: unknown[] }[] }): string[] => [
      n.path,
      ...n.children.flatMap((c) => paths(c as typeof n)),
    ];
    const named = await caller().inspect.cgroups({ source: "local", node: NODE });
    expect(paths(named).some((p) => p.includes(`pod${uid}`))).toBe(true);
    const unnamed = await caller().inspect.cgroups({ source: "local" });
    expect(paths(unnamed)).toEqual(paths(named));
    const other = await caller()
      .inspect.cgroups({ source: "local", node: "kubelet-real" })
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(TRPCError);
    expect((other as TRPCError).code).toBe("NOT_FOUND");
    expect((other as TRPCError).message).toBe('nodes "kubelet-real" not found');
  }, 30_000);
});
