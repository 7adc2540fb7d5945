"use client";
// The drain rehearsal board: plan table, lanes per pod over the virtual clock, PDB gauges, kubectl's output so
// far and the findings, with play / pause / step / scrub / speed. It takes a finished rehearsal (simulateDrain's
// result or the JSON of `podscope drain -o json`) and only replays it: all Kubernetes logic lives in @podscope/drain.
import { useEffect, useMemo, useRef, useState } from "react";
import { downloadBlob, downloadText, svgToPng } from "../export/download";
import { boardAt, boardTime } from "./board-at";
import { DrainLanes } from "./DrainLanes";
import { DrainPlanTable } from "./DrainPlanTable";
import { buildLanes, endTime, nextStep, previousStep, type DrainBoardData } from "./model";
import { PdbGauges } from "./PdbGauges";

export interface DrainBoardProps {
  data: DrainBoardData;
  width?: number;
  /** Start at this virtual time (default: the end, so the whole story shows at once). */
  initialTime?: number;
  /** One time scale for several boards (a pinned run beside a longer one): the lanes' axis ends here. */
  scaleEnd?: number;
  className?: string;
}

const SPEEDS = [0.5, 1, 2, 5, 10, 30];
const RESULT_CLASS: Record<string, string> = {
  draining: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  drained: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  refused: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  stalled: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
  timeout: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
};

/** The rehearsal as a JSON file that opens again in the board (same shape as the input). */
export function exportRehearsal(data: DrainBoardData): string {
  return JSON.stringify(data, null, 2) + "\n";
}

/**
 * A standalone SVG of the lanes: tailwind classes do not travel with the file, so each shape's computed fill
 * and stroke are written inline.
 */
function lanesSvg(el: SVGSVGElement): string {
  const copy = el.cloneNode(true) as SVGSVGElement;
  const src = el.querySelectorAll("*");
  copy.querySelectorAll("*").forEach((node, i) => {
    const cs = getComputedStyle(src[i]);
    (node as SVGElement).setAttribute("style", `fill:${cs.fill};stroke:${cs.stroke};font-size:${cs.fontSize};font-family:${cs.fontFamily}`);
    node.removeAttribute("class");
  });
  copy.removeAttribute("class");
  return new XMLSerializer().serializeToString(copy);
}

