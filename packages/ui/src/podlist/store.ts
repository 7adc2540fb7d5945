// The pod list's live state: a map of rows fed by the watch stream (SYNC, then ADDED/MODIFIED/DELETED).
// Each change records when it happened so the table can flash that row once; applying an event is O(1).
import type { Pod } from "@podscope/core";
import { podKey, toPodRow, type PodRow } from "./rows";

export type PodWatchMessage = { type: "SYNC"; objects: Pod[] } | { type: "ADDED" | "MODIFIED" | "DELETED"; object: Pod };

export class PodRowStore {
  readonly rows = new Map<string, PodRow>();
  /** key → time of the last change (clock passed in by the caller). */
  readonly changedAt = new Map<string, number>();
  version = 0;

  /** Applies one watch message; returns true when something visible changed. */
  apply(msg: PodWatchMessage, now: number): boolean {
    if (msg.type === "SYNC") {
      this.rows.clear();
      this.changedAt.clear();
      for (const p of msg.objects) {
        const r = toPodRow(p);
        this.rows.set(r.key, r);
      }
      this.version++;
      return true;
    }
    const key = podKey(msg.object);
    if (msg.type === "DELETED") {
      if (!this.rows.delete(key)) return false;
      this.changedAt.delete(key);
    } else {
      const prev = this.rows.get(key);
      if (prev && prev.pod.metadata.resourceVersion && prev.pod.metadata.resourceVersion === msg.object.metadata.resourceVersion)
        return false;
      this.rows.set(key, toPodRow(msg.object));
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
