// kube-apiserver killed and restarted under running watches: the source reconnects (with
// back-off), and afterwards its cache equals a fresh LIST — nothing lost, nothing stale.
// Then 410 Gone forced by etcd compaction: the source must relist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKubeError } from "@podscope/core";
import { KubeSource, type SyncState } from "../src";
import { adminClient, controlplane, eventually, freshList, freshNamespace, kubeconfigPath, podManifest } from "./helpers";

const admin = adminClient();
let ns: string;

beforeAll(async () => {
  ns = await freshNamespace(admin, "restart");
});
afterAll(async () => {
  await admin.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  admin.close();
});

function cacheOf(src: KubeSource, resource: "pods" | "nodes"): Map<string, string> {
  return new Map(
    src
      .list(resource)
      .map((o) => [
        o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name as string),
        o.metadata.resourceVersion as string,
      ]),
  );
}

async function createPods(prefix: string, n: number) {
  for (let i = 0; i < n; i++) await admin.request("POST", `/api/v1/namespaces/${ns}/pods`, { body: podManifest(ns, `${prefix}-${i}`) });
}

describe("kube-apiserver restart during watches", () => {
  it("reconnects and converges to a fresh LIST", async () => {
    const src = new KubeSource({
      kubeconfig: kubeconfigPath(),
      resources: ["pods", "nodes"],
      backoffBaseMs: 300,
      backoffMaxMs: 3000,
    }).start();
    try {
      await src.whenSynced();
      await createPods("before", 5);
      await eventually("5 pods seen", () => src.list("pods").filter((p) => p.metadata.namespace === ns).length === 5);

      const states: SyncState[] = [];
      src.subscribe("pods", (e) => e.type === "STATE" && states.push(e.state));
      controlplane("stop-apiserver");
      await eventually("pods watch in error while the API server is down", () => states.some((s) => s.state === "error"), 30_000);
      controlplane("start-apiserver");
      // Changes right after the restart, racing the source's reconnect.
      await createPods("after", 5);
      for (let i = 0; i < 3; i++)
        await admin.request("DELETE", `/api/v1/namespaces/${ns}/pods/before-${i}`, { body: { gracePeriodSeconds: 0 } });

      await eventually("pods state synced again", () => src.syncStates().every((s) => s.state === "synced"), 60_000).catch((e) => {
        throw new Error(`${e.message}; states: ${JSON.stringify(src.syncStates())}`);
      });
      // Let KWOK finish its status updates, then compare with what a fresh LIST says. Compared in
      // this test's namespace: on a shared sandbox other users' pods keep changing, so a
      // cluster-wide snapshot may never match a cache that is a few milliseconds behind.
      const want = await eventually(
        "cache equals a fresh LIST",
        async () => {
          const fresh = await freshList(admin, `/api/v1/namespaces/${ns}/pods`);
          const cached = new Map([...cacheOf(src, "pods")].filter(([k]) => k.startsWith(`${ns}/`)));
          return JSON.stringify([...fresh].sort()) === JSON.stringify([...cached].sort()) ? fresh : undefined;
        },
        60_000,
        500,
      );
      expect([...want.keys()].filter((k) => k.startsWith(`${ns}/`)).sort()).toEqual(
        [`${ns}/after-0`, `${ns}/after-1`, `${ns}/after-2`, `${ns}/after-3`, `${ns}/after-4`, `${ns}/before-3`, `${ns}/before-4`].sort(),
      );
      // Nodes get heartbeats, so the two may differ for an instant: they must meet.
      await eventually(
        "node cache equals a fresh LIST",
        async () =>
          JSON.stringify([...cacheOf(src, "nodes")].sort()) === JSON.stringify([...(await freshList(admin, "/api/v1/nodes"))].sort()),
      );
    } finally {
      await src.stop();
    }
  });
});

describe("410 Gone", () => {
  it("a watch from a compacted resourceVersion gets 410 and the source relists", async () => {
    // A long back-off keeps the source away while the cluster moves on without it.
    const src = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["pods"], backoffBaseMs: 20_000, backoffMaxMs: 20_000 }).start();
    try {
      await src.whenSynced();
      const oldRv = src.syncStates()[0].resourceVersion as string;
      expect(oldRv).toMatch(/^\d+$/);
      const relistsBefore = src.syncStates()[0].relists;

      controlplane("stop-apiserver");
      await eventually("source saw the outage", () => src.syncStates()[0].state === "error", 30_000);
      controlplane("start-apiserver");
      await createPods("gone", 3);
      // Restart once more so the API server's watch cache starts after those writes, and compact
      // etcd so not even storage still has the revisions in between: the history is gone.
      controlplane("restart-apiserver");
      const compactedTo = Number(controlplane("compact").trim());
      expect(compactedTo).toBeGreaterThan(Number(oldRv));

      // The server itself now refuses the old resourceVersion (the fact the source must handle):
      // either as HTTP 410 or as an ERROR event carrying a 410 Status, depending on where it notices.
      const events: { type?: string; object?: { code?: number } }[] = [];
      const ac = new AbortController();
      const failure = await admin
        .stream(
          "/api/v1/pods",
          { query: { watch: 1, resourceVersion: oldRv } },
          (e) => {
            events.push(e as (typeof events)[number]);
            ac.abort();
          },
          ac.signal,
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      const goneCode = events[0]?.type === "ERROR" ? events[0].object?.code : isKubeError(failure) ? failure.code : undefined;
      expect(goneCode).toBe(410);
      expect(src.syncStates()[0].state).toBe("error"); // still away: the relist below is the source's own

      await eventually(
        "source relisted after 410",
        () => src.syncStates()[0].relists > relistsBefore && src.syncStates()[0].state === "synced",
        60_000,
      );
      await eventually("relisted cache has the pods created while away", () =>
        ["gone-0", "gone-1", "gone-2"].every((n) => src.get("pods", n, ns)),
      );
      expect(BigInt(src.syncStates()[0].resourceVersion as string)).toBeGreaterThanOrEqual(BigInt(compactedTo));
      await eventually(
        "cache equals a fresh LIST (this namespace)",
        async () =>
          JSON.stringify([...(await freshList(admin, `/api/v1/namespaces/${ns}/pods`))].sort()) ===
          JSON.stringify([...cacheOf(src, "pods")].filter(([k]) => k.startsWith(`${ns}/`)).sort()),
      );
    } finally {
      await src.stop();
    }
  });
});
