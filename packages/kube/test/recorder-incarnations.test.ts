// Identity by UID on a real control plane: the same name created (server-side apply), deleted and
// re-created three times with different specs is three incarnations, each with only its own
// history and events; the one deleted while the recorder was stopped is found deleted on restart.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { HistoryRecorder, KubeSource } from "../src";
import { adminClient, eventually, freshNamespace, kubeconfigPath, podManifest } from "./helpers";

const admin = adminClient();
const file = join(mkdtempSync(join(tmpdir(), "podscope-incarnations-")), "history.sqlite");
let ns: string;

beforeAll(async () => {
  ns = await freshNamespace(admin, "incarnations");
});
afterAll(async () => {
  await admin.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  admin.close();
});

/** The pod "inc" with one container named after its generation, so each incarnation's spec differs. */
const manifest = (gen: string) => {
  const m = podManifest(ns, "inc", { gen });
  m.spec.containers[0].name = `app-${gen}`;
  return m;
};

async function createRunning(src: KubeSource, gen: string): Promise<string> {
  await src.apply(manifest(gen));
  const p = await eventually(`inc (${gen}) Running`, () => {
    const p = src.get<Pod>("pods", "inc", ns);
    return p?.metadata.labels?.gen === gen && p.status?.phase === "Running" ? p : undefined;
  });
  return p.metadata.uid!;
}

describe("recorder: pod incarnations by UID", () => {
  it("keeps three incarnations of one name apart, across a recorder restart", async () => {
    const rec1 = new HistoryRecorder({ file });
    const src1 = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["pods", "events"], recorder: rec1 }).start();
    await src1.whenSynced();
    const ctx = src1.context;
    const uid1 = await createRunning(src1, "one");
    await eventually("Scheduled of one", () =>
      rec1.podEvents(ctx, { namespace: ns, name: "inc", uid: uid1 }).some((e) => e.reason === "Scheduled"),
    );
    await src1.deletePod(ns, "inc", { gracePeriodSeconds: 0 });
    await eventually("one recorded deleted", () => rec1.pod(ctx, uid1)?.deletedAt);
    const uid2 = await createRunning(src1, "two");
    await eventually("Scheduled of two", () =>
      rec1.podEvents(ctx, { namespace: ns, name: "inc", uid: uid2 }).some((e) => e.reason === "Scheduled"),
    );
    await src1.stop();
    rec1.close();

    // Deleted while nobody watches: no DELETED event will ever reach the recorder.
    await admin.request("DELETE", `/api/v1/namespaces/${ns}/pods/inc`, { query: { gracePeriodSeconds: "0" } });
    await eventually("two gone from the API server", () =>
      admin.request("GET", `/api/v1/namespaces/${ns}/pods/inc`).then(
        () => false,
        () => true,
      ),
    );

    const rec2 = new HistoryRecorder({ file });
    const src2 = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["pods", "events"], recorder: rec2 }).start();
    try {
      await src2.whenSynced();
      await eventually("two found deleted after the restart's LIST", () => rec2.pod(ctx, uid2)?.deletedAt);
      const uid3 = await createRunning(src2, "three");
      await eventually("Scheduled of three", () =>
        rec2.podEvents(ctx, { namespace: ns, name: "inc", uid: uid3 }).some((e) => e.reason === "Scheduled"),
      );

      const incs = rec2.incarnations(ctx, ns, "inc");
      expect(incs.map((i) => i.uid)).toEqual([uid1, uid2, uid3]);
      expect(incs.map((i) => !!i.deletedAt)).toEqual([true, true, false]);
      // Each incarnation's last object is its own spec.
      expect(incs.map((i) => i.pod.spec.containers[0].name)).toEqual(["app-one", "app-two", "app-three"]);

      const deleted = rec2.deletedPods(ctx).filter((d) => d.namespace === ns);
      expect(deleted.map((d) => d.uid)).toEqual([uid2, uid1]); // most recently deleted first
      for (const d of deleted) expect(d.pod.metadata.deletionTimestamp).toBeTruthy();

      for (const [uid, gen] of [
        [uid1, "one"],
        [uid2, "two"],
        [uid3, "three"],
      ] as const) {
        const h = rec2.history(ctx, uid);
        expect(h.length).toBeGreaterThan(0);
        expect(h.every((r) => r.uid === uid)).toBe(true);
        expect(h.some((r) => r.status?.phase === "Running")).toBe(true);
        const evs = rec2.podEvents(ctx, { namespace: ns, name: "inc", uid });
        expect(evs.filter((e) => e.reason === "Scheduled")).toHaveLength(1);
        expect(evs.every((e) => !e.involvedObject.uid || e.involvedObject.uid === uid)).toBe(true);
        expect(rec2.pod(ctx, uid)?.pod.metadata.labels?.gen).toBe(gen);
      }
      expect(rec2.history(ctx, uid1).at(-1)?.deleted).toBe(true);
      expect(rec2.history(ctx, uid2).at(-1)?.deleted).toBe(true);
      // By name alone, the three lives mix: that is what selecting by UID prevents.
      expect(rec2.events(ctx, ns, "inc", "Pod").filter((e) => e.reason === "Scheduled").length).toBe(3);
    } finally {
      await src2.stop();
      rec2.close();
    }
  });
});
