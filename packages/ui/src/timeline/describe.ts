// Words for the hover tooltip and the accessible names: what a span, tick or marker cluster means,
// with exact times and durations. Pure, so the wording is tested without a browser.
import type { TimelineLane, TimelineModel, TimelineSpan, TimelineTick } from "@podscope/core";
import { explainExitCode, humanDurationFine } from "@podscope/core";
import type { MarkerCluster } from "./layout";
import type { PlacedMarker } from "./markers";

export interface TimelineDescription {
  title: string;
  lines: string[];
}

/** Durations in the words used everywhere else (kubectl's: 1m20s, 125m, 3d4h), with milliseconds below a second. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  return humanDurationFine(ms);
}

/** "10:01:10 Started ×3 (app)", one line of a cluster's list; an occurrence says which one it is. */
function markerLine(m: PlacedMarker, timeZone: "local" | "utc"): string {
  const times = m.count > 1 ? ` ×${m.count}` : "";
  const which = m.occurrence ? ` — ${m.occurrence.index} of ${m.occurrence.of}${m.occurrence.inferred ? ", time inferred" : ""}` : "";
  return `${formatClock(m.time, timeZone)} ${m.type === "Warning" ? "⚠ " : ""}${m.reason}${times}${m.container ? ` (${m.container})` : ""}${which}`;
}

/** Wall-clock time with milliseconds when they matter: 10:00:05 or 10:00:05.120 (UTC or local). */
export function formatClock(t: number, timeZone: "local" | "utc" = "local"): string {
  const d = new Date(t);
  const parts =
    timeZone === "utc"
      ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
      : [d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  const [h, m, s, ms] = parts;
  const base = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return (ms ? `${base}.${String(ms).padStart(3, "0")}` : base) + (timeZone === "utc" ? "Z" : "");
}

const STATE_WORDS: Record<string, string> = {
  waiting: "Waiting",
  running: "Running",
  terminated: "Terminated",
  backoff: "Back-off (waiting to restart)",
  unobserved: "Not observed",
  hook: "Lifecycle hook",
  grace: "Grace period",
};

export function describeSpan(s: TimelineSpan, lane: TimelineLane, timeZone: "local" | "utc" = "local"): TimelineDescription {
  const state =
    lane.kind === "condition"
      ? `${lane.label} = ${s.state}`
      : lane.kind === "phase"
        ? `Phase ${s.state}`
        : (STATE_WORDS[s.state] ?? s.state);
  const who = lane.kind === "container" || lane.kind === "initContainer" ? `${lane.label} — ` : "";
  const lines = [
    `${formatClock(s.start, timeZone)} → ${s.open ? "now" : formatClock(s.end, timeZone)} (${formatDuration(s.end - s.start)}${s.open ? ", ongoing" : ""})`,
  ];
  if (s.run !== undefined) lines.push(s.run === 0 ? "first run" : `run after restart ${s.run}`);
  if (s.reason) lines.push(`reason: ${s.reason}`);
  if (s.exitCode !== undefined) {
    const e = explainExitCode(s.exitCode, s.reason, s.signal);
    lines.push(`exit code ${s.exitCode}${e.signalName ? ` (${e.signalName})` : ""}: ${e.summary}`);
  }
  if (s.message) lines.push(s.message);
  if (s.inferred) lines.push("start reconstructed from status timestamps (not observed live)");
  return { title: `${who}${state}`, lines };
}

export function describeTick(t: TimelineTick, timeZone: "local" | "utc" = "local"): TimelineDescription {
  const lines = [formatClock(t.time, timeZone)];
  if (t.detail) lines.push(t.detail);
  if (t.inferred) lines.push("time inferred, not reported by kubelet");
  return { title: t.label, lines };
}

export function describeCluster(c: MarkerCluster, timeZone: "local" | "utc" = "local"): TimelineDescription {
  if (c.markers.length === 1) {
    const m = c.markers[0];
    const when = m.occurrence
      ? `${formatClock(m.time, timeZone)} — occurrence ${m.occurrence.index} of ${m.occurrence.of}${m.occurrence.inferred ? " (time inferred from the container's start; the event gives only its first and last)" : ""}${m.count > 1 ? `, with ${m.count - 1} more not placed` : ""}`
      : m.count > 1
        ? `${m.count}× between ${formatClock(m.firstTime, timeZone)} and ${formatClock(m.lastTime, timeZone)}`
        : formatClock(m.time, timeZone);
    const lines = [when, m.message];
    if (m.container) lines.push(`container: ${m.container}`);
    if (m.component) lines.push(`from: ${m.component}`);
    lines.push("click for the full event");
    return { title: `${m.type} · ${m.reason}`, lines };
  }
  const first = c.markers[0];
  const last = c.markers[c.markers.length - 1];
  // Every event of the cluster, in time order: the list is what the glyph hides.
  const lines = [
    `${formatClock(first.time, timeZone)} – ${formatClock(last.time, timeZone)}`,
    ...c.markers.map((m) => markerLine(m, timeZone)),
  ];
  lines.push("zoom in to separate them; click to zoom in (or open the last when they share a time)");
  return { title: `${c.markers.length} events (${c.total} occurrences)`, lines };
}

/**
 * The timeline in a few sentences: what a screen reader announces for the chart, and the <desc> of an
 * exported SVG. Per container: runs, non-zero exits, the longest back-off; then events and signals.
 */
export function summarizeTimeline(model: TimelineModel, timeZone: "local" | "utc" = "local"): string {
  const parts = [
    `Pod lifecycle from ${formatClock(model.start, timeZone)} to ${formatClock(model.end, timeZone)} (${formatDuration(model.end - model.start)}).`,
  ];
  const phase = model.lanes.find((l) => l.kind === "phase");
  if (phase?.spans.length) parts.push(`Phase: ${phase.spans.map((s) => s.state).join(" → ")}.`);
  for (const l of model.lanes) {
    if (l.kind !== "container" && l.kind !== "initContainer") continue;
    const runs = l.spans.filter((s) => s.state === "running");
    const failed = runs.filter((s) => s.exitCode !== undefined && s.exitCode !== 0);
    const waits = l.spans.filter((s) => s.state === "backoff");
    const longest = waits.reduce((m, s) => Math.max(m, s.end - s.start), 0);
    const last = l.spans[l.spans.length - 1];
    const bits = [`${runs.length} run${runs.length === 1 ? "" : "s"}`];
    if (failed.length) bits.push(`${failed.length} failed (exit ${[...new Set(failed.map((s) => s.exitCode))].join(", ")})`);
    if (waits.length) bits.push(`${waits.length} back-off wait${waits.length === 1 ? "" : "s"}, longest ${formatDuration(longest)}`);
    if (last) bits.push(`now ${last.state}${last.reason ? ` (${last.reason})` : ""}`);
    parts.push(`${l.label}: ${bits.join(", ")}.`);
  }
  const warnings = model.markers.filter((m) => m.type === "Warning");
  const reasons = [...new Set(warnings.map((m) => m.reason))];
  parts.push(`${model.markers.length} events, ${warnings.length} warnings${reasons.length ? ` (${reasons.join(", ")})` : ""}.`);
  const signals = model.lanes.find((l) => l.kind === "signals");
  const kills = signals?.ticks.filter((t) => t.kind === "KILL").length ?? 0;
  if (signals) parts.push(`Termination: ${signals.ticks.filter((t) => t.kind === "TERM").length} TERM, ${kills} KILL.`);
  return parts.join(" ");
}
