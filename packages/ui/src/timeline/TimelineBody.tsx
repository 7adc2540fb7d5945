// Draws a computed layout as SVG. Memoised on the layout: hovering (which only moves the tooltip)
// never re-renders thousands of shapes. Every interactive shape carries `data-hit` so the parent can
// find what is under the pointer with one delegated listener.
import { memo } from "react";
import { badgeWidth, type LaidSpan, type LaidTick, type MarkerCluster, type TimelineLayout } from "./layout";

const AMBER_FILLS = new Set(["waiting", "pending"]);
const MUTED_FILLS = new Set([
  "waiting-error",
  "cond-false",
  "backoff",
  "unobserved",
  "grace",
  "terminated-ok",
  "terminated-failed",
  "unknown",
]);

function textClass(tone: string): string {
  if (AMBER_FILLS.has(tone)) return "span-text amber-text";
  if (MUTED_FILLS.has(tone)) return "span-text muted-text";
  return "span-text";
}

function SpanShape({ s, index, ids }: { s: LaidSpan; index: number; ids: { hatch: string; grey: string } }) {
  const fill = s.tone === "backoff" ? `url(#${ids.hatch})` : s.tone === "unobserved" ? `url(#${ids.grey})` : undefined;
  const failedRun = s.tone === "running-failed";
  return (
    <g data-hit={`s:${index}`} opacity={s.span.inferred ? 0.6 : 1}>
      <rect x={s.x} y={s.y} width={s.width} height={s.height} rx={2} className={fill ? undefined : `s-${s.tone}`} fill={fill} />
      {s.tone === "backoff" && (
        <rect x={s.x + 0.5} y={s.y + 0.5} width={Math.max(0, s.width - 1)} height={s.height - 1} rx={2} className="s-backoff-edge" />
      )}
      {failedRun && s.width > 4 && <rect x={s.x + s.width - 3} y={s.y} width={3} height={s.height} className="exit-cap" />}
      {s.span.inferred && (
        <rect x={s.x + 0.5} y={s.y + 0.5} width={Math.max(0, s.width - 1)} height={s.height - 1} rx={2} className="inferred-edge" />
      )}
      {s.showLabel && (
        <text x={s.textX} y={s.y + s.height / 2} dy="0.35em" className={textClass(s.tone)}>
          {s.text}
        </text>
      )}
      <rect x={s.x} y={s.y} width={s.width} height={s.height} className="hit" data-hit={`s:${index}`} />
    </g>
  );
}

function TickShape({ t, index }: { t: LaidTick; index: number }) {
  const k = t.tick.kind;
  const cls =
    k === "restart"
      ? "tick-restart"
      : k === "TERM"
        ? "tick-TERM"
        : k === "KILL"
          ? "tick-KILL"
          : k === "postStart" || k === "preStop"
            ? "tick-hook"
            : `tick-${k}`;
  return (
    <g data-hit={`t:${index}`}>
      <line x1={t.x} x2={t.x} y1={t.y} y2={t.y + t.height} className={cls} />
      {k === "restart" && <path d={`M${t.x - 4},${t.y} L${t.x + 4},${t.y} L${t.x},${t.y + 5} Z`} className="tick-restart-head" />}
      {k === "KILL" && (
        <path d={`M${t.x - 4},${t.y + 2} L${t.x + 4},${t.y + 10} M${t.x + 4},${t.y + 2} L${t.x - 4},${t.y + 10}`} className="tick-KILL" />
      )}
      {t.text && (
        <text x={t.x + 4} y={t.y + t.height / 2} dy="0.35em" className="tick-text">
          {t.text}
        </text>
      )}
      <rect x={t.x - 4} y={t.y} width={8} height={t.height} className="hit" data-hit={`t:${index}`} />
    </g>
  );
}

function ClusterShape({ c, index, selected }: { c: MarkerCluster; index: number; selected: boolean }) {
  const r = 6;
  const shape = c.warning
    ? `M${c.x},${c.y - r - 1} L${c.x + r + 1},${c.y + r - 1} L${c.x - r - 1},${c.y + r - 1} Z`
    : `M${c.x},${c.y - r} L${c.x + r},${c.y} L${c.x},${c.y + r} L${c.x - r},${c.y} Z`;
  const first = c.markers[0];
  const label =
    c.markers.length === 1
      ? `${first.type} event ${first.reason}${first.occurrence ? `, occurrence ${first.occurrence.index} of ${first.occurrence.of}` : first.count > 1 ? `, ${first.count} times` : ""}: ${first.message}`
      : `${c.markers.length} events, ${c.total} occurrences, from ${first.reason}`;
  const badge = c.total > 1 ? (c.total > 999 ? "999+" : String(c.total)) : null;
  const bw = badgeWidth(c.total);
  return (
    <g className={`marker${selected ? " selected" : ""}`} data-hit={`c:${index}`} tabIndex={0} role="button" aria-label={label}>
      {c.fromX !== undefined && c.fromX < c.x - r && (
        <line x1={c.fromX} x2={c.x - r} y1={c.y} y2={c.y} className={`m-range ${c.warning ? "m-range-warning" : "m-range-normal"}`} />
      )}
      <path d={shape} className={`m-shape ${c.warning ? "m-warning" : "m-normal"}`} />
      {badge && (
        <g>
          <rect x={c.x + 5} y={c.y - 13} width={bw} height={11} rx={5.5} className="badge" />
          <text x={c.x + 5 + bw / 2} y={c.y - 7.5} dy="0.35em" textAnchor="middle" className="badge-text">
            {badge}
          </text>
        </g>
      )}
      <rect x={c.x - 8} y={c.y - 10} width={16 + bw} height={20} className="hit" data-hit={`c:${index}`} />
    </g>
  );
}

