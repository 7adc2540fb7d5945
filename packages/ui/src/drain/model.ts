// Pure model behind the DrainBoard: lanes per pod over the virtual clock, PDB state at a time, what kubectl
// had printed by then. The input is a drain result of @podscope/drain: the `podscope drain -o json` shape,
// optionally with the richer fields simulateDrain returns (kubectl's lines, PDB series, replacements).
import type { DrainJson, DrainResult } from "@podscope/drain";

export type DrainBoardData = DrainJson &
  Partial<Omit<DrainResult, keyof DrainJson>> & {
    /**
     * Each drained pod's status before the drain (its phase and kubectl's STATUS reason, e.g. Failed / OOMKilled),
     * added by the API from the cluster it ran on; without it a pod no request has touched reads "running".
     */
    startStatus?: Record<string, { phase: string; reason: string | null }>;
  };

export type SegmentKind = "blocked" | "prestop" | "terminating" | "killed" | "pending" | "starting" | "ready";
export type MarkerKind = "evict" | "429" | "error" | "endpoints" | "sigterm" | "sigkill" | "gone" | "scheduled" | "failed-scheduling";

export interface Segment {
  from: number;
  to: number;
  kind: SegmentKind;
  label: string;
}
export interface Marker {
  t: number;
  kind: MarkerKind;
  label: string;
}
export interface Lane {
  id: string;
  title: string;
  subtitle: string;
  role: "drained" | "replacement";
  segments: Segment[];
  markers: Marker[];
  /** The full caption, for the tooltip (the label column shortens it). */
  detail?: string;
}

const MARKER_OF: Record<string, MarkerKind | undefined> = {
  evict: "evict",
  "evict-429": "429",
  "evict-error": "error",
  "endpoints-removed": "endpoints",
  sigterm: "sigterm",
  sigkill: "sigkill",
  "pod-gone": "gone",
  scheduled: "scheduled",
  "failed-scheduling": "failed-scheduling",
  delete: "evict",
};

/** The end of the picture: the last thing that happened (at least 1 s, so an empty drain still has an axis). */
export function endTime(d: DrainBoardData): number {
  let end = Math.max(1, d.endedAt ?? 0);
  for (const e of d.timeline) end = Math.max(end, e.t);
  return end;
}

/** Distinct instants where something happens, for "step" and for the scrubber's ticks. */
export function stepTimes(d: DrainBoardData): number[] {
  return [...new Set(d.timeline.map((e) => e.t))].sort((a, b) => a - b);
}

export function nextStep(d: DrainBoardData, t: number): number {
  return stepTimes(d).find((x) => x > t + 1e-9) ?? endTime(d);
}

export function previousStep(d: DrainBoardData, t: number): number {
  const before = stepTimes(d).filter((x) => x < t - 1e-9);
  return before.length ? before[before.length - 1] : 0;
}

const OWNER = /^created by (\S+) (\S+) to replace (\S+)$/;

/**
 * Which drained pod each replacement stands in for. A controller that sees several of its pods go at one instant
 * creates several pods in one sync, and the simulator names the pod that triggered the sync in each of them (under
 * --disable-eviction all three replacements read "to replace" the first pod). A controller's pod is replaced once:
 * each replacement takes the pod it names if that one is still unpaired, else the next pod of the same controller
 * that had left by then (generated names are the owner's name and a suffix; a StatefulSet's keeps the name).
 */
