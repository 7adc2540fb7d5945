"use client";
// The lifecycle timeline: lanes for phase, conditions, containers, hooks and signals over a time axis, events
// as markers, a live "now" line, zoom and pan (wheel, drag, buttons) and hover details. Layout is computed by
// the pure functions in ./layout; this component owns only interaction state.
import type { TimelineMarker, TimelineModel } from "@podscope/core";
import { scaleLinear, select, zoom, zoomIdentity, type ZoomBehavior } from "d3";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent, type Ref } from "react";
import {
  describeCluster,
  describeSpan,
  describeTick,
  formatClock,
  formatDuration,
  summarizeTimeline,
  type TimelineDescription,
} from "./describe";
import { fitDomain, layoutTimeline, type TimeDomain } from "./layout";
import { TIMELINE_CSS } from "./theme";
import { TimelineBody } from "./TimelineBody";

export interface TimelineProps {
  /** From buildTimeline() in @podscope/core. */
  model: TimelineModel;
  /** Width in CSS pixels (the height follows from the number of lanes). */
  width: number;
  /** Where the live "now" line goes; defaults to model.now. Pass a ticking value for a live view. */
  now?: Date | number;
  /** Accessible name, and the title of an export (e.g. "default/web · local node"). */
  title?: string;
  /** Called when an event marker is clicked (or activated with Enter/Space). */
  onSelectEvent?: (marker: TimelineMarker) => void;
  /** Highlights the marker of this event id (TimelineMarker.id). */
  selectedEventId?: string;
  /** Axis and tooltip times in the browser's zone (default) or UTC. */
  timeZone?: "local" | "utc";
  /** The <svg> element, for exportTimelineSvg(). */
  svgRef?: Ref<SVGSVGElement>;
  className?: string;
}

interface Hover {
  d: TimelineDescription;
  x: number;
  y: number;
  /** The hovered shape's box, outlined so it is clear what the tooltip talks about. */
  box: { x: number; y: number; w: number; h: number } | null;
}

const ZOOM_STEP = 2;
const MIN_SPAN_MS = 200;

