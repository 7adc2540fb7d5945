// A pod's row in a drain report before any request is sent: what kubectl will do with it (from its filter
// status) and how it starts out. Shared by the simulator and the live drain.
import type { FilterStatus } from "./filters";
import type { DrainPodReport, PodAction } from "./types";

export function actionFor(s: FilterStatus, disableEviction: boolean): PodAction {
  if (s.reason === "skip") return "skip";
  // A DaemonSet pod kept by its filter (warning or error) is what --ignore-daemonsets leaves alone.
  if (!s.delete && s.filter === "daemonSet" && (s.reason === "warning" || s.message.startsWith("DaemonSet-managed"))) return "ignore";
  return disableEviction ? "delete" : "evict";
}

export function initialReport(pod: string, s: FilterStatus, disableEviction: boolean): DrainPodReport {
  const outcome = s.reason === "skip" ? "skipped" : s.reason === "warning" && !s.delete ? "ignored" : "not-attempted";
  return { pod, action: actionFor(s, disableEviction), outcome, pdb: null, attempts: 0, message: s.message, evictedAt: null };
}
