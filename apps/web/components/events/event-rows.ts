// The rows of the Events page, as `kubectl get events` prints them: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, where
// a repeated event reads "3s (x8 over 62s)" — when it was last seen, how many times, and since when (kubectl's
// printer: the age of lastTimestamp, then the count and the age of firstTimestamp). Warnings come first, newest
// first within each type: the page answers "what is wrong right now" before "what happened".
import { humanDuration, type KubeEvent } from "@podscope/core";

export interface EventRow {
  key: string;
  type: string;
  reason: string;
  /** kubectl's OBJECT column: lower-case kind / name (`pod/web-1`, `node/n1`). */
  object: string;
  kind: string;
  namespace: string;
  name: string;
  message: string;
  count: number;
  /** Epoch ms of the last and first occurrence (0 when the event carries no time at all). */
  lastSeen: number;
  firstSeen: number;
}

/** Events v1 may carry a series (count and last observation) instead of count/lastTimestamp. */
interface Series {
  count?: number;
  lastObservedTime?: string;
}

const time = (...candidates: (string | null | undefined)[]): number => {
  for (const c of candidates) {
    const t = c ? Date.parse(c) : NaN;
    if (Number.isFinite(t)) return t;
  }
  return 0;
};

export function eventRow(e: KubeEvent, index = 0): EventRow {
  const series = (e as KubeEvent & { series?: Series }).series;
  const lastSeen = time(
    series?.lastObservedTime,
    e.lastTimestamp,
    e.eventTime,
    e.firstTimestamp,
    e.metadata.creationTimestamp as string | undefined,
  );
  const firstSeen = time(e.firstTimestamp, e.eventTime, e.lastTimestamp, e.metadata.creationTimestamp as string | undefined) || lastSeen;
  const kind = e.involvedObject.kind ?? "";
  const name = e.involvedObject.name ?? "";
  return {
    key: e.metadata.uid ?? `${e.metadata.namespace ?? ""}/${e.metadata.name ?? ""}/${index}`,
    type: e.type ?? "Normal",
    reason: e.reason ?? "",
    object: kind ? `${kind.toLowerCase()}/${name}` : name,
    kind,
    namespace: e.involvedObject.namespace ?? e.metadata.namespace ?? "",
    name,
    message: (e.message ?? "").trim(),
    count: Math.max(1, series?.count ?? e.count ?? 1),
    lastSeen,
    firstSeen: Math.min(firstSeen, lastSeen),
  };
}

/** The LAST SEEN cell: "5s", or "5s (x8 over 62s)" for an event seen more than once. */
export function lastSeenText(row: Pick<EventRow, "count" | "lastSeen" | "firstSeen">, now: number): string {
  if (row.lastSeen === 0) return "<unknown>";
  const last = humanDuration(now - row.lastSeen);
  return row.count > 1 ? `${last} (x${row.count} over ${humanDuration(now - row.firstSeen)})` : last;
}

export interface EventFilter {
  /** "Warning", "Normal", or "" for both. */
  type?: string;
  /** Substring of the reason, case-insensitive. */
  reason?: string;
  /** Substring of the OBJECT column (`pod/web`, `node/`), case-insensitive. */
  object?: string;
  /** Exact namespace; "" for all. Cluster-scoped objects (nodes) have none and show only under "all". */
  namespace?: string;
}

export function eventMatches(row: EventRow, f: EventFilter): boolean {
  if (f.type && row.type !== f.type) return false;
  if (f.namespace && row.namespace !== f.namespace) return false;
  if (f.reason && !row.reason.toLowerCase().includes(f.reason.toLowerCase())) return false;
  if (f.object && !row.object.toLowerCase().includes(f.object.toLowerCase())) return false;
  return true;
}

/** Warnings first, then the most recently seen first; equal times keep a stable order by object and reason. */
export function compareEventRows(a: EventRow, b: EventRow): number {
  const wa = a.type === "Warning" ? 0 : 1;
  const wb = b.type === "Warning" ? 0 : 1;
  if (wa !== wb) return wa - wb;
  if (a.lastSeen !== b.lastSeen) return b.lastSeen - a.lastSeen;
  return a.object.localeCompare(b.object) || a.reason.localeCompare(b.reason);
}

export function eventRows(events: KubeEvent[], filter: EventFilter = {}): EventRow[] {
  return events
    .map(eventRow)
    .filter((r) => eventMatches(r, filter))
    .sort(compareEventRows);
}

/** Where an event's object lives in the dashboard: pods and nodes have pages; other kinds have none. */
export function objectHref(row: Pick<EventRow, "kind" | "namespace" | "name">): string | null {
  if (row.kind === "Pod" && row.namespace && row.name) return `/pods/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.name)}`;
  if (row.kind === "Node" && row.name) return `/nodes/${encodeURIComponent(row.name)}`;
  return null;
}

/**
 * The instants the Events page's scrubber steps to at T: when any event was first and last seen (the moments the
 * table changes), sorted, each once. Rows without a time (0) give none.
 */
export function eventChangeTimes(rows: readonly EventRow[]): number[] {
  const times = new Set<number>();
  for (const r of rows) for (const t of [r.firstSeen, r.lastSeen]) if (t > 0) times.add(t);
  return [...times].sort((a, b) => a - b);
}
