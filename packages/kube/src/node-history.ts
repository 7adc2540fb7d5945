// Node history: a node's conditions, capacity, allocatable, taints and cordon change over its life
// (NotReady for ten minutes, cordoned for a drain), and the node page "as of T" showed them live. Each
// change of core's node state (nodeStateSignature: heartbeats alone are no change) is recorded as one
// row, as pod statuses are, with the node's last object; nodesAt rebuilds the nodes as they were at T
// (core's nodeAtTime). Its own tables in the recorder's file, written inside the recorder's batches.
import { nodeAtTime, nodeStateOf, nodeStateSignature, type Node, type NodeState } from "@podscope/core";
import type Database from "better-sqlite3";

export interface NodesAt {
  nodes: Node[];
  /** The oldest recorded node state (RFC 3339); absent when nothing is recorded. */
  since?: string;
}

export class NodeHistory {
  /** Last recorded signature per (context, node uid), to record changes only. */
  private readonly lastSig = new Map<string, string>();
  private readonly stmt: Record<string, Database.Statement>;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS node_state (
        context TEXT NOT NULL, uid TEXT NOT NULL, time_ms INTEGER NOT NULL, state TEXT
      );
      CREATE INDEX IF NOT EXISTS node_state_by_uid_time ON node_state (context, uid, time_ms);
      CREATE TABLE IF NOT EXISTS nodes (
        context TEXT NOT NULL, uid TEXT NOT NULL, name TEXT NOT NULL, object TEXT NOT NULL, signature TEXT NOT NULL,
        first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, deleted_ms INTEGER,
        PRIMARY KEY (context, uid)
      );
    `);
    this.stmt = {
      lastSig: db.prepare(`SELECT signature FROM nodes WHERE context = ? AND uid = ?`),
      insertState: db.prepare(`INSERT INTO node_state (context, uid, time_ms, state) VALUES (?, ?, ?, ?)`),
      upsertNode: db.prepare(
        `INSERT INTO nodes (context, uid, name, object, signature, first_ms, last_ms, deleted_ms)
         VALUES (@context, @uid, @name, @object, @signature, @at, @at, @deleted)
         ON CONFLICT (context, uid) DO UPDATE SET object = excluded.object, signature = excluded.signature,
           last_ms = excluded.last_ms, deleted_ms = COALESCE(nodes.deleted_ms, excluded.deleted_ms)`,
      ),
      alive: db.prepare(
        `SELECT n.object, n.deleted_ms, s.time_ms, s.state FROM nodes n
         JOIN node_state s ON s.rowid =
           (SELECT rowid FROM node_state WHERE context = n.context AND uid = n.uid AND time_ms <= @t ORDER BY time_ms DESC, rowid DESC LIMIT 1)
         WHERE n.context = @context AND n.first_ms <= @t AND (n.deleted_ms IS NULL OR n.deleted_ms > @t)
         ORDER BY n.name`,
      ),
      since: db.prepare(`SELECT MIN(time_ms) AS since FROM node_state WHERE context = ?`),
      // A node's last state stays whatever its age: a node that has not changed for a week is still in it.
      pruneStates: db.prepare(
        `DELETE FROM node_state WHERE time_ms < ? AND rowid NOT IN (SELECT MAX(rowid) FROM node_state GROUP BY context, uid)`,
      ),
      pruneNodes: db.prepare(`DELETE FROM nodes WHERE deleted_ms IS NOT NULL AND deleted_ms < ?`),
    };
  }

  /**
   * Whether this sighting of the node is a change to record (its state moved, or it was deleted), and
   * the write that records it (run in the recorder's batch).
   */
  change(context: string, node: Node, deleted: boolean, atMs: number): (() => void) | undefined {
    const uid = node.metadata.uid;
    const name = node.metadata.name;
    if (!uid || !name) return undefined;
    const key = `${context}\u0000${uid}`;
    const signature = deleted ? "deleted" : nodeStateSignature(node);
    let last = this.lastSig.get(key);
    if (last === undefined) last = (this.stmt.lastSig.get(context, uid) as { signature: string } | undefined)?.signature ?? "";
    if (last === signature) return undefined;
    this.lastSig.set(key, signature);
    const state = deleted ? null : JSON.stringify(nodeStateOf(node));
    const object = JSON.stringify({ ...node, metadata: { ...node.metadata, managedFields: undefined } });
    return () => {
      this.stmt.insertState.run(context, uid, atMs, state);
      this.stmt.upsertNode.run({ context, uid, name, object, signature, at: atMs, deleted: deleted ? atMs : null });
    };
  }

  /** The nodes as they were at t: those recorded by then and not yet deleted, each with its state then. */
  at(context: string, t: number): NodesAt {
    const nodes: Node[] = [];
    for (const r of this.stmt.alive.iterate({ context, t }) as IterableIterator<AliveRow>) {
      if (r.state === null) continue; // its last row by t is its deletion
      const node = JSON.parse(r.object) as Node;
      const deletedAt = r.deleted_ms !== null ? new Date(r.deleted_ms).toISOString() : undefined;
      const n = nodeAtTime(node, [{ time: new Date(r.time_ms).toISOString(), state: JSON.parse(r.state) as NodeState }], t, deletedAt);
      if (n) nodes.push(n);
    }
    const since = (this.stmt.since.get(context) as { since: number | null }).since;
    return { nodes, ...(since !== null ? { since: new Date(since).toISOString() } : {}) };
  }

  prune(cutoffMs: number): void {
    if (this.stmt.pruneStates.run(cutoffMs).changes > 0) this.lastSig.clear();
    this.stmt.pruneNodes.run(cutoffMs);
  }
}

interface AliveRow {
  object: string;
  deleted_ms: number | null;
  time_ms: number;
  state: string | null;
}
