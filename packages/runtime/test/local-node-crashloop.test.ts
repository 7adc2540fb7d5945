// Restart back-off on real containerd: a container that keeps exiting 1 under restartPolicy
// Always is restarted at once, then after ≥10 s, then after ≥20 s, and shows CrashLoopBackOff
// with kubelet's message while it waits. (About 40 s: the waits are the point.)
import { afterAll, beforeAll, expect, it } from "vitest";
import { cs, pod, sh, startTestNode, waitForPod, type KubeletTestNode } from "./kubelet-helpers";

let t: KubeletTestNode;
beforeAll(async () => {
  t = await startTestNode("crash");
});
afterAll(async () => {
  await t?.close();
});

/** The wait before attempt n: its start minus the previous attempt's finish, from containerd's own timestamps. */
async function waitBefore(uid: string, n: number): Promise<number> {
  const list = await t.cri.listContainers({ label_selector: { "io.kubernetes.pod.uid": uid } });
  const byAttempt = new Map(list.map((c) => [Number(c.annotations["io.kubernetes.container.restartCount"]), c.id]));
  const cur = (await t.cri.containerStatus(byAttempt.get(n)!)).status!;
  const prev = (await t.cri.containerStatus(byAttempt.get(n - 1)!)).status!;
  return (cur.started_at - prev.finished_at) / 1e9;
}

it("restarts after waits of 0, ≥10 s, ≥20 s with CrashLoopBackOff between", async () => {
  const { pod: created } = await t.node.createPod(pod("crash", { containers: [sh("c", "exit 1")] }));
  const uid = created.metadata.uid!;
  const waits: number[] = [];
  for (const n of [1, 2, 3]) {
    await waitForPod(t.node, "crash", `restart ${n}`, (p) => cs(p, "c").restartCount >= n, 60_000);
    waits.push(await waitBefore(uid, n));
  }
  expect(waits[0]).toBeLessThan(5);
  expect(waits[1]).toBeGreaterThanOrEqual(10);
  expect(waits[1]).toBeLessThan(16);
  expect(waits[2]).toBeGreaterThanOrEqual(20);
  expect(waits[2]).toBeLessThan(26);

  const waiting = t.node
    .history("default", "crash")
    .map((h) => ({ phase: h.status.phase, c: h.status.containerStatuses?.[0] }))
    .filter((x) => x.c?.state?.waiting?.reason === "CrashLoopBackOff");
  const messages = [...new Set(waiting.map((x) => x.c!.state!.waiting!.message))];
  expect(messages).toEqual([
    `back-off 10s restarting failed container=c pod=crash_default(${uid})`,
    `back-off 20s restarting failed container=c pod=crash_default(${uid})`,
  ]);
  for (const x of waiting) {
    expect(x.phase).toBe("Running");
    expect(x.c!.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(x.c!.ready).toBe(false);
  }
  const backoff = t.node.listEvents({ name: "crash" }).find((e) => e.reason === "BackOff")!;
  expect(backoff).toMatchObject({ type: "Warning", message: `Back-off restarting failed container c in pod crash_default(${uid})` });
  expect(backoff.involvedObject.fieldPath).toBe("spec.containers{c}");
  const started = t.node.listEvents({ name: "crash" }).find((e) => e.reason === "Started")!;
  expect(started.count).toBeGreaterThanOrEqual(4);
}, 120_000);
