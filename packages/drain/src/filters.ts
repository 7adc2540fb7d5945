// kubectl drain's pod filters (k8s.io/kubectl/pkg/drain), in kubectl's order and with its messages.
// Each filter answers delete / don't delete, optionally with a warning or an error. The chain stops at the first
// "don't delete"; the status kept for a pod is the last one computed, so an earlier warning can be overwritten
// by a later filter's plain "okay" — that is kubectl's behaviour, and why emptyDir data can vanish unannounced.
import type { Pod } from "@podscope/core";
import type { DrainFlags } from "./flags";
import { controllerOf, hasEmptyDir, isFinished } from "./pod-facts";

export const DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
export const DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods";
export const LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)";
export const LOCAL_STORAGE_WARNING = "deleting Pods with local storage";
// kubectl 1.34 writes this constant with "cannot delete" already in it, so its error reads
// "cannot delete cannot delete Pods that declare no controller …" (checked against a real kubectl drain).
export const UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)";
export const UNMANAGED_WARNING = "deleting Pods that declare no controller";
export const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

export type FilterReason = "okay" | "skip" | "warning" | "error";
export interface FilterStatus {
  delete: boolean;
  reason: FilterReason;
  message: string;
  filter: string;
}

export type FilterFlags = Pick<DrainFlags, "force" | "ignoreDaemonSets" | "deleteEmptyDirData" | "skipWaitForDeleteTimeoutSeconds">;

export interface FilterContext {
  flags: FilterFlags;
  /** Seconds since t=0's wall clock minus the pod's deletionTimestamp; undefined when not terminating. */
  deletionAgeSeconds(p: Pod): number | undefined;
  daemonSetExists(namespace: string, name: string): boolean;
}

const okay = (filter: string): FilterStatus => ({ delete: true, reason: "okay", message: "", filter });

type Filter = (p: Pod, c: FilterContext) => FilterStatus;

const skipDeleted: Filter = (p, c) => {
  const n = c.flags.skipWaitForDeleteTimeoutSeconds ?? 0;
  if (n <= 0) return okay("skipDeleted");
  const age = c.deletionAgeSeconds(p);
  // kubectl truncates the age to whole seconds before comparing.
  if (age !== undefined && Math.trunc(age) > n) return { delete: false, reason: "skip", message: "", filter: "skipDeleted" };
  return okay("skipDeleted");
};

const daemonSet: Filter = (p, c) => {
  const ref = controllerOf(p);
  if (!ref || ref.kind !== "DaemonSet") return okay("daemonSet");
  if (isFinished(p)) return okay("daemonSet");
  if (!c.daemonSetExists(p.metadata.namespace ?? "default", ref.name)) {
    const msg = `daemonsets.apps "${ref.name}" not found`;
    // An orphaned DaemonSet pod is removed with a warning under --force (nothing will recreate it).
    if (c.flags.force) return { delete: true, reason: "warning", message: msg, filter: "daemonSet" };
    return { delete: false, reason: "error", message: msg, filter: "daemonSet" };
  }
  if (!c.flags.ignoreDaemonSets) return { delete: false, reason: "error", message: DAEMONSET_FATAL, filter: "daemonSet" };
  return { delete: false, reason: "warning", message: DAEMONSET_WARNING, filter: "daemonSet" };
};

const mirror: Filter = (p) => {
  if (p.metadata.annotations && MIRROR_ANNOTATION in p.metadata.annotations)
    return { delete: false, reason: "skip", message: "", filter: "mirror" };
  return okay("mirror");
};

const localStorage: Filter = (p, c) => {
  if (!hasEmptyDir(p) || isFinished(p)) return okay("localStorage");
  if (!c.flags.deleteEmptyDirData) return { delete: false, reason: "error", message: LOCAL_STORAGE_FATAL, filter: "localStorage" };
  return { delete: true, reason: "warning", message: LOCAL_STORAGE_WARNING, filter: "localStorage" };
};

const unreplicated: Filter = (p, c) => {
  if (isFinished(p) || controllerOf(p)) return okay("unreplicated");
  if (c.flags.force) return { delete: true, reason: "warning", message: UNMANAGED_WARNING, filter: "unreplicated" };
  return { delete: false, reason: "error", message: UNMANAGED_FATAL, filter: "unreplicated" };
};

export const FILTERS: readonly [string, Filter][] = [
  ["skipDeleted", skipDeleted],
  ["daemonSet", daemonSet],
  ["mirror", mirror],
  ["localStorage", localStorage],
  ["unreplicated", unreplicated],
];

/** Run the chain for one pod. `trail` lists every status computed, for explaining overwritten warnings. */
export function filterPod(p: Pod, c: FilterContext): { status: FilterStatus; trail: FilterStatus[] } {
  const trail: FilterStatus[] = [];
  let status = okay("none");
  for (const [, f] of FILTERS) {
    status = f(p, c);
    trail.push(status);
    if (!status.delete) break;
  }
  return { status, trail };
}

/** kubectl's grouping: one string per message, pods in list order. Messages sorted for a stable output. */
export function groupMessages(items: { key: string; status: FilterStatus }[], reason: "error" | "warning"): string[] {
  const groups = new Map<string, string[]>();
  for (const i of items) {
    if (i.status.reason !== reason) continue;
    const msg = i.status.message || "unexpected error";
    if (!groups.has(msg)) groups.set(msg, []);
    groups.get(msg)!.push(i.key);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([msg, pods]) => (reason === "error" ? `cannot delete ${msg}: ${pods.join(", ")}` : `${msg}: ${pods.join(", ")}`));
}
