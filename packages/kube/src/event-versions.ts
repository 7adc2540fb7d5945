// The versions of each recorded event: the recorder's events table keeps an event's latest object only
// (count 9, last seen 10:20), so an event that kept repeating after T showed its final count at T.
// Every change of count, lastTimestamp or series (core's isEventUpdate) is kept here as one small row,
// and eventsAt rebuilds each event as it was at T (core's eventAtTime). Its own table in the recorder's
// file, written inside the recorder's batches.
import { eventAtTime, eventLastAt, eventVersionOf, isEventUpdate, type EventVersion, type KubeEvent } from "@podscope/core";
import type Database from "better-sqlite3";

/** An event as the recorder returns it: `deletedFromServer` once the API server dropped it (its TTL). */
export type RecordedEvent = KubeEvent & { deletedFromServer?: boolean };

export class EventVersions {
  /** Last version written per (context, event uid): an unchanged update writes nothing. */
  private readonly last = new Map<string, string>();
  private readonly stmt: Record<string, Database.Statement>;

  constructor(db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS event_versions (
        context TEXT NOT NULL, uid TEXT NOT NULL, seen_ms INTEGER NOT NULL, last_ms INTEGER, version TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS event_versions_by_uid ON event_versions (context, uid, last_ms);
      CREATE INDEX IF NOT EXISTS event_versions_by_seen ON event_versions (seen_ms);
    `);
    this.stmt = {
      insert: db.prepare(`INSERT INTO event_versions (context, uid, seen_ms, last_ms, version) VALUES (?, ?, ?, ?, ?)`),
      lastVersion: db.prepare(`SELECT version FROM event_versions WHERE context = ? AND uid = ? ORDER BY rowid DESC LIMIT 1`),
      // The version that had happened last by T (an event repeating after T has later ones).
      versionAt: db.prepare(
        `SELECT version FROM event_versions WHERE context = ? AND uid = ? AND last_ms <= ? ORDER BY last_ms DESC, rowid DESC LIMIT 1`,
      ),
      all: db.prepare(`SELECT event, deleted_ms FROM events WHERE context = ? ORDER BY last_time, seen_ms`),
      prune: db.prepare(`DELETE FROM event_versions WHERE seen_ms < ?`),
    };
  }

  /** Called in the recorder's write batch for each event it upserts. */
  record(context: string, ev: KubeEvent, seenMs: number): void {
    const uid = ev.metadata.uid;
    if (!uid) return;
    const key = `${context}\u0000${uid}`;
    const version = eventVersionOf(ev);
    const json = JSON.stringify(version);
    let prev = this.last.get(key);
    if (prev === undefined) prev = (this.stmt.lastVersion.get(context, uid) as { version: string } | undefined)?.version;
    if (prev !== undefined && !isEventUpdate(JSON.parse(prev) as EventVersion, version)) return;
    this.last.set(key, json);
    const last = eventLastAt(ev);
    this.stmt.insert.run(context, uid, seenMs, Number.isNaN(last) ? null : last, json);
  }

  /** Each event as it was at t: hidden when it had not happened yet, its count and last time then. */
  at(context: string, events: RecordedEvent[], t: number): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (const ev of events) {
      const row = ev.metadata.uid ? (this.stmt.versionAt.get(context, ev.metadata.uid, t) as { version: string } | undefined) : undefined;
      const e = eventAtTime(ev, row ? [JSON.parse(row.version) as EventVersion] : [], t);
      if (e) out.push(e);
    }
    // Oldest first by their last time at T, as the live reads are by their last time now.
    return out.sort((a, b) => (eventLastAt(a) || 0) - (eventLastAt(b) || 0));
  }

  /** Every recorded event of a context (the Events page at T), oldest first. */
  all(context: string): { event: string; deleted_ms: number | null }[] {
    return this.stmt.all.all(context) as { event: string; deleted_ms: number | null }[];
  }

  prune(cutoffMs: number): void {
    if (this.stmt.prune.run(cutoffMs).changes > 0) this.last.clear();
  }
}
