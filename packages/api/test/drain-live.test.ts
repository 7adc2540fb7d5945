// drainLive through tRPC's caller on the real control plane: the server check, a real drain streamed by the
// subscription and undone with uncordon, and every refusal (no confirmation, no token, no cluster, no RBAC).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Node } from "@podscope/core";
import { HistoryRecorder, KubeClient, KubeSource, loadKubeConfig, type DrainStreamMessage } from "@podscope/kube";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, ClusterSource, createCallerFactory, SourceRegistry, UnavailableSource } from "../src";
import { ensureControlPlane, stopControlPlane, type ControlPlane } from "../../runtime/fidelity/cluster";
import { appPods, createFixture, deleteFixture, deployWithBudget, settled, type DrainFixture } from "../../kube/test/drain-fixture";

let cp: ControlPlane | undefined;
let admin: KubeClient;
let fx: DrainFixture;
let dir: string;
const registry = new SourceRegistry();
const recorder = () => new HistoryRecorder({ file: join(dir, `${Math.random().toString(36).slice(2)}.sqlite`) });
const caller = (authenticated = true) => createCallerFactory(appRouter)({ registry, authenticated, tokenRequiredForReads: false });

beforeAll(async () => {
  // Shared with other suites: started only if it is not running, and stopped only if we started it.
  cp = ensureControlPlane();
  const { kubeconfig } = cp;
  dir = mkdtempSync(join(tmpdir(), "drain-live-api-"));
  admin = new KubeClient(loadKubeConfig({ path: kubeconfig }));
  const cluster = (k: KubeSource) => new ClusterSource({ name: k.context, server: "sandbox" }, () => k, recorder());
  registry.add(cluster(new KubeSource({ kubeconfig }).start()));
  registry.add(cluster(new KubeSource({ kubeconfig: cp.limitedKubeconfig, resources: ["pods"] })));
  registry.add(new UnavailableSource("local", "local", "local node", "no containerd here"));
  fx = await createFixture(admin, kubeconfig, "drain-api");
  await deployWithBudget(admin, fx, 2, 1);
  await settled(admin, fx, { [fx.src]: 2 }, 1);
  await setUnschedulable(fx.dst, false);
}, 1_900_000);

afterAll(async () => {
  await registry.closeAll();
  await deleteFixture(admin, fx);
  admin?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (cp?.startedHere) stopControlPlane();
}, 120_000);

const setUnschedulable = (node: string, on: boolean) =>
  admin.request("PATCH", `/api/v1/nodes/${node}`, {
    body: { spec: { unschedulable: on ? true : null } },
    contentType: "application/strategic-merge-patch+json",
  });
const getNode = (n: string) => admin.request<Node>("GET", `/api/v1/nodes/${n}`);

