// Time travel for events and nodes in the history recorder, on a real SQLite file: an event that kept
// repeating after T is read back with its count and last time at T (hidden before it happened), and a
// node's conditions, allocatable, taints and cordon as they were at T — across a reopen of the file.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { KubeEvent, Node } from "@podscope/core";
import { HistoryRecorder, KubeSource } from "../src";
import { eventually, kubeconfigPath } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "podscope-history-at-"));
const T0 = Date.parse("2026-01-01T10:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
const pod = { namespace: "ns", name: "crash", uid: "p1" };

/** The BackOff event of a crash-looping pod after its n-th repetition, n minutes after T0. */
function backoff(n: number): KubeEvent {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "crash.1", namespace: "ns", uid: "ev-backoff", creationTimestamp: iso(T0) },
    involvedObject: { kind: "Pod", namespace: "ns", name: "crash", uid: "p1" },
    reason: "BackOff",
    message: "Back-off restarting failed container app",
    type: "Warning",
    count: n,
    firstTimestamp: iso(T0),
    lastTimestamp: iso(T0 + (n - 1) * 60_000),
  };
}

function node(ready: "True" | "False", opts: { cordoned?: boolean; cpu?: string; beat: number }): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "node-1", uid: "n1", creationTimestamp: iso(T0 - 3600_000) },
    spec: {
      podCIDR: "10.244.1.0/24",
      ...(opts.cordoned ? { unschedulable: true, taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] } : {}),
    },
    status: {
      allocatable: { cpu: opts.cpu ?? "4", memory: "8Gi" },
      conditions: [{ type: "Ready", status: ready, lastHeartbeatTime: iso(opts.beat), lastTransitionTime: iso(T0) }],
    },
  };
}

