// The live drain against the real control plane: a server check that changes nothing and shows where dry-run and
// the sequential simulation part ways, kubectl's refusal for a pod without controller, a drain stopped midway,
// a real drain with 429 retries and replacements elsewhere, RBAC and bad input.
import type { Node, Pod, PodDisruptionBudget } from "@podscope/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeError } from "@podscope/core";
import { checkWithServer, DrainRequestError, executeDrain, KubeSource, type DrainProgress } from "../src";
import { appPods, createFixture, deleteFixture, deployWithBudget, settled, type DrainFixture } from "./drain-fixture";
import { adminClient, eventually, kubeconfigPath, limitedKubeconfigPath, sleep } from "./helpers";

const admin = adminClient();
let fx: DrainFixture;
let kube: KubeSource;

const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";
const getNode = (n: string) => admin.request<Node>("GET", `/api/v1/nodes/${n}`);
const getPdb = () => admin.request<PodDisruptionBudget>("GET", `/apis/policy/v1/namespaces/${fx.ns}/poddisruptionbudgets/web`);

beforeAll(async () => {
  fx = await createFixture(admin, kubeconfigPath(), "drain-live");
  await deployWithBudget(admin, fx, 3, 2);
  await settled(admin, fx, { [fx.src]: 3 }, 1);
  // The destination opens only now, so all three replicas started on the source node.
  await admin.request("PATCH", `/api/v1/nodes/${fx.dst}`, {
    body: { spec: { unschedulable: null } },
    contentType: "application/strategic-merge-patch+json",
  });
  kube = new KubeSource({ kubeconfig: kubeconfigPath() }).start();
}, 400_000);

afterAll(async () => {
  await kube?.stop();
  await deleteFixture(admin, fx);
  admin.close();
});

/** The source's caches see what the API server sees (the simulation reads them). */
async function cacheCaughtUp(): Promise<void> {
  const live = await appPods(admin, fx);
  await eventually(
    "watch caches caught up",
    () => {
      const pdb = kube.get<PodDisruptionBudget>("poddisruptionbudgets", "web", fx.ns);
      const cached = kube.list<Pod>("pods").filter((p) => p.metadata.namespace === fx.ns);
      return (
        pdb?.status?.disruptionsAllowed === 1 &&
        kube.get<Node>("nodes", fx.dst)?.spec?.unschedulable !== true &&
        live.every((p) =>
          cached.some((c) => c.metadata.uid === p.metadata.uid && c.metadata.resourceVersion === p.metadata.resourceVersion),
        )
      );
    },
    150_000,
  );
}

describe("checkWithServer", () => {
  it("shows the server allowing every pod while the sequential simulation serialises them — and changes nothing", async () => {
    await cacheCaughtUp();
    const pdbBefore = await getPdb();
    const podsBefore = (await appPods(admin, fx)).map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort();
    const nodeBefore = await getNode(fx.src);

    const r = await checkWithServer(kube, { node: fx.src });

    expect(r.result).toBe("checked");
    expect(r.errors).toEqual([]);
    expect(r.pods).toHaveLength(3);
    expect(r.pods.map((p) => p.server)).toEqual(Array(3).fill({ verdict: "allowed", code: 201, message: "", cause: null }));
    // One budget of 1: in sequence the pods go one at a time, each after the previous one's replacement is Ready.
    const byAttempts = [...r.pods].sort((a, b) => a.simulated.attempts - b.simulated.attempts);
    expect(byAttempts.every((p) => p.simulated.outcome === "evicted" && p.simulated.pdb === `${fx.ns}/web`)).toBe(true);
    expect(byAttempts.map((p) => p.simulated.attempts)).toEqual([1, expect.any(Number), expect.any(Number)]);
    expect(byAttempts[1].simulated.attempts).toBeGreaterThanOrEqual(2);
    const times = byAttempts.map((p) => p.simulated.evictedAt as number);
    expect(times[0]).toBe(0);
    expect(Math.min(times[1], times[2])).toBeGreaterThanOrEqual(5);
    expect(byAttempts.map((p) => p.differs)).toEqual([false, true, true]);
    expect(byAttempts[0].reason).toBeNull();
    for (const p of byAttempts.slice(1)) {
      expect(p.reason).toContain(
        `a dry-run eviction never writes the budget's decrement, so every pod is checked against the same disruptionsAllowed=1 of PDB ${fx.ns}/web`,
      );
      expect(p.reason).toContain(`gets 429 ("${VIOLATES}") until replacements are Ready and goes on attempt ${p.simulated.attempts}`);
    }
    expect(r.simulatedResult).toBe("drained");
    expect(r.summary[0]).toBe("server dry-run: 3 of 3 pods allowed; sequential simulation: drain drained");

    // Nothing changed: the budget (status and resourceVersion), the pods, the node.
    const pdbAfter = await getPdb();
    expect(pdbAfter.metadata.resourceVersion).toBe(pdbBefore.metadata.resourceVersion);
    expect(pdbAfter.status).toEqual(pdbBefore.status);
    expect((await appPods(admin, fx)).map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort()).toEqual(podsBefore);
    const nodeAfter = await getNode(fx.src);
    expect(nodeAfter.spec?.unschedulable).toBeUndefined();
    expect(nodeAfter.spec?.unschedulable).toBe(nodeBefore.spec?.unschedulable);
  }, 200_000);
});

