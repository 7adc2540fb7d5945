// A tiny page for the browser test, the screenshot and the benchmark: builds the model from the input the
// test put on window, renders <Timeline> and reports how long each step took.
import { buildTimeline, type TimelineInput, type TimelineMarker } from "@podscope/core";
import { createRoot } from "react-dom/client";
import { flushSync } from "react-dom";
import { Timeline } from "../src/timeline/Timeline";
import { exportTimelineSvg } from "../src/timeline/export";
import { ConditionsTable } from "../src/conditions/ConditionsTable";

declare global {
  interface Window {
    __INPUT__: Omit<TimelineInput, "now"> & { now: string };
    __OPTS__: { width: number; conditions?: boolean };
    __tl: {
      buildMs: number;
      commitMs: number;
      layoutMs: number;
      selected: TimelineMarker[];
      exportSvg: (title: string, subtitle?: string) => string;
      rerender: () => { commitMs: number; layoutMs: number };
      /** A live tick: rebuild the model at a later `now` and re-render in place (what the pod page does every second). */
      tick: (advanceMs: number) => { buildMs: number; commitMs: number; layoutMs: number };
    };
  }
}

const raw = window.__INPUT__;
const input: TimelineInput = { ...raw, now: new Date(raw.now) };
const t0 = performance.now();
let model = buildTimeline(input);
const t1 = performance.now();
const selected: TimelineMarker[] = [];
const root = createRoot(document.getElementById("root")!);
let svg: SVGSVGElement | null = null;

let nowMs = input.now.getTime();

function App({ n }: { n: number }) {
  return (
    <div style={{ padding: 16 }} data-n={n}>
      <Timeline
        model={model}
        width={window.__OPTS__.width}
        now={nowMs}
        title={`default/${input.pod.metadata.name} · lifecycle`}
        onSelectEvent={(m) => selected.push(m)}
        svgRef={(el) => {
          svg = el;
        }}
      />
      {window.__OPTS__.conditions && (
        <div style={{ marginTop: 16, width: window.__OPTS__.width }}>
          <ConditionsTable conditions={input.pod.status?.conditions} now={input.now} />
        </div>
      )}
    </div>
  );
}

function renderOnce(n: number) {
  const a = performance.now();
  flushSync(() => root.render(<App n={n} />));
  const b = performance.now();
  // Force style and layout so the figure includes the browser's work, not just React's.
  document.body.getBoundingClientRect();
  svg?.getBBox();
  const c = performance.now();
  return { commitMs: b - a, layoutMs: c - a };
}

const first = renderOnce(0);
let count = 1;
window.__tl = {
  buildMs: t1 - t0,
  commitMs: first.commitMs,
  layoutMs: first.layoutMs,
  selected,
  exportSvg: (title, subtitle) => exportTimelineSvg(svg!, { title, subtitle }),
  tick: (advanceMs) => {
    nowMs += advanceMs;
    const a = performance.now();
    model = buildTimeline({ ...input, now: new Date(nowMs) });
    const b = performance.now();
    const r = renderOnce(count++);
    return { buildMs: b - a, ...r };
  },
  rerender: () => {
    // Unmount and mount again: a full render of the whole timeline, as when a pod page opens.
    flushSync(() => root.render(<div />));
    return renderOnce(count++);
  },
};
