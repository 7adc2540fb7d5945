// The pod list's live state: a map of rows fed by the watch stream (SYNC, then ADDED/MODIFIED/DELETED).
// Each change records when it happened so the table can flash that row once; applying an event is O(1).
import { podListRow, type Pod, type PodRowWatchMessage } from "@podscope/core";
import { podListRowKey, toRow, type PodRow } from "./rows";

export type PodWatchMessage = { type: "SYNC"; objects: Pod[] } | { type: "ADDED" | "MODIFIED" | "DELETED"; object: Pod };
/** The same stream with each Pod already reduced to its list row (the server's `pods.watchRows`; core's type). */
export type { PodRowWatchMessage };

export class PodRowStore {
  readonly rows = new Map<string, PodRow>();
  /** key → time of the last change (clock passed in by the caller). */
  readonly changedAt = new Map<string, number>();
  version = 0;
  /** Rows of the last list still to come (SYNC_MORE): until 0, `rows` holds only the list's first rows. */
  remaining = 0;
  /** Counts list messages (SYNC, SYNC_MORE): a view orders a new list at once, while it may batch changes. */
  lists = 0;
  /** Counts lists (SYNC messages): a new list starts over, however much of the last one arrived. */
  syncs = 0;

  /** Applies one watch message of full Pods; returns true when something visible changed. */
  apply(msg: PodWatchMessage, now: number): boolean {
    return this.applyRows(
      msg.type === "SYNC"
        ? { type: "SYNC", rows: msg.objects.map(podListRow), remaining: 0 }
        : { type: msg.type, row: podListRow(msg.object) },
      now,
    );
  }

  /** Applies one watch message of list rows; returns true when something visible changed. */
  applyRows(msg: PodRowWatchMessage, now: number): boolean {
    if (msg.type === "SYNC" || msg.type === "SYNC_MORE") {
      // The rest of a list is part of it, not a change: no row flashes.
      if (msg.type === "SYNC") {
        this.syncs++;
        this.rows.clear();
        this.changedAt.clear();
      }
      for (const r of msg.rows) {
        const row = toRow(r);
        this.rows.set(row.key, row);
      }
      this.remaining = msg.remaining;
      this.lists++;
      this.version++;
      return true;
    }
    const key = podListRowKey(msg.row);
    if (msg.type === "DELETED") {
      if (!this.rows.delete(key)) return false;
      this.changedAt.delete(key);
    } else {
      const prev = this.rows.get(key);
      if (prev && prev.resourceVersion && prev.resourceVersion === msg.row.resourceVersion) return false;
      this.rows.set(key, toRow(msg.row));
      this.changedAt.set(key, now);
    }
    this.version++;
    return true;
  }

  /** Forgets highlight marks older than `ms`, so the map does not grow with every change ever seen. */
  expireHighlights(now: number, ms: number): void {
    for (const [k, t] of this.changedAt) if (now - t > ms) this.changedAt.delete(k);
  }
}
