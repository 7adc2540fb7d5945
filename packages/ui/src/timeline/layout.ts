// Pure layout of the lifecycle timeline: where every row, span, tick and event marker goes for a given
// width and visible time window. No DOM, no React — so it is tested directly, and the component only draws.
import type { TimelineLane, TimelineMarker, TimelineModel, TimelineSpan, TimelineTick } from "@podscope/core";
import { scaleLinear, scaleTime, scaleUtc, timeFormat, utcFormat } from "d3";

export type TimeDomain = [number, number];

export interface LayoutOptions {
  width: number;
  /** The visible time window (ms since epoch). */
  domain: TimeDomain;
  labelWidth?: number;
  rowHeight?: number;
  eventRowHeight?: number;
  axisHeight?: number;
  /** Gap added between groups of lanes (phase | conditions | containers | hooks & signals | events). */
  groupGap?: number;
  paddingRight?: number;
  /** Markers closer than this many pixels are drawn as one cluster with a count badge. */
  clusterPx?: number;
  /** Where the "now" line goes (defaults to model.now). */
  now?: number;
  timeZone?: "local" | "utc";
}

export type TimelineRowKind = TimelineLane["kind"] | "events-warning" | "events-normal";

export interface TimelineRow {
  id: string;
  kind: TimelineRowKind;
  label: string;
  y: number;
  height: number;
  lane?: TimelineLane;
  /** First row of a new group: the component draws a separator above it. */
  groupStart: boolean;
}

export interface LaidSpan {
  key: string;
  rowId: string;
  x: number;
  width: number;
  y: number;
  height: number;
  span: TimelineSpan;
  /** Style class: the state, refined (a non-zero exit is `running-failed`, a clean exit `terminated-ok` …). */
  tone: string;
  /** The label fits inside the bar. */
  showLabel: boolean;
  /** The text to show (the label, or a shortened form). */
  text: string;
}

export interface LaidTick {
  key: string;
  rowId: string;
  x: number;
  y: number;
  height: number;
  tick: TimelineTick;
  /** Text drawn beside the tick (hooks and signals lanes) when it does not collide with the previous one. */
  text?: string;
}

export interface LegendItem {
  tone: string;
  label: string;
  x: number;
  y: number;
}

export interface MarkerCluster {
  key: string;
  rowId: string;
  x: number;
  y: number;
  markers: TimelineMarker[];
  /** Sum of the events' counts (an event that happened 5 times counts 5). */
  total: number;
  warning: boolean;
  /** For a lone event that happened several times: x of its first occurrence (a thin line runs from there). */
  fromX?: number;
}

export interface AxisTick {
  x: number;
  label: string;
}

export interface TimelineLayout {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  axisY: number;
  domain: TimeDomain;
  rows: TimelineRow[];
  spans: LaidSpan[];
  ticks: LaidTick[];
  clusters: MarkerCluster[];
  axis: AxisTick[];
  /** x of the now line, or null when now is outside the window. */
  nowX: number | null;
  legend: LegendItem[];
  legendY: number;
}

/** The legend's entries: every colour and pattern the timeline uses, in words. */
export const TIMELINE_LEGEND: { tone: string; label: string }[] = [
  { tone: "running", label: "running" },
  { tone: "running-failed", label: "exited ≠ 0" },
  { tone: "waiting", label: "waiting" },
  { tone: "waiting-error", label: "cannot start" },
  { tone: "backoff", label: "back-off" },
  { tone: "terminated-ok", label: "terminated" },
  { tone: "unobserved", label: "not observed" },
  { tone: "cond-true", label: "condition True" },
  { tone: "cond-false", label: "condition False" },
  { tone: "hook", label: "hook" },
  { tone: "grace", label: "grace period" },
  { tone: "m-normal", label: "event" },
  { tone: "m-warning", label: "warning event" },
  { tone: "now", label: "now" },
];