describe("checkWithServer with two budgets over the same pods", () => {
  it("reports the server's 500 verbatim and agrees with the simulation, which fails those pods too", async () => {
    await admin.request("POST", `/apis/policy/v1/namespaces/${fx.ns}/poddisruptionbudgets`, {
      body: {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "web-too", namespace: fx.ns },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: fx.app } } },
      },
    });
    try {
      await eventually("second budget in the cache", () => kube.get("poddisruptionbudgets", "web-too", fx.ns));
      const r = await checkWithServer(kube, { node: fx.src });
      expect(r.pods).toHaveLength(3);
      for (const p of r.pods) {
        expect(p.server).toEqual({
          verdict: "multiple-pdbs",
          code: 500,
          message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
          cause: null,
        });
        expect(p.simulated.outcome).toBe("failed");
        expect(p.differs).toBe(false);
      }
      expect(r.simulatedResult).toBe("failed");
    } finally {
      await admin.request("DELETE", `/apis/policy/v1/namespaces/${fx.ns}/poddisruptionbudgets/web-too`);
      await eventually("second budget gone from the cache", () => !kube.get("poddisruptionbudgets", "web-too", fx.ns));
    }
  }, 120_000);
});

describe("a pod that declares no controller", () => {
  it("is refused without --force, by the check and by the drain (which leaves the node cordoned)", async () => {
    await admin.request("POST", `/api/v1/namespaces/${fx.ns}/pods`, {
      body: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "bare", namespace: fx.ns },
        spec: { nodeName: fx.src, containers: [{ name: "app", image: "localhost/busybox:latest" }] },
      },
    });
    try {
      const error = `cannot delete cannot delete Pods that declare no controller (use --force to override): ${fx.ns}/bare`;
      const c = await checkWithServer(kube, { node: fx.src });
      expect(c).toMatchObject({ result: "refused", errors: [error], pods: [] });

      const r = await executeDrain(kube, { node: fx.src });
      expect(r.result).toBe("refused");
      expect(r.errors).toEqual([error]);
      expect(r.lines.map((l) => l.line)).toEqual([
        `node/${fx.src} cordoned`,
        `error: unable to drain node "${fx.src}" due to error: ${error}, continuing command...`,
        "There are pending nodes to be drained:",
        ` ${fx.src}`,
        error,
      ]);
      expect(r.pods.every((p) => p.outcome === "not-attempted" && p.attempts === 0)).toBe(true);
      expect(r.cordoned).toBe(true);
      expect((await getNode(fx.src)).spec?.unschedulable).toBe(true);
      expect((await appPods(admin, fx)).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(3);
    } finally {
      await admin.request("DELETE", `/api/v1/namespaces/${fx.ns}/pods/bare`, { body: { gracePeriodSeconds: 1 } });
      await kube.uncordon(fx.src);
      await eventually("bare pod gone", () =>
        admin.request("GET", `/api/v1/namespaces/${fx.ns}/pods/bare`).then(
          () => false,
          () => true,
        ),
      );
    }
  }, 60_000);
});

const setUnschedulable = (node: string, on: boolean) =>
  admin.request("PATCH", `/api/v1/nodes/${node}`, {
    body: { spec: { unschedulable: on ? true : null } },
    contentType: "application/strategic-merge-patch+json",
  });