function LegendSwatch({ tone, x, y, ids }: { tone: string; x: number; y: number; ids: { hatch: string; grey: string } }) {
  if (tone === "m-normal") return <path d={`M${x + 6},${y - 6} L${x + 12},${y} L${x + 6},${y + 6} L${x},${y} Z`} className="m-normal" />;
  if (tone === "m-warning") return <path d={`M${x + 6},${y - 6} L${x + 12},${y + 5} L${x},${y + 5} Z`} className="m-warning" />;
  if (tone === "now") return <line x1={x + 6} x2={x + 6} y1={y - 7} y2={y + 7} className="now-line" />;
  const fill = tone === "backoff" ? `url(#${ids.hatch})` : tone === "unobserved" ? `url(#${ids.grey})` : undefined;
  return (
    <g>
      <rect x={x} y={y - 6} width={14} height={12} rx={2} className={fill ? undefined : `s-${tone}`} fill={fill} />
      {tone === "backoff" && <rect x={x + 0.5} y={y - 5.5} width={13} height={11} rx={2} className="s-backoff-edge" />}
      {tone === "running-failed" && <rect x={x + 11} y={y - 6} width={3} height={12} className="exit-cap" />}
    </g>
  );
}

export interface TimelineBodyProps {
  layout: TimelineLayout;
  idPrefix: string;
  selectedEventId?: string;
}

export const TimelineBody = memo(function TimelineBody({ layout, idPrefix, selectedEventId }: TimelineBodyProps) {
  const ids = { hatch: `${idPrefix}-hatch`, grey: `${idPrefix}-grey`, clip: `${idPrefix}-clip` };
  const { rows, plotLeft, plotRight, axisY } = layout;
  const top = rows.length ? rows[0].y : axisY;
  const bottom = rows.length ? rows[rows.length - 1].y + rows[rows.length - 1].height : axisY;
  return (
    <>
      <defs>
        <pattern id={ids.hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={6} height={6} className="hatch-bg" />
          <line x1={0} y1={0} x2={0} y2={6} className="hatch-line" />
        </pattern>
        <pattern id={ids.grey} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
          <rect width={6} height={6} className="hatch-grey-bg" />
          <line x1={0} y1={0} x2={0} y2={6} className="hatch-grey-line" />
        </pattern>
        <clipPath id={ids.clip}>
          <rect x={plotLeft} y={0} width={Math.max(0, plotRight - plotLeft + 12)} height={layout.height} />
        </clipPath>
      </defs>
      <rect x={0} y={0} width={layout.width} height={layout.height} className="bg" />
      {rows.map((r, i) => (
        <g key={r.id}>
          {i % 2 === 1 && <rect x={0} y={r.y} width={layout.width} height={r.height} className="row-bg" />}
          {r.groupStart && <line x1={8} x2={layout.width - 8} y1={r.y - 5} y2={r.y - 5} className="sep" />}
          <text
            x={10}
            y={r.y + r.height / 2}
            dy="0.35em"
            className={`lane-label${r.kind === "phase" || r.kind.startsWith("events") ? " group" : ""}`}
          >
            {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
            {r.label.length > 26 && <title>{r.label}</title>}
          </text>
        </g>
      ))}
      <g>
        {layout.axis.map((a) => (
          <g key={`${a.x}`}>
            <line x1={a.x} x2={a.x} y1={axisY - 4} y2={bottom} className="grid" />
            <text x={a.labelX} y={axisY - 10} textAnchor={a.anchor} className="axis-label">
              {a.label}
            </text>
          </g>
        ))}
        <line x1={plotLeft} x2={plotRight} y1={top - 2} y2={top - 2} className="sep" />
      </g>
      <g clipPath={`url(#${ids.clip})`}>
        {layout.spans.map((s, i) => (
          <SpanShape key={s.key} s={s} index={i} ids={ids} />
        ))}
        {layout.ticks.map((t, i) => (
          <TickShape key={t.key} t={t} index={i} />
        ))}
        {layout.clusters.map((c, i) => (
          <ClusterShape key={c.key} c={c} index={i} selected={!!selectedEventId && c.markers.some((m) => m.id === selectedEventId)} />
        ))}
      </g>
      {layout.nowX !== null && (
        <g data-export="keep">
          <line x1={layout.nowX} x2={layout.nowX} y1={axisY - 6} y2={bottom} className="now-line" />
          <text x={layout.nowX} y={axisY - 20} textAnchor="middle" className="now-text">
            now
          </text>
        </g>
      )}
      <g>
        {layout.legend.map((l) => (
          <g key={l.tone}>
            <LegendSwatch tone={l.tone} x={l.x} y={l.y} ids={ids} />
            <text x={l.x + 18} y={l.y} dy="0.35em" className="axis-label">
              {l.label}
            </text>
          </g>
        ))}
      </g>
    </>
  );
});
