// Lanes per pod over the virtual clock: 429 waits, preStop, grace period, SIGKILL, and replacements going
// Pending → starting → Ready, with markers for each request and signal and a playhead at the current time.
import { scaleLinear } from "d3";
import { memo, useId, type Ref } from "react";
import { boardTime } from "./board-at";
import type { Lane, MarkerKind, SegmentKind } from "./model";

const SEGMENT_CLASS: Record<SegmentKind, string> = {
  blocked: "fill-orange-300 dark:fill-orange-700",
  prestop: "fill-violet-300 dark:fill-violet-700",
  terminating: "fill-slate-300 dark:fill-slate-600",
  killed: "fill-red-400 dark:fill-red-700",
  pending: "fill-amber-200 dark:fill-amber-800",
  starting: "fill-sky-300 dark:fill-sky-700",
  ready: "fill-emerald-400 dark:fill-emerald-700",
};
const MARKER_CLASS: Record<MarkerKind, string> = {
  evict: "fill-slate-700 dark:fill-slate-200",
  "429": "fill-orange-600",
  error: "fill-red-600",
  endpoints: "fill-teal-600",
  sigterm: "fill-violet-700 dark:fill-violet-300",
  sigkill: "fill-red-700",
  gone: "fill-slate-900 dark:fill-white",
  scheduled: "fill-sky-700 dark:fill-sky-300",
  "failed-scheduling": "fill-amber-600",
};

export interface DrainLanesProps {
  lanes: Lane[];
  end: number;
  /** The axis' end when several boards share one time scale (pinned runs of different lengths); default end. */
  scaleEnd?: number;
  t: number;
  width: number;
  onSeek?: (t: number) => void;
  svgRef?: Ref<SVGSVGElement>;
}

const LABEL_W = 260,
  ROW_H = 28,
  AXIS_H = 22;
// Roughly how many characters fit in the label column at 11px and 9px: longer captions end in "…" (the full
// text is the tooltip) and the column is clipped, so no caption runs under the bars.
const TITLE_CHARS = 36,
  SUBTITLE_CHARS = 46;

/** Shortened to n characters with an ellipsis. */
export function fitText(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

export const DrainLanes = memo(function DrainLanes({ lanes, end, scaleEnd, t, width, onSeek, svgRef }: DrainLanesProps) {
  const clip = `drain-labels-${useId().replace(/:/g, "")}`;
  const x = scaleLinear()
    .domain([0, Math.max(end, scaleEnd ?? 0)])
    .range([LABEL_W, width - 12]);
  const height = AXIS_H + lanes.length * ROW_H + 4;
  const ticks = x.ticks(Math.max(2, Math.floor((width - LABEL_W) / 80)));
  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      role="img"
      aria-label="drain lanes per pod"
      className="select-none text-slate-900 dark:text-slate-100"
      onClick={(e) => {
        if (!onSeek) return;
        const box = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
        const px = e.clientX - box.left;
        if (px >= LABEL_W) onSeek(Math.max(0, Math.min(end, x.invert(px))));
      }}
    >
      <defs>
        <clipPath id={clip}>
          <rect x={0} y={0} width={LABEL_W - 8} height={height} />
        </clipPath>
      </defs>
      {ticks.map((s) => (
        <g key={`tick-${s}`}>
          <line x1={x(s)} x2={x(s)} y1={AXIS_H - 4} y2={height} className="stroke-slate-200 dark:stroke-slate-800" />
          <text x={x(s)} y={12} textAnchor="middle" className="fill-slate-500 text-[10px]">
            {boardTime(s)}
          </text>
        </g>
      ))}
      {lanes.map((lane, i) => {
        const y = AXIS_H + i * ROW_H;
        return (
          <g key={lane.id} data-lane={lane.id}>
            <rect x={0} y={y} width={width} height={ROW_H} className={i % 2 ? "fill-slate-50 dark:fill-slate-900" : "fill-transparent"} />
            <g clipPath={`url(#${clip})`} data-lane-label>
              <title>{`${lane.title}\n${lane.detail ?? lane.subtitle}`}</title>
              <text x={6} y={y + 12} className="fill-current text-[11px] font-medium">
                {fitText(`${lane.role === "replacement" ? "↳ " : ""}${lane.title}`, TITLE_CHARS)}
              </text>
              <text x={6} y={y + 24} className="fill-slate-500 text-[9px]">
                {fitText(lane.subtitle, SUBTITLE_CHARS)}
              </text>
            </g>
            {lane.segments.map((s, j) => (
              <rect
                key={`s${j}`}
                data-segment={s.kind}
                x={x(s.from)}
                y={y + 6}
                width={Math.max(1, x(s.to) - x(s.from))}
                height={ROW_H - 12}
                rx={3}
                className={SEGMENT_CLASS[s.kind]}
              >
                <title>{`${s.kind} ${boardTime(s.from)}–${boardTime(s.to)}: ${s.label}`}</title>
              </rect>
            ))}
            {lane.markers.map((m, j) => (
              <path
                key={`m${j}`}
                data-marker={m.kind}
                d={
                  m.kind === "429" || m.kind === "error"
                    ? `M${x(m.t)},${y + 4} l4,7 l-8,0 z`
                    : `M${x(m.t) - 3},${y + ROW_H - 6} h6 v-4 h-6 z`
                }
                className={MARKER_CLASS[m.kind]}
              >
                <title>{`${boardTime(m.t)} ${m.kind}: ${m.label}`}</title>
              </path>
            ))}
          </g>
        );
      })}
      {/* What has not happened yet at the playhead is veiled: the lanes show the whole story, the rest of the board the present. */}
      {x(t) < x(end) && (
        <rect
          data-future
          x={x(t)}
          y={AXIS_H - 4}
          width={x(end) - x(t)}
          height={height - AXIS_H + 4}
          className="pointer-events-none fill-white/50 dark:fill-slate-950/50"
        />
      )}
      <line data-playhead x1={x(t)} x2={x(t)} y1={0} y2={height} className="stroke-pink-600" strokeWidth={2} />
    </svg>
  );
});