// KWOK makes a replacement Ready within milliseconds, faster than the eviction handler's conflict re-read, so the
// budget could refill before a parallel request is refused. Keeping the destination cordoned while the drain
// starts holds the first replacement Pending: the budget stays used up and the other pods are refused with 429.
describe("executeDrain", () => {
  it("stops when aborted: reports what was done, sends no more evictions, leaves the node cordoned", async () => {
    await settled(admin, fx, { [fx.src]: 3 }, 1);
    await setUnschedulable(fx.dst, true);
    const before = (await appPods(admin, fx)).map((p) => p.metadata.name as string);
    const ctl = new AbortController();
    const events: DrainProgress[] = [];
    let abortedAt = 0;
    const r = await executeDrain(
      kube,
      { node: fx.src },
      {
        signal: ctl.signal,
        onProgress: (e) => {
          events.push(e);
          if (e.type === "event" && e.kind === "retry" && !ctl.signal.aborted) {
            abortedAt = Date.now();
            ctl.abort();
          }
        },
      },
    );
    expect(Date.now() - abortedAt).toBeLessThan(3000);
    expect(r.result).toBe("stopped");
    expect(r.cordoned).toBe(true);
    expect(r.pods.filter((p) => p.outcome === "evicted")).toHaveLength(1);
    const blocked = r.pods.filter((p) => p.outcome === "blocked");
    expect(blocked).toHaveLength(2);
    for (const p of blocked) expect(p).toMatchObject({ attempts: 1, message: VIOLATES, pdb: `${fx.ns}/web` });
    expect(r.lines.at(-1)?.line).toBe(
      `drain of node/${fx.src} stopped: 1 of 3 pods removed; the node stays cordoned (uncordon it to schedule pods there again)`,
    );
    expect(events.at(-1)).toMatchObject({ type: "event", kind: "done", message: "stopped" });
    expect((await getNode(fx.src)).spec?.unschedulable).toBe(true);
    // Past kubectl's 5 s retry, the two blocked pods are still there, untouched.
    await sleep(6000);
    const left = (await appPods(admin, fx)).filter((p) => before.includes(p.metadata.name as string));
    expect(left).toHaveLength(2);
    expect(left.every((p) => !p.metadata.deletionTimestamp && p.spec?.nodeName === fx.src)).toBe(true);
    // Capacity elsewhere first (so the Pending replacement goes there), then what the UI offers next: uncordon.
    await setUnschedulable(fx.dst, false);
    await settled(admin, fx, { [fx.src]: 2, [fx.dst]: 1 }, 1);
    await kube.uncordon(fx.src);
    expect((await getNode(fx.src)).spec?.unschedulable).toBeUndefined();
  }, 400_000);

  it("drains for real: cordon, evictions in parallel, 429 and retry after 5 s, pods recreated on the other node", async () => {
    const victims = (await appPods(admin, fx))
      .filter((p) => p.spec?.nodeName === fx.src)
      .map((p) => p.metadata.name as string)
      .sort();
    await setUnschedulable(fx.dst, true);
    const events: DrainProgress[] = [];
    let opened = false;
    const r = await executeDrain(
      kube,
      { node: fx.src, timeoutSeconds: 240 },
      {
        onProgress: (e) => {
          events.push(e);
          // Capacity arrives after the first refusal: the replacement can start, the budget refills.
          if (e.type === "event" && e.kind === "retry" && !opened) {
            opened = true;
            void setUnschedulable(fx.dst, false);
          }
        },
      },
    );

    expect(r.result).toBe("drained");
    const lines = r.lines.map((l) => l.line);
    expect(lines[0]).toBe(`node/${fx.src} cordoned`);
    expect(lines.at(-1)).toBe(`node/${fx.src} drained`);
    for (const v of victims) {
      expect(lines).toContain(`evicting pod ${fx.ns}/${v}`);
      expect(lines).toContain(`pod/${v} evicted`);
    }
    // With one disruption allowed, one of the two waits for the other's replacement.
    const retries = r.lines.filter((l) => l.stream === "err" && l.line.startsWith("error when evicting"));
    expect(retries).toHaveLength(1);
    const waited = victims.find((v) =>
      retries.some((l) => l.line === `error when evicting pods/"${v}" -n "${fx.ns}" (will retry after 5s): ${VIOLATES}`),
    );
    expect(waited).toBeDefined();
    const report = r.pods.find((p) => p.pod === `${fx.ns}/${waited}`)!;
    expect(report.outcome).toBe("evicted");
    expect(report.attempts).toBeGreaterThanOrEqual(2);
    expect(report.evictedAt).toBeGreaterThanOrEqual(5);
    // The retry line came 5 s before the next "evicting pod" line for the same pod.
    const tries = r.lines.filter((l) => l.line === `evicting pod ${fx.ns}/${waited}`).map((l) => l.t);
    expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(4.9);
    expect(events.some((e) => e.type === "event" && e.kind === "retry" && e.pod === `${fx.ns}/${waited}`)).toBe(true);
    expect(
      events
        .filter((e) => e.type === "event" && e.kind === "evicted")
        .map((e) => (e as { pod: string }).pod)
        .sort(),
    ).toEqual(victims.map((v) => `${fx.ns}/${v}`));

    // The node stays cordoned; the ReplicaSet recreated the pods on the other node.
    expect((await getNode(fx.src)).spec?.unschedulable).toBe(true);
    await settled(admin, fx, { [fx.dst]: 3 }, 1);
  }, 400_000);

  it("--timeout: evictions still refused when it expires end with kubectl's global timeout error", async () => {
    // The source stays cordoned after the drain: the first evicted pod's replacement has nowhere to start.
    const r = await executeDrain(kube, { node: fx.dst, timeoutSeconds: 3 });
    expect(r.result).toBe("timeout");
    expect(r.pods.filter((p) => p.outcome === "evicted")).toHaveLength(1);
    const blocked = r.pods.filter((p) => p.outcome === "blocked");
    expect(blocked).toHaveLength(2);
    const errors = blocked.map((p) => `error when evicting pods/"${p.pod.split("/")[1]}" -n "${fx.ns}": global timeout reached: 3s`);
    const lines = r.lines.map((l) => l.line);
    expect(lines).toEqual(expect.arrayContaining(errors));
    expect(
      lines.some((l) => l.startsWith(`There are pending pods in node "${fx.dst}" when an error occurred: [error when evicting pods/`)),
    ).toBe(true);
    expect(
      lines.some((l) => l.startsWith(`error: unable to drain node "${fx.dst}" due to error: [`) && l.endsWith(", continuing command...")),
    ).toBe(true);
    expect(errors).toContain(lines.at(-1));
    expect((await getNode(fx.dst)).spec?.unschedulable).toBe(true);
  }, 120_000);

  it("--disable-eviction: DELETE every pod at once with its own grace period, bypassing the budget", async () => {
    await kube.uncordon(fx.src);
    await settled(admin, fx, { [fx.src]: 1, [fx.dst]: 2 }, 1);
    const victims = (await appPods(admin, fx))
      .filter((p) => p.spec?.nodeName === fx.dst)
      .map((p) => p.metadata.name as string)
      .sort();
    const r = await executeDrain(kube, { node: fx.dst, disableEviction: true });
    expect(r.result).toBe("drained");
    const lines = r.lines.map((l) => l.line);
    expect(lines[0]).toBe(`node/${fx.dst} already cordoned`);
    // The budget allows one disruption, yet both go: DELETE is not checked against PodDisruptionBudgets.
    expect(lines.filter((l) => l.startsWith("evicting pod") || l.startsWith("error when evicting"))).toEqual([]);
    expect(lines.filter((l) => l.endsWith(" deleted")).sort()).toEqual(victims.map((v) => `pod/${v} deleted`));
    expect(r.pods.map((p) => [p.action, p.outcome, p.attempts])).toEqual([
      ["delete", "deleted", 1],
      ["delete", "deleted", 1],
    ]);
    expect(lines.at(-1)).toBe(`node/${fx.dst} drained`);
    await settled(admin, fx, { [fx.src]: 3 }, 1);
  }, 400_000);
});

