// The local node's memory of deleted pods: when a pod's termination completes, its last object,
// every status it went through and its events are kept (one JSON file per UID) for the history
// retention, so a deleted pod stays reachable — its termination included — and a name re-used
// later is a separate incarnation. Files survive server restarts; expired ones go when read.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { DEFAULT_HISTORY_RETENTION_MS, type KubeEvent, type Pod } from "@podscope/core";
import type { HistoryEntry } from "./pod-worker";

export interface DeletedPodRecord {
  /** The last object, with metadata.deletionTimestamp (set when the deletion began). */
  pod: Pod;
  history: HistoryEntry[];
  events: KubeEvent[];
  /** When the pod was gone from the node (its termination and clean-up complete). */
  deletedAt: string;
}

export class DeletedPodStore {
  private readonly records = new Map<string, DeletedPodRecord>();

  constructor(
    private readonly dir: string,
    private readonly now: () => Date,
    private readonly log: (message: string) => void,
    private readonly retentionMs = DEFAULT_HISTORY_RETENTION_MS,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) {
      if (!f.endsWith(".json")) continue;
      try {
        const r = JSON.parse(readFileSync(`${dir}/${f}`, "utf8")) as DeletedPodRecord;
        this.records.set(r.pod.metadata.uid ?? f.slice(0, -5), r);
      } catch (err) {
        // A half-written file (crash during write) loses that pod's history only.
        this.log(`deleted pod record ${f} unreadable, skipped: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  async add(r: DeletedPodRecord): Promise<void> {
    const uid = r.pod.metadata.uid ?? "";
    this.records.set(uid, r);
    await mkdir(this.dir, { recursive: true });
    const file = `${this.dir}/${uid}.json`;
    await writeFile(`${file}.tmp`, JSON.stringify(r));
    await rename(`${file}.tmp`, file);
  }

  /** Every record within retention, most recently deleted first. */
  list(): DeletedPodRecord[] {
    this.expire();
    return [...this.records.values()].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  }

  get(uid: string): DeletedPodRecord | undefined {
    this.expire();
    return this.records.get(uid);
  }

  private expire(): void {
    const cutoff = this.now().getTime() - this.retentionMs;
    for (const [uid, r] of this.records) {
      if (Date.parse(r.deletedAt) >= cutoff) continue;
      this.records.delete(uid);
      rm(`${this.dir}/${uid}.json`, { force: true }).catch((err: unknown) =>
        this.log(`removing expired record of pod ${uid}: ${String(err)}`),
      );
    }
  }
}
