// Pure layout of the lifecycle timeline: where every row, span, tick and event marker goes for a given
// width and visible time window. No DOM, no React — so it is tested directly, and the component only draws.
import type { TimelineLane, TimelineModel, TimelineSpan, TimelineTick } from "@podscope/core";
import { scaleLinear, scaleTime, scaleUtc, timeFormat, utcFormat } from "d3";
import type { TimeDomain } from "./domain";
import { layoutLegend, type LegendItem } from "./legend";
import { labelTicks, placeSpanLabels } from "./lane-labels";
import { clusterMarkers, expandOccurrences, type MarkerCluster, type PlacedMarker } from "./markers";
import { TIMELINE_CHAR_PX } from "./text";

// The pieces live in their own files; the layout module is the one entry point the component and tests use.
export * from "./domain";
export * from "./lane-labels";
export * from "./legend";
export * from "./markers";
export * from "./text";

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
  /** Where the text starts: 4px into the bar, or further right past a tick's text it would cover (lane-labels.ts). */
  textX: number;
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

export interface AxisTick {
  x: number;
  label: string;
  /** Where the label is drawn: centred on the tick, or — near the right edge, where a centred label would be cut off — ending at labelX, just inside the SVG. */
  labelX: number;
  anchor: "middle" | "end";
}

/** Estimated width of an axis label (11px font, digits and colons). */
export function axisLabelWidth(label: string): number {
  return label.length * TIMELINE_CHAR_PX;
}

// Layout runs at every zoom and pan; the occurrences of a model's markers are expanded once per model.
const placedCache = new WeakMap<TimelineModel, { warnings: PlacedMarker[]; normals: PlacedMarker[] }>();
function placedMarkers(model: TimelineModel): { warnings: PlacedMarker[]; normals: PlacedMarker[] } {
  let p = placedCache.get(model);
  if (!p) {
    const all = expandOccurrences(model.markers);
    placedCache.set(model, (p = { warnings: all.filter((m) => m.type === "Warning"), normals: all.filter((m) => m.type !== "Warning") }));
  }
  return p;
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

export const TIMELINE_LAYOUT_DEFAULTS = {
  labelWidth: 176,
  rowHeight: 24,
  eventRowHeight: 26,
  axisHeight: 34,
  groupGap: 10,
  paddingRight: 16,
  clusterPx: 12,
};

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

// Waiting reasons that mean "this will not start until someone fixes something".
const ERROR_WAITS = new Set([
  "ErrImagePull",
  "ImagePullBackOff",
  "ErrImageNeverPull",
  "InvalidImageName",
  "ImageInspectError",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "PreStartHookError",
  "PostStartHookError",
]);

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
  const placed = placedMarkers(model);

  const [d0, d1] = o.domain;
  const spans: LaidSpan[] = [];
  const ticks: LaidTick[] = [];
  const pad = 3;
  for (const row of rows) {
    const lane = row.lane;
    if (!lane) continue;
    const laneSpans: LaidSpan[] = [];
    lane.spans.forEach((s, i) => {
      if (s.end < d0 || s.start > d1) return;
      const x0 = Math.max(plotLeft, x(s.start));
      const x1 = Math.min(plotRight, x(s.end));
      // Never let a real span vanish: at least a 1px sliver.
      const width = Math.max(1, x1 - x0);
      const label = fitText(s.label, width);
      laneSpans.push({
        key: `${lane.id}:${i}`,
        rowId: row.id,
        x: x0,
        width,
        y: row.y + pad,
        height: row.height - 2 * pad,
        span: s,
        tone: spanTone(s),
        showLabel: label.show,
        text: label.text,
        textX: x0 + 4,
      });
    });
    const labelled = lane.kind === "signals";
    const laidTicks: LaidTick[] = [];
    lane.ticks.forEach((t, i) => {
      if (t.time < d0 || t.time > d1) return;
      laidTicks.push({ key: `${lane.id}:t${i}`, rowId: row.id, x: x(t.time), y: row.y + 1, height: row.height - 2, tick: t });
    });
    // Tick texts first (the signals are the point of the lane), then each bar's label where it covers none of them.
    if (labelled) placeSpanLabels(laneSpans, labelTicks(laidTicks, plotRight));
    spans.push(...laneSpans);
    ticks.push(...laidTicks);
  }

  const wRow = rows[rows.length - 2];
  const nRow = rows[rows.length - 1];
  const clusters = [
    ...clusterMarkers(placed.warnings, x, o.clusterPx, wRow.id, wRow.y + wRow.height / 2, plotLeft, plotRight),
    ...clusterMarkers(placed.normals, x, o.clusterPx, nRow.id, nRow.y + nRow.height / 2, plotLeft, plotRight),
  ];

  const timeScale = (o.timeZone === "utc" ? scaleUtc() : scaleTime()).domain([new Date(d0), new Date(d1)]).range([plotLeft, plotRight]);
  const count = Math.max(2, Math.floor((plotRight - plotLeft) / 110));
  const dates = timeScale.ticks(count);
  const fmt = axisFormat(dates.length > 1 ? dates[1].getTime() - dates[0].getTime() : d1 - d0, o.timeZone ?? "local");
  // A label centred on a tick near the right edge would be cut off by the SVG: shift it left just enough.
  const axis = dates.map((d): AxisTick => {
    const ax = timeScale(d);
    const label = fmt(d);
    return ax + axisLabelWidth(label) / 2 > o.width - 2
      ? { x: ax, label, labelX: o.width - 2, anchor: "end" }
      : { x: ax, label, labelX: ax, anchor: "middle" };
  });

  const now = o.now ?? model.now;
  const nowX = now >= d0 && now <= d1 ? x(now) : null;
  const legendY = y + 14;
  const legend = layoutLegend(o.width, plotLeft, legendY);
  return {
    width: o.width,
    height: legendY + legend.height + 4,
    plotLeft,
    plotRight,
    axisY: o.axisHeight,
    domain: o.domain,
    rows,
    spans,
    ticks,
    clusters,
    axis,
    nowX,
    legend: legend.items,
    legendY,
  };
}