export function DrainBoard({ data, width = 1100, initialTime, scaleEnd, className }: DrainBoardProps) {
  const end = useMemo(() => endTime(data), [data]);
  const lanes = useMemo(() => buildLanes(data), [data]);
  const [t, setT] = useState(initialTime ?? end);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(5);
  const last = useRef<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    if (!playing) {
      last.current = null;
      return;
    }
    let raf = 0;
    const tick = (now: number) => {
      const dt = last.current === null ? 0 : (now - last.current) / 1000;
      last.current = now;
      setT((cur) => {
        const next = Math.min(end, cur + dt * speed);
        if (next >= end) setPlaying(false);
        return next;
      });
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, end]);

  // Every part below is drawn from this one state at the playhead.
  const at = boardAt(data, t);
  const kubectlBox = useRef<HTMLPreElement>(null);
  // kubectl's newest line stays in view as the playhead moves, as in a terminal.
  useEffect(() => {
    const el = kubectlBox.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [at.kubectl.length]);
  return (
    <section className={`flex flex-col gap-4 ${className ?? ""}`} aria-label={`drain rehearsal of node ${data.node}`}>
      <header className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">Drain of node {data.node}</h2>
        <span
          data-result={at.badge}
          className={`rounded px-2 py-0.5 text-sm font-medium ${RESULT_CLASS[at.badge] ?? ""}`}
          title={at.final ? undefined : `the outcome is known at ${boardTime(at.decidedAt)}`}
        >
          {at.badge}
        </span>
        <div className="ml-auto flex items-center gap-2 text-sm" role="group" aria-label="playback">
          <button
            type="button"
            className="rounded border px-2 py-1"
            onClick={() => {
              setPlaying(false);
              setT(previousStep(data, t));
            }}
            aria-label="step back"
          >
            <Icon d="M3 2v12M13 2L5 8l8 6z" />
          </button>
          <button
            type="button"
            className="rounded border px-2 py-1"
            onClick={() => {
              if (t >= end) setT(0);
              setPlaying((p) => !p);
            }}
            aria-label={playing ? "pause" : "play"}
          >
            {playing ? <Icon d="M4 2h3v12H4zM9 2h3v12H9z" /> : <Icon d="M4 2l10 6-10 6z" />}
          </button>
          <button
            type="button"
            className="rounded border px-2 py-1"
            onClick={() => {
              setPlaying(false);
              setT(nextStep(data, t));
            }}
            aria-label="step forward"
          >
            <Icon d="M13 2v12M3 2l8 6-8 6z" />
          </button>
          <input
            type="range"
            min={0}
            max={end}
            step={0.1}
            value={t}
            aria-label="virtual time"
            onChange={(e) => {
              setPlaying(false);
              setT(Number(e.target.value));
            }}
          />
          <output className="min-w-24 whitespace-nowrap tabular-nums">
            {boardTime(t)} / {boardTime(end)}
          </output>
          <button
            type="button"
            className="rounded border px-2 py-1"
            aria-label="export JSON"
            onClick={() => downloadText(exportRehearsal(data), `drain-${data.node}.json`, "application/json")}
          >
            JSON
          </button>
          <button
            type="button"
            className="rounded border px-2 py-1"
            aria-label="export SVG"
            onClick={() => svg.current && downloadText(lanesSvg(svg.current), `drain-${data.node}.svg`, "image/svg+xml")}
          >
            SVG
          </button>
          <button
            type="button"
            className="rounded border px-2 py-1"
            aria-label="export PNG"
            onClick={() => {
              if (svg.current) void svgToPng(lanesSvg(svg.current)).then((png) => downloadBlob(png, `drain-${data.node}.png`));
            }}
          >
            PNG
          </button>
          <select value={speed} aria-label="speed" onChange={(e) => setSpeed(Number(e.target.value))} className="rounded border px-1 py-1">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </div>
      </header>
      {at.errors.length > 0 && (
        <ul
          aria-label="errors"
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {at.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {at.warnings.length > 0 && (
        <ul
          aria-label="warnings"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          {at.warnings.map((w) => (
            <li key={w}>Warning: {w}</li>
          ))}
        </ul>
      )}
      <DrainPlanTable rows={at.rows} />
      <div className="overflow-x-auto">
        <DrainLanes
          svgRef={svg}
          lanes={lanes}
          end={end}
          scaleEnd={scaleEnd}
          t={t}
          width={width}
          onSeek={(v) => {
            setPlaying(false);
            setT(v);
          }}
        />
      </div>
      <PdbGauges gauges={at.gauges} />
      <div className="grid gap-4 lg:grid-cols-2">
        {/* Lines wrap (a long eviction error stays readable at any width) and the box scrolls, newest line last. */}
        <pre
          ref={kubectlBox}
          className="max-h-72 min-w-0 overflow-y-auto whitespace-pre-wrap break-words rounded bg-slate-950 p-2 text-xs text-slate-100"
          aria-label="kubectl output"
        >
          {data.kubectl ? (
            at.kubectl.map((l, i) => (
              <div key={i} className={`pl-4 -indent-4 ${l.stream === "err" ? "text-orange-300" : ""}`}>
                {l.line}
              </div>
            ))
          ) : (
            <div className="text-slate-400">
              kubectl's output is not part of this file (the JSON shape); run the rehearsal again to see it.
            </div>
          )}
        </pre>
        {at.findings ? (
          <ul className="list-disc pl-5 text-sm" aria-label="findings">
            {at.findings.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500 dark:text-slate-400" aria-label="findings">
            The findings describe how the drain ends, at {boardTime(at.decidedAt)}.{" "}
            <button
              type="button"
              className="underline"
              onClick={() => {
                setPlaying(false);
                setT(end);
              }}
            >
              Go to the end
            </button>
          </p>
        )}
      </div>
    </section>
  );
}

// Playback icons drawn as SVG: the media-control characters are missing from many system fonts.
function Icon({ d }: { d: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className="inline-block align-[-2px]">
      <path d={d} fill="currentColor" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