/** Places legend entries left to right, wrapping to a new line when the width runs out. */
export function layoutLegend(width: number, left: number, top: number): { items: LegendItem[]; height: number } {
  const items: LegendItem[] = [];
  let x = left;
  let y = top;
  for (const e of TIMELINE_LEGEND) {
    const w = 18 + e.label.length * TIMELINE_CHAR_PX + 14;
    if (x + w > width - 8 && x > left) {
      x = left;
      y += 18;
    }
    items.push({ ...e, x, y });
    x += w;
  }
  return { items, height: y - top + 18 };
}

export const TIMELINE_LAYOUT_DEFAULTS = {
  labelWidth: 176,
  rowHeight: 24,
  eventRowHeight: 26,
  axisHeight: 34,
  groupGap: 10,
  paddingRight: 16,
  clusterPx: 12,
};

/** Average glyph width of the 11px UI font, used to decide whether a label fits in its bar. */
export const TIMELINE_CHAR_PX = 6.3;

function groupOf(kind: TimelineRowKind): number {
  switch (kind) {
    case "phase":
      return 0;
    case "condition":
      return 1;
    case "initContainer":
    case "container":
      return 2;
    case "hooks":
    case "signals":
      return 3;
    default:
      return 4;
  }
}

/** The visible window that shows the whole model, with a little air on both sides. */
export function fitDomain(model: TimelineModel, now = model.now): TimeDomain {
  const start = model.start;
  // A deleted pod's story ends at its deletion; a live one's at now.
  const end = model.deletedAt !== undefined ? model.end : Math.max(model.end, now);
  const span = Math.max(end - start, 10_000);
  return [start - span * 0.01, start + span * 1.03];
}

/** Zoom the window by `factor` (>1 zooms in) around time `center`, never beyond `bounds` nor below `minSpanMs`. */
export function zoomDomain(domain: TimeDomain, factor: number, center: number, bounds: TimeDomain, minSpanMs = 200): TimeDomain {
  const width = Math.max(minSpanMs, Math.min(bounds[1] - bounds[0], (domain[1] - domain[0]) / factor));
  const ratio = (center - domain[0]) / (domain[1] - domain[0] || 1);
  return clampDomain([center - ratio * width, center - ratio * width + width], bounds);
}

/** Move the window by `deltaMs`, keeping it inside `bounds`. */
export function panDomain(domain: TimeDomain, deltaMs: number, bounds: TimeDomain): TimeDomain {
  return clampDomain([domain[0] + deltaMs, domain[1] + deltaMs], bounds);
}

function clampDomain(d: TimeDomain, bounds: TimeDomain): TimeDomain {
  const w = d[1] - d[0];
  if (w >= bounds[1] - bounds[0]) return [bounds[0], bounds[1]];
  if (d[0] < bounds[0]) return [bounds[0], bounds[0] + w];
  if (d[1] > bounds[1]) return [bounds[1] - w, bounds[1]];
  return d;
}

