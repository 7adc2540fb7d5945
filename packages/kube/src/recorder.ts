// History recorder: every pod status transition and every event a KubeSource sees goes into a
// SQLite file, so a pod's timeline outlives the API server's event TTL (1 h by default) and
// restarts of podscope itself. Writes are batched into one transaction per tick so an initial
// sync of tens of thousands of pods costs one fsync, not one per pod.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import type { KubeEvent, Pod } from "@podscope/core";
import { podscopeHome } from "@podscope/env";

export interface RecorderOptions {
  /** SQLite file; default $PODSCOPE_HOME/history.sqlite (PODSCOPE_HOME default ~/.podscope). */
  file?: string;
  /** Rows older than this are pruned; default 7 days. */
  retentionMs?: number;
  /** Clock (injected so tests and replays control time). */
  now?: () => Date;
  /** How often to prune automatically; default hourly; 0 = only when prune() is called. */
  pruneEveryMs?: number;
}

export interface PodStatusRecord {
  /** When the recorder saw this status (RFC 3339). */
  time: string;
  uid: string;
  resourceVersion?: string;
  /** Pod status as the API server reported it; null after the pod was deleted. */
  status: Pod["status"] | null;
  deletionTimestamp?: string;
  nodeName?: string;
  deleted: boolean;
}

export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(podscopeHome(env), "history.sqlite");
}

const DAY = 24 * 3600 * 1000;

export class HistoryRecorder {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private retentionMs: number;
  private pending: (() => void)[] = [];
  private flushScheduled = false;
  private closed = false;
  private pruneTimer?: NodeJS.Timeout;
  /** Last recorded status signature per (context, pod uid), to record transitions only. */
  private readonly lastSig = new Map<string, string>();
  private readonly stmt: Record<string, Database.Statement>;

