// Benchmark: time travel on a big source — a day of recorded history of 1,000 nodes / 30,000 pods,
// generated synthetically through the recorder's own write API (recordPod with its clock moved
// forward, so rows, signatures and batching are exactly what a live watch produces), then
// `podsAt(T)` (one SQL query + core's podAtTime per pod) timed at the start, middle and end of the
// day, and the file size per hour recorded. Figures are printed, never asserted (goal: ≤ 1 s).
// Before/after for storage: the same history is also written in the layout used before statuses were
// stored as differences from a base (whole status JSON per row, the indexes of then), and both sizes
// are printed with their ratio.
// Sizes: PODSCOPE_BENCH_NODES (default 1000), PODSCOPE_BENCH_PODS (default 30000),
// PODSCOPE_BENCH_HOURS (default 24).
import { mkdtempSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod } from "@podscope/core";
import Database from "better-sqlite3";
import { HistoryRecorder } from "../src/recorder";

const NODES = Number(process.env.PODSCOPE_BENCH_NODES ?? 1000);
const PODS = Number(process.env.PODSCOPE_BENCH_PODS ?? 30000);
const HOURS = Number(process.env.PODSCOPE_BENCH_HOURS ?? 24);
const CRASHLOOPING = Math.round(PODS / 100); // a few hundred at 30,000
const CHURN = Math.round(PODS / 10); // pods deleted and re-created (new UID) during the day
const CONTEXT = "bench";
const T0 = Date.parse("2025-03-01T00:00:00Z");
const DAY = HOURS * 3600_000;
const RUNS = 5;

// Deterministic pseudo-random numbers (mulberry32), so two runs write the same history.
let seed = 42;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

type Phase = "pending" | "scheduled" | "creating" | "running" | "notready" | "restarted" | "crashloop" | "terminating";

interface Incarnation {
  name: string;
  namespace: string;
  uid: string;
  node: string;
  created: number;
  restarts: number;
}

let uidCounter = 0;
function incarnation(i: number, created: number): Incarnation {
  const uid = `00000000-0000-4000-8000-${(uidCounter++).toString(16).padStart(12, "0")}`;
  return { name: `app-${i}-${uid.slice(-5)}`, namespace: `team-${i % 50}`, uid, node: `node-${i % NODES}`, created, restarts: 0 };
}

/** A pod object of realistic size (labels, owner, two containers with resources, conditions, container statuses). */
function podOf(p: Incarnation, phase: Phase, at: number): Pod {
  const ready = phase === "running" || phase === "restarted";
  const started = phase !== "pending" && phase !== "scheduled";
  const cond = (type: string, status: boolean) => ({ type, status: status ? "True" : "False", lastTransitionTime: iso(at) });
  const appState =
    phase === "crashloop"
      ? {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off 5m0s restarting failed container=app pod=${p.name}_${p.namespace}(${p.uid})`,
          },
        }
      : phase === "creating"
        ? { waiting: { reason: "ContainerCreating" } }
        : { running: { startedAt: iso(at) } };
  const cs = (name: string, image: string) => ({
    name,
    image,
    imageID: `${image}@sha256:${"ab".repeat(32)}`,
    containerID: started ? `containerd://${p.uid.replace(/-/g, "")}${name}` : undefined,
    ready,
    started: ready,
    restartCount: name === "app" ? p.restarts : 0,
    state: name === "app" ? appState : { running: { startedAt: iso(p.created) } },
    ...(p.restarts > 0 && name === "app"
      ? { lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: iso(at - 30_000), finishedAt: iso(at - 1000) } } }
      : {}),
  });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: p.uid,
      resourceVersion: String(at),
      creationTimestamp: iso(p.created),
      ...(phase === "terminating" ? { deletionTimestamp: iso(at + 30_000) } : {}),
      labels: { app: p.name.split("-").slice(0, 2).join("-"), "pod-template-hash": "7d9f8c6b5d", tier: "backend" },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `app-${p.namespace}-7d9f8c6b5d`, uid: p.uid, controller: true }],
    },
    spec: {
      ...(phase !== "pending" ? { nodeName: p.node } : {}),
      containers: [
        {
          name: "app",
          image: "registry.example.com/team/app:1.42.0",
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        },
        { name: "sidecar", image: "registry.example.com/mesh/proxy:1.20.3", resources: { requests: { cpu: "10m", memory: "32Mi" } } },
      ],
    },
    status: {
      phase: phase === "pending" || phase === "scheduled" || phase === "creating" ? "Pending" : "Running",
      conditions: [
        cond("PodScheduled", phase !== "pending"),
        cond("Initialized", started),
        cond("ContainersReady", ready),
        cond("Ready", ready),
      ],
      ...(phase !== "pending" ? { hostIP: `10.0.${Math.floor(Number(p.node.slice(5)) / 250)}.${Number(p.node.slice(5)) % 250}` } : {}),
      ...(started ? { podIP: `10.244.${uidCounter % 250}.${Number(p.uid.slice(-2), 16)}`, startTime: iso(p.created) } : {}),
      qosClass: "Burstable",
      ...(phase !== "pending" && phase !== "scheduled"
        ? {
            containerStatuses: [cs("app", "registry.example.com/team/app:1.42.0"), cs("sidecar", "registry.example.com/mesh/proxy:1.20.3")],
          }
        : {}),
    } as Pod["status"],
  } as Pod;
}