export function Timeline({
  model,
  width,
  now,
  title = "Pod lifecycle timeline",
  onSelectEvent,
  selectedEventId,
  timeZone = "local",
  svgRef,
  className,
}: TimelineProps) {
  const idPrefix = `tl${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const nowMs = now === undefined ? model.now : typeof now === "number" ? now : now.getTime();
  const bounds = useMemo<TimeDomain>(() => fitDomain(model, nowMs), [model, nowMs]);
  // null = "fit": the view follows the model as it grows (live updates); a zoomed view stays put.
  const [view, setView] = useState<TimeDomain | null>(null);
  const domain = view ?? bounds;
  const layout = useMemo(() => layoutTimeline(model, { width, domain, now: nowMs, timeZone }), [model, width, domain, nowMs, timeZone]);
  const [hover, setHover] = useState<Hover | null>(null);
  const summary = useMemo(() => summarizeTimeline(model, timeZone), [model, timeZone]);

  const svgEl = useRef<SVGSVGElement | null>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const boundsRef = useRef(bounds);
  boundsRef.current = bounds;
  const plotRef = useRef({ left: layout.plotLeft, right: layout.plotRight, height: layout.height });
  plotRef.current = { left: layout.plotLeft, right: layout.plotRight, height: layout.height };

  const setSvg = useCallback(
    (el: SVGSVGElement | null) => {
      svgEl.current = el;
      if (typeof svgRef === "function") svgRef(el);
      else if (svgRef && typeof svgRef === "object") (svgRef as { current: SVGSVGElement | null }).current = el;
    },
    [svgRef],
  );

  // d3-zoom does the gesture work (wheel, drag, pinch); we read its transform as a new time window.
  useEffect(() => {
    const el = svgEl.current;
    if (!el) return;
    const maxK = Math.max(1, (boundsRef.current[1] - boundsRef.current[0]) / MIN_SPAN_MS);
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, maxK])
      .extent(() => [
        [plotRef.current.left, 0],
        [plotRef.current.right, plotRef.current.height],
      ])
      .translateExtent([
        [plotRef.current.left, -Infinity],
        [plotRef.current.right, Infinity],
      ])
      .on("zoom", (e) => {
        const t = e.transform;
        if (t.k === 1 && t.x === 0) {
          setView(null);
          return;
        }
        const base = scaleLinear().domain(boundsRef.current).range([plotRef.current.left, plotRef.current.right]);
        const d = t.rescaleX(base).domain() as TimeDomain;
        setView([d[0], d[1]]);
      });
    zoomRef.current = z;
    const sel = select(el);
    sel.call(z).on("dblclick.zoom", null);
    return () => {
      sel.on(".zoom", null);
    };
  }, [layout.plotLeft, layout.plotRight]);

  // Live pods: the fitted window grows every second. A zoomed view must stay where it is, so d3's transform
  // (which is relative to the fitted window) is recomputed to still show the same times.
  const viewRef = useRef(view);
  viewRef.current = view;
  useEffect(() => {
    const el = svgEl.current;
    const v = viewRef.current;
    if (!el || !zoomRef.current || !v) return;
    const base = scaleLinear().domain(bounds).range([plotRef.current.left, plotRef.current.right]);
    const k = (plotRef.current.right - plotRef.current.left) / Math.max(1e-9, base(v[1]) - base(v[0]));
    zoomRef.current.transform(select(el), zoomIdentity.translate(plotRef.current.left - k * base(v[0]), 0).scale(k));
  }, [bounds]);

  const zoomBy = (k: number) => {
    const el = svgEl.current;
    if (el && zoomRef.current) zoomRef.current.scaleBy(select(el), k, [(layout.plotLeft + layout.plotRight) / 2, 0]);
  };
  /** Pan by a fraction of the plot width (positive = towards earlier times). */
  const panBy = (fraction: number) => {
    const el = svgEl.current;
    if (el && zoomRef.current)
      zoomRef.current.translateBy(
        select(el),
        ((layout.plotRight - layout.plotLeft) * fraction) / ((bounds[1] - bounds[0]) / (domain[1] - domain[0]) || 1),
        0,
      );
  };
  const fit = () => {
    const el = svgEl.current;
    if (el && zoomRef.current) zoomRef.current.transform(select(el), zoomIdentity);
    setView(null);
  };
  /** Zoom so that [t0, t1] fills the plot (used when a cluster is clicked). */
  const zoomTo = (t0: number, t1: number) => {
    const el = svgEl.current;
    if (!el || !zoomRef.current) return;
    const base = scaleLinear().domain(bounds).range([layout.plotLeft, layout.plotRight]);
    const pad = Math.max((t1 - t0) * 0.2, MIN_SPAN_MS);
    const x0 = base(t0 - pad);
    const x1 = base(t1 + pad);
    const k = Math.min((layout.plotRight - layout.plotLeft) / Math.max(1, x1 - x0), (bounds[1] - bounds[0]) / MIN_SPAN_MS);
    zoomRef.current.transform(select(el), zoomIdentity.translate(layout.plotLeft, 0).scale(k).translate(-x0, 0));
  };

  const hitOf = (target: EventTarget | null): string | null => {
    let n = target as Element | null;
    while (n && n !== svgEl.current) {
      const h = n.getAttribute?.("data-hit");
      if (h) return h;
      n = n.parentElement;
    }
    return null;
  };

  const describeHit = (hit: string): TimelineDescription | null => {
    const [kind, idx] = hit.split(":");
    const i = Number(idx);
    if (kind === "s") {
      const s = layout.spans[i];
      const lane = s && layout.rows.find((r) => r.id === s.rowId)?.lane;
      return s && lane ? describeSpan(s.span, lane, timeZone) : null;
    }
    if (kind === "t") return layout.ticks[i] ? describeTick(layout.ticks[i].tick, timeZone) : null;
    if (kind === "c") return layout.clusters[i] ? describeCluster(layout.clusters[i], timeZone) : null;
    return null;
  };

  const boxOf = (hit: string): Hover["box"] => {
    const [kind, idx] = hit.split(":");
    const i = Number(idx);
    if (kind === "s" && layout.spans[i]) {
      const s = layout.spans[i];
      return { x: s.x - 1.5, y: s.y - 1.5, w: s.width + 3, h: s.height + 3 };
    }
    if (kind === "t" && layout.ticks[i]) {
      const t = layout.ticks[i];
      return { x: t.x - 3, y: t.y, w: 6, h: t.height };
    }
    if (kind === "c" && layout.clusters[i]) {
      const c = layout.clusters[i];
      return { x: c.x - 9, y: c.y - 9, w: 18, h: 18 };
    }
    return null;
  };

  const onMove = (e: ReactMouseEvent<SVGSVGElement>) => {
    const hit = hitOf(e.target);
    if (!hit) {
      if (hover) setHover(null);
      return;
    }
    const d = describeHit(hit);
    const box = svgEl.current!.getBoundingClientRect();
    if (d) setHover({ d, x: e.clientX - box.left, y: e.clientY - box.top, box: boxOf(hit) });
  };

  const activate = (hit: string | null) => {
    if (!hit || !hit.startsWith("c:")) return;
    const c = layout.clusters[Number(hit.slice(2))];
    if (!c) return;
    const first = c.markers[0];
    const last = c.markers[c.markers.length - 1];
    // A cluster of several events spread over time zooms in to separate them; otherwise the event opens.
    if (c.markers.length > 1 && last.time - first.time >= MIN_SPAN_MS && domain[1] - domain[0] > MIN_SPAN_MS * 2)
      zoomTo(first.time, last.time);
    else onSelectEvent?.(c.markers.length > 1 ? last : first);
  };

  const visible = `${formatClock(domain[0], timeZone)} – ${formatClock(domain[1], timeZone)} (${formatDuration(domain[1] - domain[0])})`;
  const btn =
    "rounded border border-slate-300 bg-white px-2 py-0.5 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700";

  return (
    <div className={`relative ${className ?? ""}`} style={{ width }}>
      <div className="mb-1 flex items-center gap-2 text-xs text-slate-600 dark:text-slate-300" role="toolbar" aria-label="Timeline zoom">
        <button type="button" className={btn} onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className={btn} onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className={btn} onClick={fit} aria-label="Fit the whole lifetime">
          Fit
        </button>
        <span aria-live="polite" className="tabular-nums">
          {view ? "zoomed: " : ""}
          {visible}
        </span>
        <span className="ml-auto" id={`${idPrefix}-keys`}>
          wheel or +/− to zoom · drag or ←/→ to pan · 0 to fit · click a marker for the event
        </span>
      </div>
      <svg
        ref={setSvg}
        className="ps-tl block select-none"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-roledescription="timeline"
        aria-labelledby={`${idPrefix}-title`}
        aria-describedby={`${idPrefix}-summary ${idPrefix}-keys`}
        tabIndex={0}
        data-timeline-start={model.start}
        data-timeline-end={model.end}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => activate(hitOf(e.target))}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === " ") {
            const hit = hitOf(e.target);
            if (hit) {
              e.preventDefault();
              activate(hit);
            }
            return;
          }
          // Keyboard zoom and pan for people who do not use a mouse (and for projector sessions).
          const keys: Record<string, () => void> = {
            "+": () => zoomBy(ZOOM_STEP),
            "=": () => zoomBy(ZOOM_STEP),
            "-": () => zoomBy(1 / ZOOM_STEP),
            "0": fit,
            ArrowLeft: () => panBy(0.2),
            ArrowRight: () => panBy(-0.2),
          };
          const act = keys[e.key];
          if (act) {
            e.preventDefault();
            act();
          }
        }}
      >
        <title id={`${idPrefix}-title`}>{title}</title>
        <desc id={`${idPrefix}-summary`}>{summary}</desc>
        <style>{TIMELINE_CSS}</style>
        <TimelineBody layout={layout} idPrefix={idPrefix} selectedEventId={selectedEventId} />
        {hover?.box && (
          <rect
            className="hover-outline"
            x={hover.box.x}
            y={hover.box.y}
            width={hover.box.w}
            height={hover.box.h}
            rx={3}
            pointerEvents="none"
          />
        )}
      </svg>
      {hover && (
        <div
          role="tooltip"
          className="pointer-events-none absolute z-10 max-w-sm rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs text-slate-800 shadow-lg dark:border-slate-700 dark:bg-slate-900/95 dark:text-slate-100"
          style={{ left: Math.min(hover.x + 14, Math.max(0, width - 340)), top: hover.y + 40 }}
        >
          <div className="mb-1 font-semibold">{hover.d.title}</div>
          {hover.d.lines.map((l, i) => (
            <div key={i} className="break-words text-slate-600 dark:text-slate-300">
              {l}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