describe("recorder: events and nodes at T", () => {
  it("an event repeating after T shows its count and last time at T; one not yet happened is hidden", () => {
    const file = join(dir, "events.sqlite");
    let now = T0;
    const rec = new HistoryRecorder({ file, now: () => new Date(now), pruneEveryMs: 0 });
    for (let n = 1; n <= 10; n++) {
      now = T0 + (n - 1) * 60_000 + 500;
      rec.recordEvent("ctx", backoff(n));
      rec.recordEvent("ctx", backoff(n)); // the same version again (a resync): no new row
    }
    const later: KubeEvent = { ...backoff(1), metadata: { ...backoff(1).metadata, uid: "ev-killing" }, reason: "Killing" };
    later.firstTimestamp = later.lastTimestamp = iso(T0 + 8 * 60_000);
    now = T0 + 8 * 60_000 + 100;
    rec.recordEvent("ctx", later);
    rec.flush();

    const at = (t: number) => rec.eventsAt("ctx", t, pod);
    expect(at(T0 - 1)).toEqual([]);
    const t3 = at(T0 + 3 * 60_000 + 10_000);
    expect(t3.map((e) => [e.reason, e.count, e.lastTimestamp])).toEqual([["BackOff", 4, iso(T0 + 3 * 60_000)]]);
    expect(at(T0 + 20 * 60_000).map((e) => [e.reason, e.count])).toEqual([
      ["Killing", 1],
      ["BackOff", 10],
    ]);
    // Before Killing happened: the BackOff alone, at its 8th repetition.
    expect(at(T0 + 7 * 60_000 + 30_000).map((e) => [e.reason, e.count])).toEqual([["BackOff", 8]]);
    // The whole context (the Events page) reads the same.
    expect(rec.eventsAt("ctx", T0 + 30_000).map((e) => e.count)).toEqual([1]);
    // The latest object is unchanged for the live views.
    expect(rec.podEvents("ctx", pod).find((e) => e.reason === "BackOff")?.count).toBe(10);
    rec.close();

    // One row per version, none for the repeated sighting; read the same after reopening.
    const db = new Database(file, { readonly: true });
    expect((db.prepare(`SELECT COUNT(*) AS n FROM event_versions WHERE uid = 'ev-backoff'`).get() as { n: number }).n).toBe(10);
    db.close();
    const again = new HistoryRecorder({ file, now: () => new Date(now), pruneEveryMs: 0 });
    again.recordEvent("ctx", backoff(10)); // after a restart, an unchanged event is still no new version
    again.flush();
    expect(again.eventsAt("ctx", T0 + 5 * 60_000 + 1, pod)[0].count).toBe(6);
    again.close();
    const db2 = new Database(file, { readonly: true });
    expect((db2.prepare(`SELECT COUNT(*) AS n FROM event_versions WHERE uid = 'ev-backoff'`).get() as { n: number }).n).toBe(10);
    db2.close();
  });

  it("records a node's state changes (not its heartbeats) and rebuilds it at T", () => {
    const file = join(dir, "nodes.sqlite");
    let now = T0;
    const rec = new HistoryRecorder({ file, now: () => new Date(now), pruneEveryMs: 0 });
    rec.recordNode("ctx", node("True", { beat: T0 }));
    for (let i = 1; i <= 5; i++) {
      now = T0 + i * 10_000;
      rec.recordNode("ctx", node("True", { beat: now })); // heartbeats only
    }
    now = T0 + 10 * 60_000;
    rec.recordNode("ctx", node("False", { beat: now, cordoned: true, cpu: "3" }));
    now = T0 + 20 * 60_000;
    rec.recordNode("ctx", node("False", { beat: now, cordoned: true, cpu: "3" }), true);
    rec.flush();

    expect(rec.nodesAt("ctx", T0 - 1)).toEqual({ nodes: [], since: new Date(T0).toISOString() });
    const before = rec.nodesAt("ctx", T0 + 5 * 60_000).nodes;
    expect(before.map((n) => [n.status?.conditions?.[0].status, n.spec?.unschedulable ?? false, n.status?.allocatable?.cpu])).toEqual([
      ["True", false, "4"],
    ]);
    expect(before[0].spec?.taints).toBeUndefined();
    const during = rec.nodesAt("ctx", T0 + 15 * 60_000).nodes;
    expect(
      during.map((n) => [n.status?.conditions?.[0].status, n.spec?.unschedulable, n.status?.allocatable?.cpu, n.spec?.taints?.length]),
    ).toEqual([["False", true, "3", 1]]);
    expect(rec.nodesAt("ctx", T0 + 21 * 60_000).nodes).toEqual([]);
    rec.close();

    const db = new Database(file, { readonly: true });
    expect((db.prepare(`SELECT COUNT(*) AS n FROM node_state`).get() as { n: number }).n).toBe(3);
    db.close();
  });

  it("pruning keeps a node's last state, however old", () => {
    const file = join(dir, "prune.sqlite");
    let now = T0;
    const rec = new HistoryRecorder({ file, now: () => new Date(now), pruneEveryMs: 0, retentionMs: 3600_000 });
    rec.recordNode("ctx", node("True", { beat: T0 }));
    now = T0 + 60_000;
    rec.recordNode("ctx", node("False", { beat: now }));
    now = T0 + 5 * 3600_000;
    rec.prune();
    const r = rec.nodesAt("ctx", now);
    expect(r.nodes.map((n) => n.status?.conditions?.[0].status)).toEqual(["False"]);
    expect(r.since).toBe(new Date(T0 + 60_000).toISOString());
    rec.close();
  });

  it("a KubeSource records the cluster's nodes as it watches them (real control plane, read-only)", async () => {
    const rec = new HistoryRecorder({ file: join(dir, "cluster.sqlite"), pruneEveryMs: 0 });
    const src = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["nodes"], recorder: rec }).start();
    try {
      await src.whenSynced();
      const live = src
        .list<Node>("nodes")
        .map((n) => n.metadata.name)
        .sort();
      expect(live.length).toBeGreaterThan(0);
      const at = await eventually("nodes recorded", () => {
        const r = rec.nodesAt(src.context, Date.now());
        return r.nodes.length === live.length ? r : undefined;
      });
      expect(at.nodes.map((n) => n.metadata.name).sort()).toEqual(live);
      expect(at.nodes.every((n) => n.status?.conditions?.some((c) => c.type === "Ready") ?? false)).toBe(true);
      // Before the recorder first saw them, their state is unknown: none shown, and since says from when.
      expect(rec.nodesAt(src.context, Date.parse(at.since!) - 1).nodes).toEqual([]);
    } finally {
      await src.stop();
      rec.close();
    }
  });
});