/** One write to the recorder at a time, applied in time order. */
interface Step {
  at: number;
  apply: () => void;
}

function generate(recorder: HistoryRecorder): number {
  const steps: Step[] = [];
  const record = (p: Incarnation, phase: Phase, at: number, deleted = false) =>
    steps.push({ at, apply: () => recorder.recordPod(CONTEXT, podOf(p, phase, at), deleted) });

  // Start of recording: every pod already running (created during the previous week).
  const pods = Array.from({ length: PODS }, (_, i) => incarnation(i, T0 - Math.floor(rand() * 7 * 24 * 3600_000)));
  pods.forEach((p) => record(p, "running", T0));
  // Ordinary pods: 1–3 more changes in the day (a readiness flip and back, a restart).
  pods.forEach((p, i) => {
    if (i < CRASHLOOPING) return;
    const changes = 1 + Math.floor(rand() * 3);
    for (let c = 0; c < changes; c++) {
      const at = T0 + Math.floor(rand() * DAY);
      if (rand() < 0.5) {
        record(p, "notready", at);
        record(p, "running", at + 20_000);
        c++;
      } else
        steps.push({
          at,
          apply: () => {
            p.restarts++;
            recorder.recordPod(CONTEXT, podOf(p, "restarted", at));
          },
        });
    }
  });
  // Crash-looping pods: a change every few minutes all day (running → CrashLoopBackOff → running …).
  for (let i = 0; i < CRASHLOOPING; i++) {
    const p = pods[i];
    // Back-off capped at 5 min, plus the few seconds the container runs before it fails again.
    for (let at = T0 + Math.floor(rand() * 300_000); at < T0 + DAY; at += 300_000 + Math.floor(rand() * 30_000)) {
      steps.push({
        at,
        apply: () => {
          p.restarts++;
          recorder.recordPod(CONTEXT, podOf(p, "crashloop", at));
        },
      });
      record(p, "running", at + 10_000);
    }
  }
  // Churn: pods deleted (terminating, then gone) and re-created under a new UID (pending,
  // scheduled, creating, running).
  for (let c = 0; c < CHURN; c++) {
    const i = CRASHLOOPING + Math.floor(rand() * (PODS - CRASHLOOPING));
    const at = T0 + Math.floor(rand() * (DAY - 120_000));
    const old = pods[i];
    const next = incarnation(i, at + 1000);
    record(old, "terminating", at);
    record(old, "terminating", at + 30_000, true);
    record(next, "pending", at + 1000);
    record(next, "scheduled", at + 1500);
    record(next, "creating", at + 2500);
    record(next, "running", at + 15_000);
  }

  steps.sort((a, b) => a.at - b.at);
  steps.forEach((s, n) => {
    clock = s.at;
    s.apply();
    if (n % 5000 === 4999) recorder.flush(); // one transaction per batch, as a busy watch produces
  });
  recorder.flush();
  return steps.length;
}

/** The recorder's clock, moved forward as history is written. */
let clock = T0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fileSize = (f: string) => statSync(f).size + (existsSync(`${f}-wal`) ? statSync(`${f}-wal`).size : 0);

/**
 * The same recorded history in the layout of before (schema version 1: every status row holds the
 * whole status as JSON, with namespace, name, time and signature), read back through the recorder.
 */