describe("drainLive.check", () => {
  it("answers per pod with the server's dry-run and the sequential simulation, and cordons nothing", async () => {
    const src = "kube:podscope-sandbox";
    // The source's caches must have seen the budget's status before the simulation reads them.
    let r = await caller().drainLive.check({ source: src, node: fx.src });
    const seen = () => r.pods.length === 2 && r.pods.every((p) => p.simulated.attempts > 0);
    for (let i = 0; i < 300 && !seen(); i++) {
      await new Promise((x) => setTimeout(x, 500));
      r = await caller().drainLive.check({ source: src, node: fx.src });
    }
    expect(r.result).toBe("checked");
    expect(r.pods.map((p) => p.server.verdict)).toEqual(["allowed", "allowed"]);
    expect(r.pods.map((p) => p.simulated.attempts).sort()).toEqual([1, 2]);
    expect(r.pods.filter((p) => p.differs)).toHaveLength(1);
    expect((await getNode(fx.src)).spec?.unschedulable).toBeUndefined();
  }, 200_000);

  it("refuses a source that cannot evict, and bad flags, in words", async () => {
    await expect(caller().drainLive.check({ source: "local", node: fx.src })).rejects.toMatchObject({
      code: "METHOD_NOT_SUPPORTED",
      message:
        'source "local" cannot evict pods: checking or running a real drain needs a Kubernetes cluster context (a kube:<context> source)',
    });
    await expect(
      caller().drainLive.check({ source: "kube:podscope-sandbox", node: fx.src, flags: { gracePeriodSeconds: 0 } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("--grace-period 0 would remove") });
    await expect(
      caller().drainLive.check({ source: "kube:podscope-sandbox", node: fx.src, flags: { nope: true } as never }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  }, 30_000);

  it("a context without RBAC gets FORBIDDEN naming the verb and resource", async () => {
    await expect(caller().drainLive.check({ source: "kube:podscope-limited", node: fx.src })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `user "podscope-limited" cannot get nodes "${fx.src}" cluster-wide (context "podscope-limited", 403 Forbidden)`,
    });
    await expect(caller().drainLive.uncordon({ source: "kube:podscope-limited", node: fx.src })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining(`cannot patch nodes "${fx.src}" cluster-wide`),
    });
  }, 30_000);
});

describe("drainLive.execute", () => {
  it("needs the token and the node's name typed as confirmation", async () => {
    const input = { source: "kube:podscope-sandbox", node: fx.src, confirm: fx.src };
    await expect(caller(false).drainLive.execute(input)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const wrong = await caller()
      .drainLive.execute({ ...input, confirm: "yes" })
      .then(async (it) => {
        for await (const _ of it) void _;
      })
      .catch((e) => e);
    expect(wrong).toMatchObject({
      code: "BAD_REQUEST",
      message: `to drain node "${fx.src}" for real, type its name to confirm (got "yes")`,
    });
    expect((await getNode(fx.src)).spec?.unschedulable).toBeUndefined();
  }, 30_000);

  it("stop ends the stream with the stopped result; a second drain of the node is refused while one runs", async () => {
    const src = "kube:podscope-sandbox";
    // The destination closed: the first replacement stays Pending, so the second pod is refused and retried.
    await setUnschedulable(fx.dst, true);
    const it = await caller().drainLive.execute({ source: src, node: fx.src, confirm: fx.src });
    const got: DrainStreamMessage[] = [];
    let conflict: unknown;
    for await (const m of it as AsyncIterable<DrainStreamMessage>) {
      got.push(m);
      if (m.type === "progress" && m.progress.type === "event" && m.progress.kind === "retry" && conflict === undefined) {
        conflict = await caller()
          .drainLive.execute({ source: src, node: fx.src, confirm: fx.src })
          .then(async (i) => {
            for await (const _ of i) void _;
          })
          .catch((e) => e);
        expect(await caller().drainLive.stop({ source: src, node: fx.src })).toEqual({ node: fx.src, stopping: true });
      }
    }
    expect(conflict).toMatchObject({ code: "CONFLICT", message: `a drain of node "${fx.src}" is already running on this server` });
    const last = got.at(-1)!;
    expect(last.type === "result" && last.result).toMatchObject({ result: "stopped", cordoned: true });
    await expect(caller().drainLive.stop({ source: src, node: fx.src })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `no drain of node "${fx.src}" is running on this server`,
    });
    // Capacity back, the replacement lands on the destination; then the UI's Uncordon.
    await setUnschedulable(fx.dst, false);
    await settled(admin, fx, { [fx.src]: 1, [fx.dst]: 1 }, 1);
    await caller().drainLive.uncordon({ source: src, node: fx.src });
  }, 90_000);

  it("streams kubectl's lines and events, ends with the result; uncordon undoes the cordon", async () => {
    const it = await caller().drainLive.execute({
      source: "kube:podscope-sandbox",
      node: fx.src,
      confirm: fx.src,
      flags: { timeoutSeconds: 60 },
    });
    const got: DrainStreamMessage[] = [];
    for await (const m of it as AsyncIterable<DrainStreamMessage>) got.push(m);
    const last = got.at(-1)!;
    expect(last.type).toBe("result");
    if (last.type !== "result") return;
    expect(last.result).toMatchObject({ node: fx.src, result: "drained", cordoned: true });
    const lines = got.flatMap((m) => (m.type === "progress" && m.progress.type === "line" ? [m.progress.line] : []));
    expect(lines[0]).toBe(`node/${fx.src} cordoned`);
    expect(lines.at(-1)).toBe(`node/${fx.src} drained`);
    expect(lines.filter((l) => l.startsWith("evicting pod "))).not.toHaveLength(0);
    expect(got.some((m) => m.type === "progress" && m.progress.type === "event" && m.progress.kind === "evicted")).toBe(true);
    await settled(admin, fx, { [fx.dst]: 2 }, 1);
    expect((await appPods(admin, fx)).every((p) => p.spec?.nodeName === fx.dst)).toBe(true);

    expect((await getNode(fx.src)).spec?.unschedulable).toBe(true);
    const u = await caller().drainLive.uncordon({ source: "kube:podscope-sandbox", node: fx.src });
    expect(u).toEqual({ node: fx.src, unschedulable: false, line: `node/${fx.src} uncordoned` });
    expect((await getNode(fx.src)).spec?.unschedulable).toBeUndefined();
  }, 90_000);
});
