// The pod list's live state: a map of rows fed by the watch stream (SYNC, then ADDED/MODIFIED/DELETED).
// Each change records when it happened so the table can flash that row once; applying an event is O(1).
import { podListRow, type Pod, type PodListRow } from "@podscope/core";
import { podListRowKey, toRow, type PodRow } from "./rows";

export type PodWatchMessage = { type: "SYNC"; objects: Pod[] } | { type: "ADDED" | "MODIFIED" | "DELETED"; object: Pod };
/** The same stream with each Pod already reduced to its list row (the server's `pods.watchRows`). */
export type PodRowWatchMessage = { type: "SYNC"; rows: PodListRow[] } | { type: "ADDED" | "MODIFIED" | "DELETED"; row: PodListRow };

export class PodRowStore {
  readonly rows = new Map<string, PodRow>();
  /** key → time of the last change (clock passed in by the caller). */
  readonly changedAt = new Map<string, number>();
  version = 0;

  /** Applies one watch message of full Pods; returns true when something visible changed. */
  apply(msg: PodWatchMessage, now: number): boolean {
    return this.applyRows(
      msg.type === "SYNC" ? { type: "SYNC", rows: msg.objects.map(podListRow) } : { type: msg.type, row: podListRow(msg.object) },
      now,
    );
  }

  /** Applies one watch message of list rows; returns true when something visible changed. */
  applyRows(msg: PodRowWatchMessage, now: number): boolean {
    if (msg.type === "SYNC") {
      this.rows.clear();
      this.changedAt.clear();
      for (const r of msg.rows) {
        const row = toRow(r);
        this.rows.set(row.key, row);
      }
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
