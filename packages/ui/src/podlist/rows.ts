// Pod list rows: what the table shows for one pod, computed once per pod change (not per frame), so
// 30,000 rows can be filtered and sorted on every keystroke. Times that move with the clock (AGE,
// "x ago") are stored as instants and formatted only for the rows on screen.
import {
  matchesLabelRequirements,
  naturalSortKey as natural,
  parseLabelSelector,
  podListOrderKey,
  podListRow,
  type Pod,
  type PodListRow,
} from "@podscope/core";

/** A list row (core's PodListRow, computed by the server) with the keys the client filters and sorts by. */
export interface PodRow extends PodListRow {
  key: string;
  /** Lower-cased text the free-text filter looks in. */
  haystack: string;
  /** Sort keys with digit runs zero-padded (core's naturalSortKey): numbers inside names sort as numbers. */
  sortName: string;
  sortNode: string;
  /** namespace + name, padded the same way: the list's default order (core's podListOrderKey). */
  sortKey: string;
  /** A recorded incarnation that is gone (ms since epoch of its deletion); absent for a live pod. */
  deletedMs?: number;
}

export const podKey = (pod: Pod) => `${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""}`;
export const podListRowKey = (r: Pick<PodListRow, "namespace" | "name">) => `${r.namespace}/${r.name}`;

/** Adds the client's filter and sort keys to a row as the server sends it. */
export function toRow(r: PodListRow): PodRow {
  return {
    ...r,
    key: podListRowKey(r),
    haystack: `${r.namespace}/${r.name} ${r.status} ${r.node} ${r.ip}`.toLowerCase(),
    sortName: natural(r.name),
    sortNode: natural(r.node),
    sortKey: podListOrderKey(r.namespace, r.name),
  };
}

export function toPodRow(pod: Pod): PodRow {
  return toRow(podListRow(pod));
}

/**
 * A deleted pod's row: its last known object, STATUS "Deleted", keyed by UID so it never collides
 * with the live pod (or another deleted one) of the same name.
 */
export function toDeletedPodRow(pod: Pod, deletedAt: string): PodRow {
  const row = toPodRow(pod);
  const uid = pod.metadata.uid ?? "";
  return {
    ...row,
    key: `${row.key}@${uid}`,
    uid,
    status: "Deleted",
    ready: "-",
    deletedMs: Date.parse(deletedAt),
    haystack: `${row.haystack} deleted ${uid}`,
  };
}

export interface PodFilter {
  text?: string;
  namespace?: string;
  status?: string;
  selector?: string;
}

/** Builds the filter predicate; a bad label selector throws SelectorError (shown next to the input). */
export function podRowFilter(f: PodFilter): (row: PodRow) => boolean {
  const words = (f.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const selector = parseLabelSelector(f.selector ?? "");
  const ns = f.namespace || "";
  const status = f.status || "";
  return (row) => {
    if (ns && row.namespace !== ns) return false;
    if (status && row.status !== status) return false;
    for (const w of words) if (!row.haystack.includes(w)) return false;
    return matchesLabelRequirements(selector, row.labels);
  };
}

export type PodSortKey = "name" | "namespace" | "ready" | "status" | "restarts" | "age" | "qos" | "node" | "ip";

function ipValue(ip: string): number {
  const p = ip.split(".");
  if (p.length !== 4) return Number.MAX_SAFE_INTEGER;
  return ((+p[0] * 256 + +p[1]) * 256 + +p[2]) * 256 + +p[3];
}

/** Comparator for a column; AGE sorts youngest first when ascending, like reading the AGE column upward. */
export function comparePodRows(key: PodSortKey): (a: PodRow, b: PodRow) => number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const byName = (a: PodRow, b: PodRow) => cmp(a.sortKey, b.sortKey);
  const str = (f: (r: PodRow) => string) => (a: PodRow, b: PodRow) => cmp(f(a), f(b)) || byName(a, b);
  const num = (f: (r: PodRow) => number) => (a: PodRow, b: PodRow) => f(a) - f(b) || byName(a, b);
  switch (key) {
    case "name":
      return str((r) => r.sortName);
    case "namespace":
      return byName;
    case "ready":
      return num((r) => {
        const [x, y] = r.ready.split("/").map(Number);
        return y ? x / y : 0;
      });
    case "status":
      return str((r) => r.status);
    case "restarts":
      return num((r) => r.restartCount);
    case "age":
      return num((r) => -(r.createdMs ?? 0));
    case "qos":
      return str((r) => r.qos);
    case "node":
      return str((r) => r.sortNode);
    case "ip":
      return num((r) => ipValue(r.ip));
  }
}