describe("RBAC and bad input", () => {
  // The source node is schedulable again here (the --disable-eviction test uncordoned it): nothing may change that.
  it("a user without RBAC gets a 403 naming the verb and the resource, and nothing changes", async () => {
    const limited = new KubeSource({ kubeconfig: limitedKubeconfigPath(), resources: ["pods"] });
    try {
      const e = await executeDrain(limited, { node: fx.src }).catch((x) => x);
      expect(e).toBeInstanceOf(KubeError);
      expect(e.reason).toBe("Forbidden");
      expect(e.message).toBe(
        `cannot drain node "${fx.src}" (reading the node): user "podscope-limited" cannot get nodes "${fx.src}" cluster-wide (context "podscope-limited", 403 Forbidden)`,
      );
      const c = await checkWithServer(limited, { node: fx.src }).catch((x) => x);
      expect(c.message).toBe(
        `user "podscope-limited" cannot get nodes "${fx.src}" cluster-wide (context "podscope-limited", 403 Forbidden)`,
      );
      expect((await getNode(fx.src)).spec?.unschedulable).toBeUndefined();
    } finally {
      await limited.stop();
    }
  });

  it("refuses bad flags and unknown nodes before touching anything", async () => {
    await expect(executeDrain(kube, { node: fx.src, gracePeriodSeconds: 0 })).rejects.toThrow(DrainRequestError);
    await expect(executeDrain(kube, { node: fx.src, gracePeriodSeconds: 0 })).rejects.toThrow(
      /--grace-period 0 would remove the pods' objects immediately/,
    );
    await expect(checkWithServer(kube, { node: fx.src, podSelector: "app in (" })).rejects.toThrow(
      /^invalid value for --pod-selector: .*in selector "app in \("/,
    );
    await expect(executeDrain(kube, { node: fx.src, timeoutSeconds: -1 })).rejects.toThrow(
      "invalid value for --timeout: -1; seconds ≥ 0 are expected (0 waits forever)",
    );
    await expect(executeDrain(kube, { node: "" })).rejects.toThrow("a node name is required");
    await expect(executeDrain(kube, { node: `${fx.id}-nope` })).rejects.toThrow(
      `Error from server (NotFound): nodes "${fx.id}-nope" not found`,
    );
    expect((await getNode(fx.src)).spec?.unschedulable).toBeUndefined();
  });
});
