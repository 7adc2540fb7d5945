// Words for the hover tooltip and the accessible names: what a span, tick or marker cluster means,
// with exact times and durations. Pure, so the wording is tested without a browser.
import type { TimelineLane, TimelineModel, TimelineSpan, TimelineTick } from "@podscope/core";
import { explainExitCode } from "@podscope/core";
import type { MarkerCluster } from "./layout";

export interface TimelineDescription {
  title: string;
  lines: string[];
}

/** Durations with useful precision for a timeline: 850ms, 4.2s, 1m20s, 2h05m, 3d4h. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 10) return `${(Math.round(s * 10) / 10).toString()}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

/** Wall-clock time with milliseconds when they matter: 10:00:05 or 10:00:05.120 (UTC or local). */
export function formatClock(t: number, timeZone: "local" | "utc" = "local"): string {
  const d = new Date(t);
  const parts = timeZone === "utc" ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()] : [d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
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
  const state = lane.kind === "condition" ? `${lane.label} = ${s.state}` : lane.kind === "phase" ? `Phase ${s.state}` : (STATE_WORDS[s.state] ?? s.state);
  const who = lane.kind === "container" || lane.kind === "initContainer" ? `${lane.label} — ` : "";
  const lines = [`${formatClock(s.start, timeZone)} → ${s.open ? "now" : formatClock(s.end, timeZone)} (${formatDuration(s.end - s.start)}${s.open ? ", ongoing" : ""})`];
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
    const when = m.count > 1 ? `${m.count}× between ${formatClock(m.firstTime, timeZone)} and ${formatClock(m.lastTime, timeZone)}` : formatClock(m.time, timeZone);
    const lines = [when, m.message];
    if (m.container) lines.push(`container: ${m.container}`);
    if (m.component) lines.push(`from: ${m.component}`);
    lines.push("click for the full event");
    return { title: `${m.type} · ${m.reason}`, lines };
  }
  const byReason = new Map<string, number>();
  for (const m of c.markers) byReason.set(m.reason, (byReason.get(m.reason) ?? 0) + m.count);
  const first = c.markers[0];
  const last = c.markers[c.markers.length - 1];
  const lines = [`${formatClock(first.time, timeZone)} – ${formatClock(last.time, timeZone)}`];
  const top = [...byReason.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [reason, n] of top.slice(0, 6)) lines.push(`${n}× ${reason}`);
  if (top.length > 6) lines.push(`… ${top.length - 6} more reasons`);
  lines.push("zoom in to separate them; click to open the first");
  return { title: `${c.markers.length} events (${c.total} occurrences)`, lines };
}

/**
 * The timeline in a few sentences: what a screen reader announces for the chart, and the <desc> of an
 * exported SVG. Per container: runs, non-zero exits, the longest back-off; then events and signals.
 */
export function summarizeTimeline(model: TimelineModel, timeZone: "local" | "utc" = "local"): string {
  const parts = [`Pod lifecycle from ${formatClock(model.start, timeZone)} to ${formatClock(model.end, timeZone)} (${formatDuration(model.end - model.start)}).`];
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