  constructor(opts: RecorderOptions = {}) {
    this.file = opts.file ?? defaultHistoryFile();
    this.now = opts.now ?? (() => new Date());
    this.retentionMs = opts.retentionMs ?? 7 * DAY;
    mkdirSync(dirname(this.file), { recursive: true });
    this.db = new Database(this.file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS pod_status (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        context TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, uid TEXT NOT NULL,
        time TEXT NOT NULL, time_ms INTEGER NOT NULL, resource_version TEXT,
        signature TEXT NOT NULL, status TEXT, deletion_timestamp TEXT, node_name TEXT, deleted INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX IF NOT EXISTS pod_status_by_pod ON pod_status (context, namespace, name, id);
      CREATE INDEX IF NOT EXISTS pod_status_by_uid ON pod_status (context, uid, id);
      CREATE INDEX IF NOT EXISTS pod_status_by_time ON pod_status (time_ms);
      CREATE TABLE IF NOT EXISTS events (
        context TEXT NOT NULL, uid TEXT NOT NULL,
        namespace TEXT, involved_kind TEXT, involved_namespace TEXT, involved_name TEXT, involved_uid TEXT,
        last_time TEXT, seen_ms INTEGER NOT NULL, deleted_ms INTEGER, event TEXT NOT NULL,
        PRIMARY KEY (context, uid)
      );
      CREATE INDEX IF NOT EXISTS events_by_involved ON events (context, involved_namespace, involved_name);
      CREATE INDEX IF NOT EXISTS events_by_seen ON events (seen_ms);
    `);
    this.stmt = {
      insertStatus: this.db.prepare(
        `INSERT INTO pod_status (context, namespace, name, uid, time, time_ms, resource_version, signature, status, deletion_timestamp, node_name, deleted)
         VALUES (@context, @namespace, @name, @uid, @time, @time_ms, @rv, @signature, @status, @deletion, @node, @deleted)`,
      ),
      lastSig: this.db.prepare(`SELECT signature FROM pod_status WHERE context = ? AND uid = ? ORDER BY id DESC LIMIT 1`),
      history: this.db.prepare(
        `SELECT time, uid, resource_version, status, deletion_timestamp, node_name, deleted FROM pod_status
         WHERE context = ? AND namespace = ? AND name = ? ORDER BY id`,
      ),
      upsertEvent: this.db.prepare(
        `INSERT INTO events (context, uid, namespace, involved_kind, involved_namespace, involved_name, involved_uid, last_time, seen_ms, deleted_ms, event)
         VALUES (@context, @uid, @namespace, @kind, @ins, @iname, @iuid, @last, @seen, NULL, @event)
         ON CONFLICT (context, uid) DO UPDATE SET last_time = excluded.last_time, seen_ms = excluded.seen_ms, event = excluded.event, deleted_ms = NULL`,
      ),
      markEventDeleted: this.db.prepare(`UPDATE events SET deleted_ms = ? WHERE context = ? AND uid = ?`),
      events: this.db.prepare(
        `SELECT event, deleted_ms FROM events WHERE context = ? AND involved_namespace = ? AND involved_name = ?
         AND (? IS NULL OR involved_kind = ?) ORDER BY last_time, seen_ms`,
      ),
      pruneStatus: this.db.prepare(`DELETE FROM pod_status WHERE time_ms < ?`),
      pruneEvents: this.db.prepare(`DELETE FROM events WHERE seen_ms < ?`),
    };
    this.prune();
    const every = opts.pruneEveryMs ?? 3600_000;
    if (every > 0) {
      this.pruneTimer = setInterval(() => this.prune(), every);
      this.pruneTimer.unref(); // pruning alone must not keep a process alive
    }
  }

  setRetention(ms: number): void {
    if (!(ms > 0)) throw new Error(`history retention must be a positive number of milliseconds, got ${ms}`);
    this.retentionMs = ms;
  }

  /** Record a pod as seen by a watch (ADDED/MODIFIED) or its deletion (DELETED). */
  recordPod(context: string, pod: Pod, deleted = false): void {
    const uid = pod.metadata.uid;
    if (!uid || !pod.metadata.name) return;
    const signature = deleted ? "deleted" : statusSignature(pod);
    const key = `${context}\u0000${uid}`;
    let last = this.lastSig.get(key);
    if (last === undefined) {
      // After a restart the cache is empty: ask the file, so a restart does not duplicate rows.
      const row = this.stmt.lastSig.get(context, uid) as { signature: string } | undefined;
      last = row?.signature ?? "";
    }
    if (last === signature) return;
    this.lastSig.set(key, signature);
    if (deleted) this.lastSig.delete(key);
    const at = this.now();
    const row = {
      context,
      namespace: pod.metadata.namespace ?? "",
      name: pod.metadata.name,
      uid,
      time: at.toISOString(),
      time_ms: at.getTime(),
      rv: pod.metadata.resourceVersion ?? null,
      signature,
      status: deleted ? null : JSON.stringify(pod.status ?? {}),
      deletion: pod.metadata.deletionTimestamp ?? null,
      node: pod.spec?.nodeName ?? null,
      deleted: deleted ? 1 : 0,
    };
    this.enqueue(() => this.stmt.insertStatus.run(row));
  }

  /** Record an event (core/v1) as seen; a DELETED event stays in the file, marked. */
  recordEvent(context: string, ev: KubeEvent, deleted = false): void {
    const uid = ev.metadata.uid;
    if (!uid) return;
    const at = this.now().getTime();
    if (deleted) {
      this.enqueue(() => this.stmt.markEventDeleted.run(at, context, uid));
      return;
    }
    const row = {
      context,
      uid,
      namespace: ev.metadata.namespace ?? null,
      kind: ev.involvedObject?.kind ?? null,
      ins: ev.involvedObject?.namespace ?? ev.metadata.namespace ?? null,
      iname: ev.involvedObject?.name ?? null,
      iuid: ev.involvedObject?.uid ?? null,
      last: ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? ev.metadata.creationTimestamp ?? null,
      seen: at,
      event: JSON.stringify(ev),
    };
    this.enqueue(() => this.stmt.upsertEvent.run(row));
  }

  /** Every recorded status of a pod (all incarnations with this namespace/name), oldest first. */
  history(context: string, namespace: string, name: string): PodStatusRecord[] {
    this.flush();
    const rows = this.stmt.history.all(context, namespace, name) as any[];
    return rows.map((r) => ({
      time: r.time,
      uid: r.uid,
      resourceVersion: r.resource_version ?? undefined,
      status: r.status === null ? null : JSON.parse(r.status),
      deletionTimestamp: r.deletion_timestamp ?? undefined,
      nodeName: r.node_name ?? undefined,
      deleted: r.deleted === 1,
    }));
  }

  /**
   * Events about an object (by involvedObject namespace/name, optionally kind), oldest first,
   * including those the API server has already dropped (its TTL) — `deletedFromServer` says so.
   */
  events(context: string, namespace: string, name: string, kind?: string): (KubeEvent & { deletedFromServer?: boolean })[] {
    this.flush();
    const rows = this.stmt.events.all(context, namespace, name, kind ?? null, kind ?? null) as { event: string; deleted_ms: number | null }[];
    return rows.map((r) => {
      const ev = JSON.parse(r.event) as KubeEvent & { deletedFromServer?: boolean };
      if (r.deleted_ms !== null) ev.deletedFromServer = true;
      return ev;
    });
  }

  /** Drop rows older than the retention. Returns how many rows went. */
  prune(): number {
    this.flush();
    const cutoff = this.now().getTime() - this.retentionMs;
    const a = this.stmt.pruneStatus.run(cutoff).changes;
    const b = this.stmt.pruneEvents.run(cutoff).changes;
    if (a > 0) this.lastSig.clear();
    return a + b;
  }

  /** Write everything queued so far (normally done automatically on the next tick). */
  flush(): void {
    if (this.pending.length === 0 || this.closed) return;
    const batch = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const w of batch) w();
    })();
  }

  close(): void {
    if (this.closed) return;
    clearInterval(this.pruneTimer);
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private enqueue(write: () => void): void {
    if (this.closed) return;
    this.pending.push(write);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }
}

/**
 * What counts as a status transition: phase, conditions (type=status), container states,
 * readiness and restarts, deletion. resourceVersion-only changes (e.g. managed fields) are not
 * transitions.
 */
export function statusSignature(pod: Pod): string {
  const s = pod.status ?? {};
  const conds = (s.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort().join(",");
  const cs = [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])]
    .map((c) => {
      const st = c.state?.running ? "running" : c.state?.terminated ? `terminated:${c.state.terminated.reason ?? ""}:${c.state.terminated.exitCode}` : c.state?.waiting ? `waiting:${c.state.waiting.reason ?? ""}` : "none";
      return `${c.name}:${st}:${c.ready ? 1 : 0}:${c.restartCount}`;
    })
    .join(",");
  return [s.phase ?? "", conds, cs, pod.spec?.nodeName ?? "", pod.metadata.deletionTimestamp ? "terminating" : "", s.reason ?? ""].join("|");
}
