// Two rehearsals side by side (a PDB changed, more replicas, another flag, an extra node): what differs per pod
// and overall, in plain words.
import type { DrainJson } from "./types";

export interface PodDifference {
  pod: string;
  before: string;
  after: string;
}
export interface DrainComparison {
  result: [string, string];
  duration: [number, number];
  pods: PodDifference[];
  summary: string[];
}

const describePod = (p: DrainJson["pods"][number] | undefined) =>
  p
    ? `${p.action}/${p.outcome}, ${p.attempts} attempt${p.attempts === 1 ? "" : "s"}${p.evictedAt !== null ? `, at ${p.evictedAt}s` : ""}`
    : "not on the node";

function lastTime(r: DrainJson): number {
  return r.timeline.reduce((m, e) => Math.max(m, e.t), 0);
}

export function compareDrains(before: DrainJson, after: DrainJson): DrainComparison {
  const keys = [...new Set([...before.pods.map((p) => p.pod), ...after.pods.map((p) => p.pod)])].sort();
  const pods: PodDifference[] = [];
  for (const k of keys) {
    const a = describePod(before.pods.find((p) => p.pod === k));
    const b = describePod(after.pods.find((p) => p.pod === k));
    if (a !== b) pods.push({ pod: k, before: a, after: b });
  }
  const duration: [number, number] = [lastTime(before), lastTime(after)];
  const summary: string[] = [];
  if (before.result !== after.result) summary.push(`result: ${before.result} → ${after.result}`);
  if (duration[0] !== duration[1]) summary.push(`last event: ${duration[0]} s → ${duration[1]} s`);
  const blocked = (r: DrainJson) => r.pods.filter((p) => p.outcome === "blocked").length;
  if (blocked(before) !== blocked(after)) summary.push(`blocked pods: ${blocked(before)} → ${blocked(after)}`);
  const added = after.findings.filter((f) => !before.findings.includes(f));
  const gone = before.findings.filter((f) => !after.findings.includes(f));
  for (const f of gone) summary.push(`no longer: ${f}`);
  for (const f of added) summary.push(`new: ${f}`);
  if (pods.length) summary.push(`${pods.length} pod${pods.length === 1 ? "" : "s"} fare differently`);
  if (summary.length === 0) summary.push("no difference");
  return { result: [before.result, after.result], duration, pods, summary };
}
