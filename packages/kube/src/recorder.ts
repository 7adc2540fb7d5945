// History recorder: every pod status transition and every event a KubeSource sees goes into a
// SQLite file, so a pod's timeline outlives the API server's event TTL (1 h by default) and
// restarts of podscope itself. Everything is keyed by the pod's UID: a name re-used after a
// deletion is another incarnation, with its own history and events, and a deleted pod's last
// object stays readable (pods table) until retention drops it. Writes are batched into one transaction per tick so an initial
// sync of tens of thousands of pods costs one fsync, not one per pod.
//
// A status change is stored as its difference from a base status of the same incarnation (core's
// diffJson; table status_base): two statuses of one pod share most of their JSON (images, digests,
// container IDs, IPs), so a change costs tens of bytes instead of kilobytes — a 30,000-pod source
// wrote ~30 MiB per hour with whole statuses. Reading one status is two rows at most (its own and
// its base), never a chain; a new base is taken when the difference grows past 3/4 of a status.
// The pods table keeps each pod's last object without its status, and that status the same way.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import {
  applyJsonDiff,
  DEFAULT_HISTORY_RETENTION_MS,
  diffJson,
  podAtTime,
  statusSignature,
  type JsonDiff,
  type KubeEvent,
  type Node,
  type Pod,
} from "@podscope/core";
import { podscopeHome } from "@podscope/env";
import { EventVersions, type RecordedEvent } from "./event-versions";
import { NodeHistory, type NodesAt } from "./node-history";

