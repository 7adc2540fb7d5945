// How the history recorder stores statuses: each change as a difference from a base status of the
// same incarnation (read back exactly as recorded, bases pruned with the rows that name them), and
// files written before that format (whole statuses as JSON text) read as before and appended to.
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { statusSignature, type Pod } from "@podscope/core";
import { HistoryRecorder } from "../src";

const dir = mkdtempSync(join(tmpdir(), "podscope-history-storage-"));
const digest = (c: string) => `registry.example.com/${c}@sha256:${createHash("sha256").update(c).digest("hex")}`;

/** A crash-looping pod of realistic size: two containers with digests and container IDs, four conditions. */
function crashPod(restarts: number, waiting: boolean, at: string): Pod {
  // As kubelet writes them: a condition's time moves only when it changes.
  const cond = (type: string, status: string, since = at) => ({ type, status, lastTransitionTime: since });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "crash",
      namespace: "ns",
      uid: "u-crash",
      creationTimestamp: "2026-01-01T00:00:00Z",
      resourceVersion: String(restarts),
    },
    spec: { nodeName: "node-1", containers: [{ name: "app" }, { name: "proxy" }] },
    status: {
      phase: "Running",
      conditions: [
        cond("PodScheduled", "True", "2026-01-01T00:00:00Z"),
        cond("Initialized", "True", "2026-01-01T00:00:00Z"),
        cond("ContainersReady", waiting ? "False" : "True"),
        cond("Ready", waiting ? "False" : "True"),
      ],
      hostIP: "10.0.0.1",
      podIP: "10.244.0.17",
      startTime: "2026-01-01T00:00:00Z",
      qosClass: "Burstable",
      containerStatuses: [
        {
          name: "app",
          image: "registry.example.com/app:1",
          imageID: digest("app"),
          containerID: `containerd://${createHash("sha256").update(`app${restarts}`).digest("hex")}`,
          ready: !waiting,
          restartCount: restarts,
          state: waiting
            ? { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app pod=crash_ns(u-crash)" } }
            : { running: { startedAt: at } },
          ...(restarts > 0 ? { lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: at } } } : {}),
        },
        {
          name: "proxy",
          image: "registry.example.com/proxy:1",
          imageID: digest("proxy"),
          containerID: `containerd://${createHash("sha256").update("proxy").digest("hex")}`,
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
        },
      ],
    } as Pod["status"],
  };
}

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const iso = (minute: number) => new Date(Date.parse("2026-01-01T00:00:00Z") + minute * 60_000).toISOString();

