// The history recorder: pod status transitions and events survive a restart of the source
// (new recorder + new source on the same SQLite file), and events the API server no longer
// has are still returned.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statusSignature, type KubeEvent, type KubeList, type Pod, type PodPhase } from "@podscope/core";
import { HistoryRecorder, KubeSource } from "../src";
import { adminClient, eventually, freshNamespace, kubeconfigPath, podManifest } from "./helpers";

const admin = adminClient();
const dir = mkdtempSync(join(tmpdir(), "podscope-history-"));
const file = join(dir, "history.sqlite");
let ns: string;

beforeAll(async () => {
  ns = await freshNamespace(admin, "history");
});
afterAll(async () => {
  await admin.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  admin.close();
});

describe("history recorder against the real control plane", () => {
  it("keeps a pod's transitions and events across a restart, including events deleted from the API server", async () => {
    const rec1 = new HistoryRecorder({ file });
    const src1 = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["pods", "events"], recorder: rec1 }).start();
    await src1.whenSynced();
    await src1.apply(podManifest(ns, "p"));
    await eventually("pod Running and Ready", () => {
      const p = src1.get<Pod>("pods", "p", ns);
      return p?.status?.phase === "Running" && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    });
    await eventually("Scheduled event recorded", () => rec1.events(src1.context, ns, "p").some((e) => e.reason === "Scheduled"));
    const uid = src1.get<Pod>("pods", "p", ns)!.metadata.uid!;
    const before = rec1.history(src1.context, uid);
    await src1.stop();
    rec1.close();

    // Pending (unscheduled) → scheduled → Running/Ready: at least three distinct statuses, in order.
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.at(-1)!.status!.phase).toBe("Running");
    const times = before.map((r) => r.time);
    expect(times).toEqual([...times].sort());

    // The API server drops events after --event-ttl (1 h); we delete the Scheduled event through
    // the API to simulate that expiry without waiting an hour.
    const list = await admin.request<KubeList<KubeEvent>>("GET", `/api/v1/namespaces/${ns}/events`, {
      query: { fieldSelector: `involvedObject.name=p` },
    });
    const scheduled = list.items.find((e) => e.reason === "Scheduled");
    if (!scheduled) throw new Error(`no Scheduled event among ${list.items.map((e) => e.reason).join(", ")}`);
    await admin.request("DELETE", `/api/v1/namespaces/${ns}/events/${scheduled.metadata.name}`);

    // "Restart": a new recorder and a new source on the same file.
    const rec2 = new HistoryRecorder({ file });
    const src2 = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["pods", "events"], recorder: rec2 }).start();
    try {
      await src2.whenSynced();
      expect(src2.list("events").some((e) => e.metadata.uid === scheduled.metadata.uid)).toBe(false); // the server has forgotten it
      const evs = rec2.events(src2.context, ns, "p");
      const kept = evs.find((e) => e.metadata.uid === scheduled.metadata.uid);
      expect(kept?.reason).toBe("Scheduled");
      expect(kept?.message).toMatch(new RegExp(`^Successfully assigned ${ns}/p to kwok-node-\\d+$`));
      // The same unchanged pod seen again after the restart adds no duplicate row.
      await src2.apply({ ...podManifest(ns, "p"), metadata: { name: "p", namespace: ns, labels: { touched: "yes" } } });
      await eventually("label seen", () => src2.get<Pod>("pods", "p", ns)?.metadata.labels?.touched === "yes");
      rec2.flush();
      expect(rec2.history(src2.context, uid)).toEqual(before);

      // Deleting the pod is recorded as its last transition.
      await src2.deletePod(ns, "p", { gracePeriodSeconds: 0 });
      await eventually("deletion recorded", () => rec2.history(src2.context, uid).at(-1)?.deleted);
    } finally {
      await src2.stop();
      rec2.close();
    }
  });
});

describe("history recorder (file only)", () => {
  const pod = (phase: PodPhase, uid = "u1"): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "x", namespace: "ns", uid, resourceVersion: "1" },
    spec: { containers: [{ name: "c" }] },
    status: { phase },
  });

  it("records transitions only, with the injected clock, and prunes by retention", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const rec = new HistoryRecorder({ file: join(dir, "unit.sqlite"), now: () => now, retentionMs: 3600_000 });
    rec.recordPod("c", pod("Pending"));
    rec.recordPod("c", pod("Pending")); // same status: no new row
    now = new Date("2026-01-01T00:10:00Z");
    rec.recordPod("c", pod("Running"));
    expect(rec.history("c", "u1").map((r) => [r.time, r.status?.phase])).toEqual([
      ["2026-01-01T00:00:00.000Z", "Pending"],
      ["2026-01-01T00:10:00.000Z", "Running"],
    ]);
    now = new Date("2026-01-01T01:05:00Z");
    expect(rec.prune()).toBe(1); // the Pending row is older than 1 h
    expect(rec.history("c", "u1").map((r) => r.status?.phase)).toEqual(["Running"]);
    expect(() => rec.setRetention(0)).toThrow("history retention must be a positive number of milliseconds, got 0");
    rec.close();
  });

  it("treats readiness, restarts and deletion as transitions, resourceVersion alone not", () => {
    const base = pod("Running");
    const sig = statusSignature(base);
    expect(statusSignature({ ...base, metadata: { ...base.metadata, resourceVersion: "99" } })).toBe(sig);
    expect(statusSignature({ ...base, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } })).not.toBe(sig);
    expect(statusSignature({ ...base, metadata: { ...base.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } })).not.toBe(sig);
  });

  it("rebuilds the pods alive at T with the status recorded then (time travel)", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const rec = new HistoryRecorder({ file: join(dir, "at.sqlite"), now: () => now });
    const crash = (restarts: number, waiting: boolean): Pod => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "crash", namespace: "ns", uid: "c1", creationTimestamp: "2026-01-01T00:00:00Z" },
      spec: { containers: [{ name: "c" }], nodeName: "n" },
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "c",
            image: "",
            imageID: "",
            ready: false,
            restartCount: restarts,
            state: waiting ? { waiting: { reason: "CrashLoopBackOff" } } : { running: { startedAt: now.toISOString() } },
          },
        ],
      },
    });
    rec.recordPod("c", crash(0, false));
    now = new Date("2026-01-01T00:01:00Z");
    rec.recordPod("c", crash(3, true));
    now = new Date("2026-01-01T00:02:00Z");
    rec.recordPod("c", crash(4, false));
    now = new Date("2026-01-01T00:03:00Z");
    rec.recordPod("c", crash(4, false), true);
    const at = (t: string) => rec.podsAt("c", Date.parse(t));
    const cs = (t: string) =>
      at(t).pods.map((p) => [
        p.status?.containerStatuses?.[0].restartCount,
        p.status?.containerStatuses?.[0].state?.waiting?.reason ?? "running",
      ]);
    expect(cs("2026-01-01T00:01:30Z")).toEqual([[3, "CrashLoopBackOff"]]);
    expect(cs("2026-01-01T00:02:30Z")).toEqual([[4, "running"]]);
    expect(cs("2026-01-01T00:03:30Z")).toEqual([]); // deleted by then
    expect(at("2026-01-01T00:01:30Z").since).toBe("2026-01-01T00:00:00.000Z");
    rec.close();
  });
});