export interface RecorderOptions {
  /** SQLite file; default $PODSCOPE_HOME/history.sqlite (PODSCOPE_HOME default ~/.podscope). */
  file?: string;
  /** Rows older than this are pruned; default DEFAULT_HISTORY_RETENTION_MS (7 days). */
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

/** One pod incarnation as recorded: its last known object, and when it was seen gone. */
export interface RecordedPod {
  uid: string;
  namespace: string;
  name: string;
  /** Last object recorded (managedFields dropped); for a deleted pod, the object of its DELETED event. */
  pod: Pod;
  firstSeen: string;
  /** When the recorder saw the pod deleted (RFC 3339); absent while it exists. */
  deletedAt?: string;
}

export function defaultHistoryFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(podscopeHome(env), "history.sqlite");
}

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
  /** Bases taken since the last flush, per (context, pod uid): the file does not hold them yet. */
  private readonly pendingBases = new Map<string, BaseRef>();
  private readonly stmt: Record<string, Database.Statement>;
  /** Each event's count/lastTimestamp/series changes (event-versions.ts): events as they were at T. */
  private readonly eventVersions: EventVersions;
  /** Node state changes (node-history.ts): nodes as they were at T. */
  private readonly nodeHistory: NodeHistory;

  constructor(opts: RecorderOptions = {}) {
    this.file = opts.file ?? defaultHistoryFile();
    this.now = opts.now ?? (() => new Date());
    this.retentionMs = opts.retentionMs ?? DEFAULT_HISTORY_RETENTION_MS;
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
      CREATE INDEX IF NOT EXISTS pod_status_by_uid_time ON pod_status (context, uid, time_ms);
      CREATE INDEX IF NOT EXISTS pod_status_by_time ON pod_status (time_ms);
      CREATE TABLE IF NOT EXISTS events (
        context TEXT NOT NULL, uid TEXT NOT NULL,
        namespace TEXT, involved_kind TEXT, involved_namespace TEXT, involved_name TEXT, involved_uid TEXT,
        last_time TEXT, seen_ms INTEGER NOT NULL, deleted_ms INTEGER, event TEXT NOT NULL,
        PRIMARY KEY (context, uid)
      );
      CREATE INDEX IF NOT EXISTS events_by_involved ON events (context, involved_namespace, involved_name);
      CREATE INDEX IF NOT EXISTS events_by_seen ON events (seen_ms);
      CREATE INDEX IF NOT EXISTS events_by_involved_uid ON events (context, involved_uid);
      CREATE TABLE IF NOT EXISTS pods (
        context TEXT NOT NULL, uid TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        object TEXT, first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, deleted_ms INTEGER,
        PRIMARY KEY (context, uid)
      );
      CREATE INDEX IF NOT EXISTS pods_by_name ON pods (context, namespace, name);
      CREATE INDEX IF NOT EXISTS pods_by_deleted ON pods (context, deleted_ms);
    `);
    // Files written before the pods table: every incarnation their status rows name becomes one
    // (its object rebuilt from the last status when read), once.
    if ((this.db.pragma("user_version", { simple: true }) as number) < 1) {
      this.db.exec(`
        INSERT OR IGNORE INTO pods (context, uid, namespace, name, object, first_ms, last_ms, deleted_ms)
          SELECT context, uid, namespace, name, NULL, MIN(time_ms), MAX(time_ms), MAX(CASE WHEN deleted = 1 THEN time_ms END)
          FROM pod_status GROUP BY context, uid;
        PRAGMA user_version = 1;
      `);
    }
    // Version 2: statuses stored as differences from a base (status_base). Rows of earlier versions
    // stay as they are and are read as before: their status is TEXT (the whole status as JSON), a
    // difference is a BLOB with base_id set. New rows leave namespace, name, time and signature
    // empty — the pods table holds namespace, name and the last signature, and time is time_ms —
    // and the two indexes nothing reads any more go.
    if ((this.db.pragma("user_version", { simple: true }) as number) < 2) {
      this.db.transaction(() => {
        this.db.exec(`
          CREATE TABLE IF NOT EXISTS status_base (id INTEGER PRIMARY KEY AUTOINCREMENT, status TEXT NOT NULL);
          ALTER TABLE pod_status ADD COLUMN base_id INTEGER;
          ALTER TABLE pods ADD COLUMN signature TEXT;
          ALTER TABLE pods ADD COLUMN base_id INTEGER;
          DROP INDEX IF EXISTS pod_status_by_pod;
          DROP INDEX IF EXISTS pod_status_by_uid;
          PRAGMA user_version = 2;
        `);
      })();
    }
    // Version 3: a pod's last object is kept without its status, which is stored like any other (a
    // difference from the pod's base, status_diff). Objects of earlier versions hold their status.
    if ((this.db.pragma("user_version", { simple: true }) as number) < 3) {
      this.db.exec(`ALTER TABLE pods ADD COLUMN status_diff BLOB; PRAGMA user_version = 3;`);
    }
    this.stmt = {
      insertStatus: this.db.prepare(
        `INSERT INTO pod_status (context, namespace, name, uid, time, time_ms, resource_version, signature, status, base_id, deletion_timestamp, node_name, deleted)
         VALUES (@context, '', '', @uid, '', @time_ms, @rv, '', @status, @base_id, @deletion, @node, @deleted)`,
      ),
      insertBase: this.db.prepare(`INSERT INTO status_base (status) VALUES (?)`),
      // The pods table holds the last signature; files of version 1 only have it in the last status row.
      lastSig: this.db.prepare(
        `SELECT COALESCE((SELECT signature FROM pods WHERE context = @context AND uid = @uid),
           (SELECT signature FROM pod_status WHERE context = @context AND uid = @uid ORDER BY id DESC LIMIT 1)) AS signature`,
      ),
      currentBase: this.db.prepare(
        `SELECT b.id, b.status FROM pods p JOIN status_base b ON b.id = p.base_id WHERE p.context = ? AND p.uid = ?`,
      ),
      history: this.db.prepare(
        `SELECT s.time_ms, s.uid, s.resource_version, s.status, b.status AS base, s.deletion_timestamp, s.node_name, s.deleted
         FROM pod_status s LEFT JOIN status_base b ON b.id = s.base_id
         WHERE s.context = ? AND s.uid = ? ORDER BY s.id`,
      ),
      upsertPod: this.db.prepare(
        `INSERT INTO pods (context, uid, namespace, name, object, first_ms, last_ms, deleted_ms, signature, base_id, status_diff)
         VALUES (@context, @uid, @namespace, @name, @object, @at, @at, @deleted, @signature, @base_id, @status_diff)
         ON CONFLICT (context, uid) DO UPDATE SET object = excluded.object, last_ms = excluded.last_ms,
           deleted_ms = COALESCE(pods.deleted_ms, excluded.deleted_ms), signature = excluded.signature,
           base_id = excluded.base_id, status_diff = excluded.status_diff`,
      ),
      pod: this.db.prepare(`${POD_ROW} WHERE p.context = ? AND p.uid = ?`),
      incarnations: this.db.prepare(`${POD_ROW} WHERE p.context = ? AND p.namespace = ? AND p.name = ? ORDER BY p.first_ms, p.rowid`),
      deletedPods: this.db.prepare(`${POD_ROW} WHERE p.context = ? AND p.deleted_ms IS NOT NULL ORDER BY p.deleted_ms DESC`),
      livePods: this.db.prepare(`${POD_ROW} WHERE p.context = ? AND p.deleted_ms IS NULL`),
      lastStatus: this.db.prepare(
        `SELECT s.status, b.status AS base, s.node_name, s.deletion_timestamp FROM pod_status s LEFT JOIN status_base b ON b.id = s.base_id
         WHERE s.context = ? AND s.uid = ? AND s.status IS NOT NULL ORDER BY s.id DESC LIMIT 1`,
      ),
      // Time travel: the incarnations alive at T, each with the last status recorded at or before T.
      // A pod recorded last at or before T (last_ms ≤ T) had then the status inside the pods table's
      // object: no status row is read. Otherwise its row at T is found from the index alone
      // (pod_status_by_uid_time), read with its base (a few hundred bytes, not a whole status).
      podsAt: this.db.prepare(
        `SELECT p.uid, p.namespace, p.name, p.object, p.first_ms, p.last_ms, p.deleted_ms,
           CASE WHEN s.id IS NULL THEN p.status_diff END AS status_diff, pb.status AS base,
           s.status AS status_at, s.time_ms AS status_ms, b.status AS base_at
         FROM pods p
         LEFT JOIN pod_status s ON p.last_ms > @t AND s.id =
           (SELECT id FROM pod_status WHERE context = p.context AND uid = p.uid AND time_ms <= @t ORDER BY time_ms DESC, id DESC LIMIT 1)
         LEFT JOIN status_base b ON b.id = s.base_id
         LEFT JOIN status_base pb ON s.id IS NULL AND pb.id = p.base_id
         WHERE p.context = @context AND p.first_ms <= @t AND (p.deleted_ms IS NULL OR p.deleted_ms > @t)
           AND (p.last_ms <= @t OR s.id IS NOT NULL)`,
      ),
      since: this.db.prepare(`SELECT MIN(time_ms) AS since FROM pod_status WHERE context = ?`),
      prunePods: this.db.prepare(`DELETE FROM pods WHERE COALESCE(deleted_ms, last_ms) < ?`),
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
      // kubectl's rule: by involvedObject.uid; by namespace/name only for events that carry no UID.
      eventsByUid: this.db.prepare(
        `SELECT event, deleted_ms FROM events WHERE context = @context AND (involved_kind IS NULL OR involved_kind = 'Pod') AND (
           involved_uid = @uid OR (COALESCE(involved_uid, '') = '' AND involved_namespace = @namespace AND involved_name = @name)
         ) ORDER BY last_time, seen_ms`,
      ),
      pruneStatus: this.db.prepare(`DELETE FROM pod_status WHERE time_ms < ?`),
      // A base belongs to one incarnation: it can go once no row of that pod and not the pod itself names it.
      pruneBaseCandidates: this.db.prepare(
        `SELECT DISTINCT context, uid, base_id AS id FROM pod_status WHERE time_ms < ? AND base_id IS NOT NULL`,
      ),
      pruneBase: this.db.prepare(
        `DELETE FROM status_base WHERE id = @id
           AND NOT EXISTS (SELECT 1 FROM pod_status WHERE context = @context AND uid = @uid AND base_id = @id)
           AND NOT EXISTS (SELECT 1 FROM pods WHERE context = @context AND uid = @uid AND base_id = @id)`,
      ),
      pruneEvents: this.db.prepare(`DELETE FROM events WHERE seen_ms < ?`),
    };
    this.eventVersions = new EventVersions(this.db);
    this.nodeHistory = new NodeHistory(this.db);
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
    // The one rule of what a status change is (core's statusSignature), hashed to keep rows small.
    const signature = deleted ? "deleted" : createHash("sha1").update(statusSignature(pod)).digest("base64");
    const key = `${context}\u0000${uid}`;
    let last = this.lastSig.get(key);
    if (last === undefined) {
      // After a restart the cache is empty: ask the file, so a restart does not duplicate rows.
      const row = this.stmt.lastSig.get({ context, uid }) as { signature: string | null } | undefined;
      last = row?.signature ?? "";
    }
    if (last === signature) return;
    this.lastSig.set(key, signature);
    if (deleted) this.lastSig.delete(key); // the file says "deleted" if it is ever asked again
    const at = this.now().getTime();
    // The status as the difference from the incarnation's base; a new base (this very status,
    // then an empty difference) when there is none yet or the difference has grown past three quarters of
    // a status (a lower bar re-based a crash-looping pod at every change: its statuses alternate).
    // A deletion's row holds no status, but the pod's last object (the DELETED one) keeps its own.
    let base: BaseRef | undefined;
    let diff = "";
    {
      const statusJson = JSON.stringify(pod.status ?? {});
      base = this.pendingBases.get(key) ?? this.storedBase(context, uid);
      if (base) {
        const d = diffJson(JSON.parse(base.status), JSON.parse(statusJson));
        diff = d === undefined ? "" : JSON.stringify(d);
        if (diff.length * 4 > statusJson.length * 3) base = undefined;
      }
      if (!base) {
        const fresh: BaseRef = { status: statusJson };
        this.pendingBases.set(key, fresh);
        this.enqueue(() => (fresh.id = Number(this.stmt.insertBase.run(fresh.status).lastInsertRowid)));
        base = fresh;
        diff = "";
      }
    }
    const namespace = pod.metadata.namespace ?? "";
    const name = pod.metadata.name;
    const object = JSON.stringify({ ...pod, metadata: { ...pod.metadata, managedFields: undefined }, status: undefined });
    const rv = pod.metadata.resourceVersion ?? null;
    const deletion = pod.metadata.deletionTimestamp ?? null;
    const node = pod.spec?.nodeName ?? null;
    const ref = base;
    this.enqueue(() => {
      // The base's id is known only once its row is written (earlier in this same batch).
      const base_id = ref?.id ?? null;
      this.stmt.insertStatus.run({
        context,
        uid,
        time_ms: at,
        rv,
        status: deleted ? null : Buffer.from(diff),
        base_id: deleted ? null : base_id,
        deletion,
        node,
        deleted: deleted ? 1 : 0,
      });
      this.stmt.upsertPod.run({
        context,
        uid,
        namespace,
        name,
        object,
        at,
        deleted: deleted ? at : null,
        signature,
        base_id,
        status_diff: Buffer.from(diff),
      });
    });
  }

  /** The incarnation's base status as the file holds it (undefined before its first version-2 row). */
  private storedBase(context: string, uid: string): BaseRef | undefined {
    const r = this.stmt.currentBase.get(context, uid) as { id: number; status: string } | undefined;
    return r ? { id: r.id, status: r.status } : undefined;
  }

  /**
   * After a full LIST of a context's pods: every pod the file still believes alive and the list
   * lacks was deleted while nobody watched (podscope stopped): recorded deleted now, with its last
   * known object, since no DELETED event will ever come for it.
   */
  reconcilePods(context: string, liveUids: ReadonlySet<string>): void {
    this.enqueue(() => {
      for (const r of this.stmt.livePods.all(context) as PodRow[]) {
        if (liveUids.has(r.uid)) continue;
        const pod = this.podOf(context, r);
        pod.metadata.deletionTimestamp ??= this.now()
          .toISOString()
          .replace(/\.\d+Z$/, "Z");
        this.recordPod(context, pod, true);
      }
    });
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
    this.enqueue(() => {
      this.stmt.upsertEvent.run(row);
      this.eventVersions.record(context, ev, at);
    });
  }

  /** Record a node as seen by a watch (ADDED/MODIFIED) or its deletion: a row when its state changed. */
  recordNode(context: string, node: Node, deleted = false): void {
    const write = this.nodeHistory.change(context, node, deleted, this.now().getTime());
    if (write) this.enqueue(write);
  }

  /** The nodes as they were at `t` (ms), and since when this context's node history reaches back. */
  nodesAt(context: string, t: number): NodesAt {
    this.flush();
    return this.nodeHistory.at(context, t);
  }

  /**
   * Events as they were at `t` (ms): those that had happened by then, each with its count and last time
   * then; a pod's (by UID, as podEvents selects) or, without one, the whole context's.
   */
  eventsAt(context: string, t: number, pod?: { namespace: string; name: string; uid: string }): RecordedEvent[] {
    this.flush();
    const rows = pod ? (this.stmt.eventsByUid.all({ context, ...pod }) as EventRow[]) : this.eventVersions.all(context);
    return this.eventVersions.at(context, rows.map(eventOf), t);
  }

  /** Every recorded status of one pod incarnation, oldest first. */
  history(context: string, uid: string): PodStatusRecord[] {
    this.flush();
    const rows = this.stmt.history.all(context, uid) as StatusRow[];
    return rows.map((r) => ({
      time: new Date(r.time_ms).toISOString(),
      uid: r.uid,
      resourceVersion: r.resource_version ?? undefined,
      status: storedStatus(r.status, r.base),
      deletionTimestamp: r.deletion_timestamp ?? undefined,
      nodeName: r.node_name ?? undefined,
      deleted: r.deleted === 1,
    }));
  }

  /**
   * Events about an object (by involvedObject namespace/name, optionally kind), oldest first,
   * including those the API server has already dropped (its TTL) — `deletedFromServer` says so.
   * Every incarnation of the name: for a pod, select by UID with podEvents.
   */
  events(context: string, namespace: string, name: string, kind?: string): RecordedEvent[] {
    this.flush();
    return (this.stmt.events.all(context, namespace, name, kind ?? null, kind ?? null) as EventRow[]).map(eventOf);
  }

  /** The events of one pod incarnation, as kubectl selects them (involvedObject.uid; name only for events without a UID). */
  podEvents(context: string, pod: { namespace: string; name: string; uid: string }): RecordedEvent[] {
    this.flush();
    return (this.stmt.eventsByUid.all({ context, ...pod }) as EventRow[]).map(eventOf);
  }

  /** Every recorded incarnation of namespace/name, oldest first. */
  incarnations(context: string, namespace: string, name: string): RecordedPod[] {
    this.flush();
    return (this.stmt.incarnations.all(context, namespace, name) as PodRow[]).map((r) => this.recorded(context, r));
  }

  /** One incarnation by UID, undefined when never recorded (or pruned). */
  pod(context: string, uid: string): RecordedPod | undefined {
    this.flush();
    const r = this.stmt.pod.get(context, uid) as PodRow | undefined;
    return r ? this.recorded(context, r) : undefined;
  }

  /** Pods seen deleted within retention, most recently deleted first. */
  deletedPods(context: string): RecordedPod[] {
    this.flush();
    return (this.stmt.deletedPods.all(context) as PodRow[]).map((r) => this.recorded(context, r));
  }

  /**
   * The pods alive at `t` (ms), each its last object with the status recorded last at or before t
   * (core's podAtTime decides the deletion shown), and since when this context's history reaches back.
   */
  podsAt(context: string, t: number): { pods: Pod[]; since?: string } {
    this.flush();
    const rows = this.stmt.podsAt.iterate({ context, t }) as IterableIterator<PodAtRow>;
    const pods: Pod[] = [];
    for (const r of rows) {
      const pod = this.podOf(context, r);
      // No status row read: the status at T is the last recorded, which the object already holds.
      const at =
        r.status_ms === null
          ? { time: new Date(r.last_ms).toISOString(), status: pod.status }
          : { time: new Date(r.status_ms).toISOString(), status: storedStatus(r.status_at, r.base_at) };
      const p = podAtTime(pod, [at], t);
      if (p) pods.push(p);
    }
    const since = (this.stmt.since.get(context) as { since: number | null }).since;
    return { pods, ...(since !== null ? { since: new Date(since).toISOString() } : {}) };
  }

  private recorded(context: string, r: PodRow): RecordedPod {
    return {
      uid: r.uid,
      namespace: r.namespace,
      name: r.name,
      pod: this.podOf(context, r),
      firstSeen: new Date(r.first_ms).toISOString(),
      ...(r.deleted_ms !== null ? { deletedAt: new Date(r.deleted_ms).toISOString() } : {}),
    };
  }

  /**
   * The row's object with its last status (objects before version 3 hold it themselves; in podsAt a
   * pod whose status at T is another has none read); rows migrated from status-only files rebuild a
   * minimal Pod from the last status.
   */
  private podOf(context: string, r: PodRow): Pod {
    if (r.object) {
      const pod = JSON.parse(r.object) as Pod;
      if (r.status_diff !== null) pod.status = storedStatus(r.status_diff, r.base) ?? {};
      return pod;
    }
    const last = this.stmt.lastStatus.get(context, r.uid) as
      { status: string | Buffer; base: string | null; node_name: string | null; deletion_timestamp: string | null } | undefined;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: r.name,
        namespace: r.namespace,
        uid: r.uid,
        ...(last?.deletion_timestamp ? { deletionTimestamp: last.deletion_timestamp } : {}),
      },
      spec: { containers: [], ...(last?.node_name ? { nodeName: last.node_name } : {}) },
      status: last ? (storedStatus(last.status, last.base) ?? {}) : {},
    };
  }

  /** Drop rows older than the retention. Returns how many rows went. */
  prune(): number {
    this.flush();
    const cutoff = this.now().getTime() - this.retentionMs;
    const [a, b] = this.db.transaction(() => {
      const bases = this.stmt.pruneBaseCandidates.all(cutoff) as { context: string; uid: string; id: number }[];
      const statuses = this.stmt.pruneStatus.run(cutoff).changes;
      const events = this.stmt.pruneEvents.run(cutoff).changes;
      this.stmt.prunePods.run(cutoff);
      for (const base of bases) this.stmt.pruneBase.run(base);
      this.eventVersions.prune(cutoff);
      this.nodeHistory.prune(cutoff);
      return [statuses, events];
    })();
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
    // Written bases are found in the file from now on; a base taken by a write queued during this
    // flush (reconcilePods records from inside it) is kept until that write runs.
    for (const [key, base] of this.pendingBases) if (base.id !== undefined) this.pendingBases.delete(key);
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

interface EventRow {
  event: string;
  deleted_ms: number | null;
}
/** A pods row with its base status: what podOf reads. */
const POD_ROW = `SELECT p.*, b.status AS base FROM pods p LEFT JOIN status_base b ON b.id = p.base_id`;
interface PodRow {
  uid: string;
  namespace: string;
  name: string;
  /** The last object: without its status from version 3 (status_diff, on base), with it before. */
  object: string | null;
  status_diff: Buffer | null;
  base: string | null;
  first_ms: number;
  last_ms: number;
  deleted_ms: number | null;
}
/** A base status: its row id once written. */
interface BaseRef {
  id?: number;
  status: string;
}
type PodAtRow = PodRow & { status_at: string | Buffer | null; status_ms: number | null; base_at: string | null };
interface StatusRow {
  time_ms: number;
  uid: string;
  resource_version: string | null;
  /** TEXT: the whole status (files before version 2); BLOB: the difference from `base`; NULL: deleted. */
  status: string | Buffer | null;
  base: string | null;
  deletion_timestamp: string | null;
  node_name: string | null;
  deleted: number;
}

/** A status row's status: the whole JSON (TEXT), or its base with the difference applied (BLOB, empty = the base itself). */
function storedStatus(status: string | Buffer | null, base: string | null): Pod["status"] | null {
  if (status === null) return null;
  if (typeof status === "string") return JSON.parse(status) as Pod["status"];
  if (base === null) throw new Error("history file: a status difference whose base status is missing");
  const from = JSON.parse(base) as unknown;
  return (status.length === 0 ? from : applyJsonDiff(from, JSON.parse(status.toString()) as JsonDiff)) as Pod["status"];
}

function eventOf(r: EventRow): RecordedEvent {
  const ev = JSON.parse(r.event) as RecordedEvent;
  if (r.deleted_ms !== null) ev.deletedFromServer = true;
  return ev;
}