function writeWholeStatusCopy(recorder: HistoryRecorder, from: string, to: string): void {
  const src = new Database(from, { readonly: true });
  const db = new Database(to);
  db.pragma("journal_mode = WAL");
  db.exec(`
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
    CREATE TABLE pods (
      context TEXT NOT NULL, uid TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
      object TEXT, first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, deleted_ms INTEGER,
      PRIMARY KEY (context, uid)
    );
    CREATE INDEX pods_by_name ON pods (context, namespace, name);
    CREATE INDEX pods_by_deleted ON pods (context, deleted_ms);
  `);
  // Rows in the order they were written, as the recorder of then appended them.
  const rows = src
    .prepare(
      `SELECT s.uid, s.time_ms, s.resource_version, s.deletion_timestamp, s.node_name, s.deleted, p.namespace, p.name
              FROM pod_status s JOIN pods p ON p.context = s.context AND p.uid = s.uid WHERE s.context = ? ORDER BY s.id`,
    )
    .all(CONTEXT) as {
    uid: string;
    time_ms: number;
    resource_version: string | null;
    deletion_timestamp: string | null;
    node_name: string | null;
    deleted: number;
    namespace: string;
    name: string;
  }[];
  const statuses = new Map<string, (Pod["status"] | null)[]>();
  const insert = db.prepare(
    `INSERT INTO pod_status (context, namespace, name, uid, time, time_ms, resource_version, signature, status, deletion_timestamp, node_name, deleted)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of rows) {
      let h = statuses.get(r.uid);
      if (!h) statuses.set(r.uid, (h = recorder.history(CONTEXT, r.uid).map((x) => x.status)));
      const status = h.shift();
      const json = status === null || status === undefined ? null : JSON.stringify(status);
      // A sha1 in base64, as the signature was stored then (its content does not matter for the size).
      insert.run(
        CONTEXT,
        r.namespace,
        r.name,
        r.uid,
        new Date(r.time_ms).toISOString(),
        r.time_ms,
        r.resource_version,
        "x".repeat(27) + "=",
        json,
        r.deletion_timestamp,
        r.node_name,
        r.deleted,
      );
    }
    // Objects then held their last status too.
    const insertPod = db.prepare(`INSERT INTO pods VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const p of src.prepare(`SELECT uid, namespace, name, first_ms, last_ms, deleted_ms FROM pods WHERE context = ?`).all(CONTEXT) as {
      uid: string;
      namespace: string;
      name: string;
      first_ms: number;
      last_ms: number;
      deleted_ms: number | null;
    }[])
      insertPod.run(
        CONTEXT,
        p.uid,
        p.namespace,
        p.name,
        JSON.stringify(recorder.pod(CONTEXT, p.uid)?.pod),
        p.first_ms,
        p.last_ms,
        p.deleted_ms,
      );
  })();
  db.close();
  src.close();
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), "podscope-bench-tt-"));
  const file = join(dir, "history.sqlite");
  try {
    const recorder = new HistoryRecorder({ file, now: () => new Date(clock), pruneEveryMs: 0, retentionMs: 30 * 24 * 3600_000 });
    console.log(`generating ${HOURS} h of history: ${NODES} nodes, ${PODS} pods (${CRASHLOOPING} crash-looping, ${CHURN} re-created)…`);
    const g0 = performance.now();
    const steps = generate(recorder);
    clock = T0 + DAY;
    const rows = (() => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM pod_status").get() as { n: number }).n;
      } finally {
        db.close();
      }
    })();
    console.log(`  ${steps} writes → ${rows} status rows in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

    for (const [label, t] of [
      ["start (+1 min)", T0 + 60_000],
      ["middle (+12 h)", T0 + DAY / 2],
      ["end (+24 h)", T0 + DAY],
    ] as const) {
      const wall: number[] = [];
      const cpu: number[] = [];
      let n = 0;
      for (let r = 0; r < RUNS; r++) {
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        n = recorder.podsAt(CONTEXT, t).pods.length;
        wall.push(performance.now() - w0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      console.log(
        `podsAt ${label.padEnd(15)} ${String(n).padStart(6)} pods   wall ${median(wall).toFixed(0)} ms   cpu ${median(cpu).toFixed(0)} ms (median of ${RUNS})`,
      );
    }
    const whole = join(dir, "whole-status.sqlite");
    writeWholeStatusCopy(recorder, file, whole);
    recorder.close(); // checkpoints the WAL into the main file
    const size = fileSize(file);
    const before = fileSize(whole);
    const mib = (b: number) =>
      `${(b / 1024 / 1024).toFixed(1)} MiB for ${HOURS} h → ${(b / HOURS / 1024 / 1024).toFixed(1)} MiB per hour (${Math.round(b / rows)} B per status row)`;
    console.log(`file, statuses as differences from a base: ${mib(size)}`);
    console.log(`file, whole statuses (layout before):      ${mib(before)}   ratio ${(before / size).toFixed(2)}×`);
  } finally {
    if (process.env.PODSCOPE_BENCH_KEEP) console.log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main();