export function replacedPods(d: DrainBoardData): Map<string, string> {
  const left = new Map<string, number>();
  for (const e of d.timeline) {
    const pod = e.object.replace(/^pod\//, "");
    if ((e.kind === "evict-accepted" || e.kind === "delete") && !left.has(pod)) left.set(pod, e.t);
  }
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const e of d.timeline) {
    if (e.kind !== "replacement-created") continue;
    const id = e.object.replace(/^pod\//, "");
    const m = OWNER.exec(e.message);
    if (!m) continue;
    const [, kind, owner, named] = m;
    const ns = named.split("/")[0];
    const mine = (pod: string) =>
      pod === named ||
      (pod.startsWith(`${ns}/`) && (kind === "StatefulSet" ? pod === id : pod.slice(ns.length + 1).startsWith(`${owner}-`)));
    const gone = (pod: string) => (left.get(pod) ?? Infinity) <= e.t + 1e-9;
    const pick = !used.has(named)
      ? named
      : (d.pods
          .map((p) => p.pod)
          .filter((p) => !used.has(p) && mine(p) && gone(p))
          .sort((a, b) => left.get(a)! - left.get(b)!)[0] ?? named);
    used.add(pick);
    out.set(id, pick);
  }
  return out;
}

export function buildLanes(d: DrainBoardData): Lane[] {
  const end = endTime(d);
  const byObject = new Map<string, DrainBoardData["timeline"]>();
  for (const e of d.timeline) {
    if (!byObject.has(e.object)) byObject.set(e.object, []);
    byObject.get(e.object)!.push(e);
  }
  const lanes: Lane[] = [];
  for (const p of d.pods) {
    const events = byObject.get(`pod/${p.pod}`) ?? [];
    const lane: Lane = {
      id: p.pod,
      title: p.pod,
      subtitle: `${p.action}${p.pdb ? ` · PDB ${p.pdb}` : ""}`,
      role: "drained",
      segments: [],
      markers: [],
    };
    const first429 = events.find((e) => e.kind === "evict-429");
    const accepted = events.find((e) => e.kind === "evict-accepted" || e.kind === "delete");
    const sigterm = events.find((e) => e.kind === "sigterm");
    const sigkill = events.find((e) => e.kind === "sigkill");
    const gone = events.find((e) => e.kind === "pod-gone");
    if (first429) lane.segments.push({ from: first429.t, to: accepted?.t ?? end, kind: "blocked", label: first429.message });
    if (accepted) {
      const stop = gone?.t ?? end;
      const pre = events.find((e) => e.kind === "prestop");
      if (pre && sigterm) lane.segments.push({ from: accepted.t, to: sigterm.t, kind: "prestop", label: pre.message });
      const termFrom = sigterm?.t ?? accepted.t;
      if (sigkill) {
        lane.segments.push({ from: termFrom, to: sigkill.t, kind: "terminating", label: "SIGTERM sent, grace period running" });
        lane.segments.push({ from: sigkill.t, to: stop, kind: "killed", label: sigkill.message });
      } else if (stop > termFrom) {
        lane.segments.push({ from: termFrom, to: stop, kind: "terminating", label: "terminating" });
      }
    }
    for (const e of events) {
      const k = MARKER_OF[e.kind];
      if (k) lane.markers.push({ t: e.t, kind: k, label: e.message });
    }
    lanes.push(lane);
  }
  // Replacement pods, in the order they were created.
  const replacedBy = replacedPods(d);
  for (const created of d.timeline.filter((e) => e.kind === "replacement-created")) {
    const events = byObject.get(created.object) ?? [];
    const id = created.object.replace(/^pod\//, "");
    const info = d.replacements?.find((r) => r.pod === id);
    const scheduled = events.find((e) => e.kind === "scheduled");
    const ready = events.find((e) => e.kind === "ready");
    const replaced = replacedBy.get(id);
    const owner = OWNER.exec(created.message);
    const where = info?.node ?? (scheduled ? / to (\S+)$/.exec(scheduled.message)?.[1] : undefined);
    const lane: Lane = {
      id,
      title: id,
      role: "replacement",
      segments: [],
      markers: [],
      subtitle: `${replaced ? `replaces ${replaced.replace(/^[^/]+\//, "")}` : created.message}${where ? ` → ${where}` : " → Pending"}`,
      detail: `${owner ? `created by ${owner[1]} ${owner[2]}` : created.message}${replaced ? ` to replace ${replaced}` : ""}${where ? `, scheduled to ${where}` : ""}`,
    };
    lane.segments.push({
      from: created.t,
      to: scheduled?.t ?? end,
      kind: "pending",
      label: events.find((e) => e.kind === "failed-scheduling")?.message ?? "Pending",
    });
    if (scheduled) lane.segments.push({ from: scheduled.t, to: ready?.t ?? end, kind: "starting", label: scheduled.message });
    if (ready) lane.segments.push({ from: ready.t, to: end, kind: "ready", label: ready.message });
    for (const e of events) {
      const k = MARKER_OF[e.kind];
      if (k) lane.markers.push({ t: e.t, kind: k, label: e.message });
    }
    lanes.push(lane);
  }
  return lanes;
}

export interface PdbGauge {
  pdb: string;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
}

const STATUS = /desiredHealthy=(\d+) currentHealthy=(\d+) disruptionsAllowed=(\d+) expectedPods=(\d+)/;
const DECREMENT = /^disruptionsAllowed decremented to (\d+)/;

/** PDB samples from the timeline's pdb-status entries, for rehearsals that carry only the JSON shape. */
export function pdbSeriesFromTimeline(d: DrainBoardData): NonNullable<DrainBoardData["pdbSeries"]> {
  const out: NonNullable<DrainBoardData["pdbSeries"]> = [];
  const last = new Map<string, PdbGauge>();
  for (const e of d.timeline) {
    if (e.kind !== "pdb-status") continue;
    const pdb = e.object.replace(/^pdb\//, "");
    const full = STATUS.exec(e.message);
    const dec = DECREMENT.exec(e.message);
    let g: PdbGauge | undefined;
    if (full) g = { pdb, desiredHealthy: +full[1], currentHealthy: +full[2], disruptionsAllowed: +full[3], expectedPods: +full[4] };
    else if (dec && last.has(pdb)) g = { ...last.get(pdb)!, disruptionsAllowed: +dec[1] };
    if (!g) continue;
    last.set(pdb, g);
    out.push({ t: e.t, ...g });
  }
  return out;
}

/** Each PDB's last known status at time t (the series holds one sample per change). */
export function pdbGaugesAt(d: DrainBoardData, t: number): PdbGauge[] {
  const latest = new Map<string, PdbGauge>();
  for (const s of d.pdbSeries ?? pdbSeriesFromTimeline(d)) {
    if (s.t > t + 1e-9) continue;
    latest.set(s.pdb, {
      pdb: s.pdb,
      desiredHealthy: s.desiredHealthy,
      currentHealthy: s.currentHealthy,
      disruptionsAllowed: s.disruptionsAllowed,
      expectedPods: s.expectedPods,
    });
  }
  // Only the budgets that govern a pod of this drain: a live cluster has many others, and they do not move.
  const governing = new Set(d.pods.map((p) => p.pdb).filter((x): x is string => !!x));
  return [...latest.values()].filter((g) => governing.has(g.pdb)).sort((a, b) => (a.pdb < b.pdb ? -1 : 1));
}

export function kubectlUntil(d: DrainBoardData, t: number): { stream: "out" | "err"; line: string }[] {
  return (d.kubectl ?? []).filter((l) => l.t <= t + 1e-9);
}