describe("history recorder storage", () => {
  it("stores each change as a difference from a base and reads back exactly what was recorded", () => {
    const file = join(dir, "diff.sqlite");
    let now = new Date(iso(0));
    const rec = new HistoryRecorder({ file, now: () => now, retentionMs: 3600_000, pruneEveryMs: 0 });
    const recorded: Pod[] = [];
    for (let m = 0; m < 20; m++) {
      now = new Date(iso(m));
      const p = crashPod(Math.floor(m / 2), m % 2 === 1, iso(m));
      recorded.push(p);
      rec.recordPod("c", p);
    }
    const history = rec.history("c", "u-crash");
    expect(history.map((h) => h.time)).toEqual(recorded.map((_, m) => iso(m)));
    // The very JSON recorded: values and key order.
    expect(history.map((h) => JSON.stringify(h.status))).toEqual(recorded.map((p) => JSON.stringify(p.status)));
    for (const m of [0, 7, 12, 19]) {
      const [at] = rec.podsAt("c", Date.parse(iso(m)) + 30_000).pods;
      expect(at.status).toEqual(json(recorded[m].status));
    }

    const db = new Database(file, { readonly: true });
    const rows = db.prepare(`SELECT typeof(status) AS type, LENGTH(status) AS size FROM pod_status`).all() as {
      type: string;
      size: number;
    }[];
    const bases = (db.prepare(`SELECT COUNT(*) AS n FROM status_base`).get() as { n: number }).n;
    db.close();
    expect(rows.every((r) => r.type === "blob")).toBe(true);
    expect(bases).toBe(1); // alternating running / back-off statuses share one base
    const whole = recorded.reduce((n, p) => n + JSON.stringify(p.status).length, 0);
    const stored = rows.reduce((n, r) => n + r.size, 0);
    expect(stored).toBeLessThan(whole / 2);

    // Pruning keeps the base the remaining rows need, and drops it with the pod's last row.
    now = new Date(Date.parse(iso(10)) + 3600_000);
    expect(rec.prune()).toBe(10);
    expect(rec.history("c", "u-crash").map((h) => JSON.stringify(h.status))).toEqual(
      recorded.slice(10).map((p) => JSON.stringify(p.status)),
    );
    now = new Date(Date.parse(iso(30)) + 3600_000);
    expect(rec.prune()).toBe(10);
    rec.close();
    const after = new Database(file, { readonly: true });
    expect((after.prepare(`SELECT COUNT(*) AS n FROM status_base`).get() as { n: number }).n).toBe(0);
    after.close();
  });

  it("takes a new base when a status has little in common with the old one", () => {
    const rec = new HistoryRecorder({ file: join(dir, "rebase.sqlite"), now: () => new Date(iso(0)), pruneEveryMs: 0 });
    const pending: Pod = { ...crashPod(0, false, iso(0)), status: { phase: "Pending", qosClass: "Burstable" } };
    rec.recordPod("c", pending);
    const running = crashPod(0, false, iso(1));
    rec.recordPod("c", running);
    rec.recordPod("c", crashPod(1, true, iso(2)));
    expect(rec.history("c", "u-crash").map((h) => h.status)).toEqual([
      pending.status,
      json(running.status),
      json(crashPod(1, true, iso(2)).status),
    ]);
    // The deleted pod's last object is the DELETED one, status and all; the file keeps the object without it.
    const gone = crashPod(1, true, iso(3));
    gone.metadata.deletionTimestamp = iso(3);
    rec.recordPod("c", gone, true);
    expect(rec.pod("c", "u-crash")?.pod).toEqual(json(gone));
    expect(rec.pod("c", "u-crash")?.deletedAt).toBe(iso(0));
    rec.close();
    const db = new Database(join(dir, "rebase.sqlite"), { readonly: true });
    expect((db.prepare(`SELECT COUNT(*) AS n FROM status_base`).get() as { n: number }).n).toBe(2);
    expect(JSON.parse((db.prepare(`SELECT object FROM pods`).get() as { object: string }).object)).not.toHaveProperty("status");
    db.close();
  });

  it("reads a file of the previous format (whole statuses as JSON text) and appends to it", () => {
    const file = join(dir, "v1.sqlite");
    const old = [crashPod(0, false, iso(0)), crashPod(1, true, iso(1))];
    const v1 = new Database(file);
    // The layout podscope wrote before statuses were stored as differences (user_version 1).
    v1.exec(`
      CREATE TABLE pod_status (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        context TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, uid TEXT NOT NULL,
        time TEXT NOT NULL, time_ms INTEGER NOT NULL, resource_version TEXT,
        signature TEXT NOT NULL, status TEXT, deletion_timestamp TEXT, node_name TEXT, deleted INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX pod_status_by_pod ON pod_status (context, namespace, name, id);
      CREATE INDEX pod_status_by_uid ON pod_status (context, uid, id);
      CREATE INDEX pod_status_by_uid_time ON pod_status (context, uid, time_ms);
      CREATE INDEX pod_status_by_time ON pod_status (time_ms);
      CREATE TABLE events (
        context TEXT NOT NULL, uid TEXT NOT NULL,
        namespace TEXT, involved_kind TEXT, involved_namespace TEXT, involved_name TEXT, involved_uid TEXT,
        last_time TEXT, seen_ms INTEGER NOT NULL, deleted_ms INTEGER, event TEXT NOT NULL,
        PRIMARY KEY (context, uid)
      );
      CREATE TABLE pods (
        context TEXT NOT NULL, uid TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        object TEXT, first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, deleted_ms INTEGER,
        PRIMARY KEY (context, uid)
      );
      PRAGMA user_version = 1;
    `);
    const insert = v1.prepare(
      `INSERT INTO pod_status (context, namespace, name, uid, time, time_ms, resource_version, signature, status, node_name)
       VALUES ('c', 'ns', 'crash', 'u-crash', ?, ?, '1', ?, ?, 'node-1')`,
    );
    old.forEach((p, m) =>
      insert.run(iso(m), Date.parse(iso(m)), createHash("sha1").update(statusSignature(p)).digest("base64"), JSON.stringify(p.status)),
    );
    v1.prepare(`INSERT INTO pods VALUES ('c', 'u-crash', 'ns', 'crash', ?, ?, ?, NULL)`).run(
      JSON.stringify(old[1]),
      Date.parse(iso(0)),
      Date.parse(iso(1)),
    );
    v1.close();

    let now = new Date(iso(2));
    const open = () => new HistoryRecorder({ file, now: () => now, pruneEveryMs: 0, retentionMs: 30 * 24 * 3600_000 });
    let rec = open();
    expect(rec.history("c", "u-crash").map((h) => [h.time, h.status])).toEqual(old.map((p, m) => [iso(m), p.status]));
    rec.recordPod("c", old[1]); // the status the old file ends with: no new row
    expect(rec.history("c", "u-crash")).toHaveLength(2);
    const next = crashPod(1, false, iso(2));
    rec.recordPod("c", next);
    rec.close();

    now = new Date(iso(3));
    rec = open();
    expect(rec.history("c", "u-crash").map((h) => [h.time, JSON.stringify(h.status)])).toEqual(
      [...old, next].map((p, m) => [iso(m), JSON.stringify(p.status)]),
    );
    const at = (m: number) => rec.podsAt("c", Date.parse(iso(m)) + 30_000).pods.map((p) => p.status);
    expect([at(0), at(1), at(2)]).toEqual([[old[0].status], [old[1].status], [json(next.status)]]);
    expect(rec.pod("c", "u-crash")?.pod.status).toEqual(json(next.status));
    rec.close();
  });

  it("reads a file written before the pods table (its pods rebuilt from their last status)", () => {
    const file = join(dir, "v0.sqlite");
    const v0 = new Database(file);
    v0.exec(`
      CREATE TABLE pod_status (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        context TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, uid TEXT NOT NULL,
        time TEXT NOT NULL, time_ms INTEGER NOT NULL, resource_version TEXT,
        signature TEXT NOT NULL, status TEXT, deletion_timestamp TEXT, node_name TEXT, deleted INTEGER NOT NULL DEFAULT 0
      );
    `);
    const p = crashPod(2, true, iso(0));
    v0.prepare(
      `INSERT INTO pod_status (context, namespace, name, uid, time, time_ms, signature, status, node_name) VALUES ('c', 'ns', 'crash', 'u-crash', ?, ?, 'x', ?, 'node-1')`,
    ).run(iso(0), Date.parse(iso(0)), JSON.stringify(p.status));
    v0.close();
    const rec = new HistoryRecorder({ file, now: () => new Date(iso(1)), pruneEveryMs: 0 });
    const [pod] = rec.podsAt("c", Date.parse(iso(0)) + 1000).pods;
    expect(pod.metadata.name).toBe("crash");
    expect(pod.spec?.nodeName).toBe("node-1");
    expect(pod.status).toEqual(p.status);
    rec.close();
  });
});
