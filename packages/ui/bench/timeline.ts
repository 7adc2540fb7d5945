// Benchmark: the lifecycle timeline with 5,000 events. Model build in Node, then model build + React render
// (commit + forced style/layout) in real headless Chromium. Figures are printed, never asserted; goal ≤ 100 ms.
import { buildTimeline } from "@podscope/core";
import { fitDomain, layoutTimeline } from "../src/timeline/layout";
import { launchChromium, openTimeline } from "../test/timeline-browser";
import { manyEventsScenario } from "../test/timeline-fixture";

const N = 5000;
const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (ms: number) => `${ms.toFixed(1)} ms`;

const input = manyEventsScenario(N);
const node: number[] = [];
const lay: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const model = buildTimeline(input);
  const t1 = performance.now();
  layoutTimeline(model, { width: 1240, domain: fitDomain(model) });
  const t2 = performance.now();
  node.push(t1 - t0);
  lay.push(t2 - t1);
}
console.log(`timeline model, ${N} events (node): first ${f(node[0])}, median ${f(median(node.slice(1)))}`);
console.log(`timeline layout at 1240 px (node): median ${f(median(lay.slice(1)))}`);

const browser = await launchChromium();
try {
  const page = await openTimeline(browser, input, { width: 1240 });
  const first = await page.evaluate(() => ({ build: window.__tl.buildMs, commit: window.__tl.commitMs, layout: window.__tl.layoutMs }));
  const again: { commitMs: number; layoutMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) again.push(await page.evaluate(() => window.__tl.rerender()));
  const ticks: { buildMs: number; layoutMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) ticks.push(await page.evaluate(() => window.__tl.tick(1000)));
  const shapes = await page.evaluate(() => document.querySelectorAll("svg.ps-tl *").length);
  const warm = median(again.map((r) => r.layoutMs));
  console.log(
    `chromium: model build ${f(first.build)}; first render ${f(first.commit)} (React commit), ${f(first.layout)} incl. style+layout`,
  );
  console.log(
    `chromium: re-mount render median of ${RUNS}: ${f(median(again.map((r) => r.commitMs)))} commit, ${f(warm)} incl. style+layout; ${shapes} SVG elements`,
  );
  console.log(
    `chromium: live tick (now +1s: model rebuild + re-render in place) median ${f(median(ticks.map((t) => t.buildMs + t.layoutMs)))}`,
  );
  const total = first.build + first.layout;
  console.log(
    `chromium: 5,000 events from input to laid-out SVG: ${f(total)} cold, ${f(first.build + warm)} warm — goal ≤ 100 ms (ratio ${(total / 100).toFixed(2)} of goal)`,
  );
} finally {
  await browser.close();
}