// Waiting reasons that mean "this will not start until someone fixes something".
const ERROR_WAITS = new Set(["ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName", "ImageInspectError", "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "PreStartHookError", "PostStartHookError"]);

/** A span's colour class. */
export function spanTone(s: TimelineSpan): string {
  switch (s.state) {
    case "waiting":
      return s.reason && ERROR_WAITS.has(s.reason) ? "waiting-error" : "waiting";
    case "running":
      if (s.exitCode === undefined) return "running";
      return s.exitCode === 0 ? "running" : "running-failed";
    case "terminated":
      return s.exitCode === 0 ? "terminated-ok" : "terminated-failed";
    case "True":
      return "cond-true";
    case "False":
      return "cond-false";
    case "Unknown":
      return "unknown";
    default:
      return s.state.toLowerCase();
  }
}

function fitText(label: string, width: number): { show: boolean; text: string } {
  const room = Math.floor((width - 8) / TIMELINE_CHAR_PX);
  if (room >= label.length) return { show: true, text: label };
  // Shorten "exit 1 · Error" to "exit 1", "back-off 10s" stays; below 4 characters show nothing.
  const short = label.split(" · ")[0];
  if (room >= short.length) return { show: true, text: short };
  return { show: false, text: label };
}

/**
 * Groups markers that would overlap into clusters, left to right: a marker joins the current cluster while it
 * is within `px` of the cluster's first marker. Linear in the number of markers (they arrive sorted by time).
 */
export function clusterMarkers(markers: TimelineMarker[], x: (t: number) => number, px: number, rowId: string, y: number, minX: number, maxX: number): MarkerCluster[] {
  const out: MarkerCluster[] = [];
  let cur: { x0: number; x1: number; list: TimelineMarker[] } | undefined;
  const flush = () => {
    if (!cur) return;
    const list = cur.list;
    let total = 0;
    let warning = false;
    for (const m of list) {
      total += m.count;
      if (m.type === "Warning") warning = true;
    }
    out.push({ key: `${rowId}:${list[0].id}`, rowId, x: (cur.x0 + cur.x1) / 2, y, markers: list, total, warning });
    cur = undefined;
  };
  for (const m of markers) {
    const mx = x(m.time);
    if (mx < minX - 0.5 || mx > maxX + 0.5) continue;
    if (cur && mx - cur.x0 <= px) {
      cur.list.push(m);
      cur.x1 = mx;
    } else {
      flush();
      cur = { x0: mx, x1: mx, list: [m] };
    }
  }
  flush();
  // A count badge sticks out to the right of its glyph: where it would cover the next glyph, merge the two.
  const merged: MarkerCluster[] = [];
  for (const c of out) {
    const prev = merged[merged.length - 1];
    if (prev && prev.x + MARKER_RADIUS + badgeWidth(prev.total) + 2 > c.x - MARKER_RADIUS) {
      const list = prev.markers.concat(c.markers);
      merged[merged.length - 1] = { ...prev, x: (x(list[0].time) + x(list[list.length - 1].time)) / 2, markers: list, total: prev.total + c.total, warning: prev.warning || c.warning };
    } else merged.push(c);
  }
  for (const c of merged) {
    const m = c.markers[0];
    if (c.markers.length === 1 && m.count > 1 && m.firstTime < m.time) c.fromX = Math.max(minX, x(m.firstTime));
  }
  return merged;
}

export const MARKER_RADIUS = 7;

/** Width of a cluster's count badge ("12", "999+"); 0 when there is nothing to count. */
export function badgeWidth(total: number): number {
  if (total <= 1) return 0;
  return (total > 999 ? 4 : String(total).length) * 5.6 + 6;
}

// Signals first (TERM, KILL), then the deletion marks: a text is placed only where it overlaps no other.
const TICK_PRIORITY: Record<string, number> = { KILL: 0, TERM: 1, deletion: 2, deadline: 3 };

/** Chooses which ticks get a text beside them so that no two texts overlap (pure; mutates `ticks`). */
export function labelTicks(ticks: LaidTick[], plotRight: number): void {
  const taken: [number, number][] = [];
  const order = [...ticks].sort((a, b) => (TICK_PRIORITY[a.tick.kind] ?? 9) - (TICK_PRIORITY[b.tick.kind] ?? 9) || a.x - b.x);
  for (const t of order) {
    const from = t.x + 3;
    // The full text ("TERM app"), else just the signal ("TERM") when the full one does not fit.
    for (const text of [t.tick.label, t.tick.label.split(" ")[0]]) {
      const to = from + text.length * TIMELINE_CHAR_PX * 1.15; // bold 10px capitals run wider than body text
      if (to > plotRight + 12) continue;
      if (taken.some(([a, b]) => from < b + 4 && to > a - 4)) continue;
      taken.push([from, to]);
      t.text = text;
      break;
    }
  }
}

/** Axis labels as precise as the tick spacing needs: 10:03, 10:03:20, 10:03:20.500, or a date. */
export function axisFormat(stepMs: number, timeZone: "local" | "utc"): (d: Date) => string {
  const f = timeZone === "utc" ? utcFormat : timeFormat;
  if (stepMs < 1000) return f("%H:%M:%S.%L");
  if (stepMs < 60_000) return f("%H:%M:%S");
  if (stepMs < 86_400_000) return f("%H:%M");
  return f("%b %d %H:%M");
}

export function layoutTimeline(model: TimelineModel, opts: LayoutOptions): TimelineLayout {
  const o = { ...TIMELINE_LAYOUT_DEFAULTS, ...opts };
  const plotLeft = o.labelWidth;
  const plotRight = Math.max(plotLeft + 40, o.width - o.paddingRight);
  const x = scaleLinear().domain(o.domain).range([plotLeft, plotRight]);
  const rows: TimelineRow[] = [];
  let y = o.axisHeight + 4;
  let lastGroup = -1;
  const addRow = (id: string, kind: TimelineRowKind, label: string, height: number, lane?: TimelineLane) => {
    const g = groupOf(kind);
    const groupStart = lastGroup !== -1 && g !== lastGroup;
    if (groupStart) y += o.groupGap;
    lastGroup = g;
    rows.push({ id, kind, label, y, height, lane, groupStart });
    y += height;
  };
  for (const lane of model.lanes) addRow(lane.id, lane.kind, lane.label, o.rowHeight, lane);
  const warnings = model.markers.filter((m) => m.type === "Warning");
  const normals = model.markers.filter((m) => m.type !== "Warning");
  addRow("events:warning", "events-warning", `Events · Warning (${warnings.length})`, o.eventRowHeight);
  addRow("events:normal", "events-normal", `Events · Normal (${normals.length})`, o.eventRowHeight);

  const [d0, d1] = o.domain;
  const spans: LaidSpan[] = [];
  const ticks: LaidTick[] = [];
  const pad = 3;
  for (const row of rows) {
    const lane = row.lane;
    if (!lane) continue;
    lane.spans.forEach((s, i) => {
      if (s.end < d0 || s.start > d1) return;
      const x0 = Math.max(plotLeft, x(s.start));
      const x1 = Math.min(plotRight, x(s.end));
      // Never let a real span vanish: at least a 1px sliver.
      const width = Math.max(1, x1 - x0);
      const label = fitText(s.label, width);
      spans.push({ key: `${lane.id}:${i}`, rowId: row.id, x: x0, width, y: row.y + pad, height: row.height - 2 * pad, span: s, tone: spanTone(s), showLabel: label.show, text: label.text });
    });
    const labelled = lane.kind === "signals";
    const laidTicks: LaidTick[] = [];
    lane.ticks.forEach((t, i) => {
      if (t.time < d0 || t.time > d1) return;
      laidTicks.push({ key: `${lane.id}:t${i}`, rowId: row.id, x: x(t.time), y: row.y + 1, height: row.height - 2, tick: t });
    });
    if (labelled) labelTicks(laidTicks, plotRight);
    ticks.push(...laidTicks);
  }

  const wRow = rows[rows.length - 2];
  const nRow = rows[rows.length - 1];
  const clusters = [
    ...clusterMarkers(warnings, x, o.clusterPx, wRow.id, wRow.y + wRow.height / 2, plotLeft, plotRight),
    ...clusterMarkers(normals, x, o.clusterPx, nRow.id, nRow.y + nRow.height / 2, plotLeft, plotRight),
  ];

  const timeScale = (o.timeZone === "utc" ? scaleUtc() : scaleTime()).domain([new Date(d0), new Date(d1)]).range([plotLeft, plotRight]);
  const count = Math.max(2, Math.floor((plotRight - plotLeft) / 110));
  const dates = timeScale.ticks(count);
  const fmt = axisFormat(dates.length > 1 ? dates[1].getTime() - dates[0].getTime() : d1 - d0, o.timeZone ?? "local");
  const axis = dates.map((d) => ({ x: timeScale(d), label: fmt(d) }));

  const now = o.now ?? model.now;
  const nowX = now >= d0 && now <= d1 ? x(now) : null;
  const legendY = y + 14;
  const legend = layoutLegend(o.width, plotLeft, legendY);
  return { width: o.width, height: legendY + legend.height + 4, plotLeft, plotRight, axisY: o.axisHeight, domain: o.domain, rows, spans, ticks, clusters, axis, nowX, legend: legend.items, legendY };
}
