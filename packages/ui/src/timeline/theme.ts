// Colours of the timeline as CSS variables, light and dark. They live in a <style> element inside the SVG,
// scoped to `.ps-tl`, so the picture looks the same in the app and when exported (the exporter inlines the
// computed values). Dark follows a `.dark` class on an ancestor (the app's theme toggle).
// Hues are chosen to stay apart for the common colour-vision deficiencies, and every state that matters
// also differs in shape or pattern (hatched back-off, triangle for Warning events, dashed inferred starts).

const LIGHT = `
  --tl-bg:#ffffff; --tl-fg:#0f172a; --tl-muted:#475569; --tl-grid:#e2e8f0; --tl-row:#f8fafc; --tl-sep:#cbd5e1;
  --tl-pending:#f59e0b; --tl-running:#15803d; --tl-succeeded:#2563eb; --tl-failed:#dc2626; --tl-unknown:#94a3b8;
  --tl-cond-true:#0f766e; --tl-cond-false:#e2e8f0; --tl-cond-false-fg:#9f1239; --tl-cond-false-edge:#fda4af;
  --tl-waiting:#fbbf24; --tl-run:#16a34a; --tl-run-failed:#16a34a; --tl-exit-bad:#dc2626; --tl-term-ok:#94a3b8; --tl-term-bad:#fecaca; --tl-term-bad-edge:#dc2626;
  --tl-backoff:#ea580c; --tl-backoff-bg:#ffedd5; --tl-unobserved:#cbd5e1; --tl-hook:#7c3aed; --tl-grace:#ede9fe; --tl-grace-edge:#8b5cf6;
  --tl-normal:#2563eb; --tl-warning:#ea580c; --tl-now:#db2777; --tl-text-on:#ffffff; --tl-text-on-light:#0f172a; --tl-select:#0ea5e9;`;

const DARK = `
  --tl-bg:#0b1220; --tl-fg:#e2e8f0; --tl-muted:#94a3b8; --tl-grid:#1e293b; --tl-row:#0f172a; --tl-sep:#334155;
  --tl-pending:#fbbf24; --tl-running:#22c55e; --tl-succeeded:#60a5fa; --tl-failed:#f87171; --tl-unknown:#64748b;
  --tl-cond-true:#14b8a6; --tl-cond-false:#1e293b; --tl-cond-false-fg:#fda4af; --tl-cond-false-edge:#be123c;
  --tl-waiting:#fbbf24; --tl-run:#22c55e; --tl-run-failed:#22c55e; --tl-exit-bad:#f87171; --tl-term-ok:#475569; --tl-term-bad:#450a0a; --tl-term-bad-edge:#f87171;
  --tl-backoff:#fb923c; --tl-backoff-bg:#431407; --tl-unobserved:#334155; --tl-hook:#a78bfa; --tl-grace:#2e1065; --tl-grace-edge:#a78bfa;
  --tl-normal:#60a5fa; --tl-warning:#fb923c; --tl-now:#f472b6; --tl-text-on:#052e16; --tl-text-on-light:#0f172a; --tl-select:#38bdf8;`;

export const TIMELINE_CSS = `
.ps-tl { ${LIGHT} font-family: ui-sans-serif, system-ui, "DejaVu Sans", sans-serif; }
.dark .ps-tl, .ps-tl.dark { ${DARK} }
.ps-tl .bg { fill: var(--tl-bg); }
.ps-tl .row-bg { fill: var(--tl-row); }
.ps-tl .sep { stroke: var(--tl-sep); stroke-width: 1; }
.ps-tl .grid { stroke: var(--tl-grid); stroke-width: 1; }
.ps-tl .axis-label { fill: var(--tl-muted); font-size: 11px; }
.ps-tl .lane-label { fill: var(--tl-fg); font-size: 12px; }
.ps-tl .lane-label.group { font-weight: 600; }
.ps-tl .span-text { font-size: 11px; pointer-events: none; fill: var(--tl-text-on); }
.ps-tl .span-text.amber-text { fill: var(--tl-text-on-light); }
.ps-tl .span-text.muted-text { fill: var(--tl-fg); }
.ps-tl .s-pending { fill: var(--tl-pending); }
.ps-tl .s-running { fill: var(--tl-running); }
.ps-tl .s-succeeded { fill: var(--tl-succeeded); }
.ps-tl .s-failed { fill: var(--tl-failed); }
.ps-tl .s-unknown { fill: var(--tl-unknown); }
.ps-tl .s-cond-true { fill: var(--tl-cond-true); }
.ps-tl .s-cond-false { fill: var(--tl-cond-false); stroke: var(--tl-cond-false-edge); stroke-width: 1; }
.ps-tl .s-waiting { fill: var(--tl-waiting); }
.ps-tl .s-waiting-error { fill: var(--tl-term-bad); stroke: var(--tl-exit-bad); stroke-width: 1.5; stroke-dasharray: 5 2; }
.ps-tl .s-running-failed { fill: var(--tl-run-failed); }
.ps-tl .s-terminated-ok { fill: var(--tl-term-ok); }
.ps-tl .s-terminated-failed { fill: var(--tl-term-bad); stroke: var(--tl-term-bad-edge); stroke-width: 1; }
.ps-tl .s-unobserved { fill: var(--tl-unobserved); }
.ps-tl .s-hook { fill: var(--tl-hook); }
.ps-tl .s-grace { fill: var(--tl-grace); stroke: var(--tl-grace-edge); stroke-width: 1; stroke-dasharray: 4 3; }
.ps-tl .hatch-bg { fill: var(--tl-backoff-bg); }
.ps-tl .hatch-line { stroke: var(--tl-backoff); stroke-width: 2; }
.ps-tl .hatch-grey-bg { fill: var(--tl-bg); }
.ps-tl .hatch-grey-line { stroke: var(--tl-unobserved); stroke-width: 2; }
.ps-tl .s-backoff-edge { fill: none; stroke: var(--tl-backoff); stroke-width: 1; }
.ps-tl .exit-cap { fill: var(--tl-exit-bad); }
.ps-tl .inferred-edge { stroke: var(--tl-muted); stroke-width: 1; stroke-dasharray: 2 2; fill: none; }
.ps-tl .tick-restart { stroke: var(--tl-fg); stroke-width: 2; }
.ps-tl .tick-restart-head { fill: var(--tl-fg); }
.ps-tl .tick-TERM { stroke: var(--tl-warning); stroke-width: 2; }
.ps-tl .tick-KILL { stroke: var(--tl-failed); stroke-width: 2.5; }
.ps-tl .tick-hook { stroke: var(--tl-hook); stroke-width: 2; }
.ps-tl .tick-deletion, .ps-tl .tick-deadline { stroke: var(--tl-grace-edge); stroke-width: 2; }
.ps-tl .tick-removed { stroke: var(--tl-fg); stroke-width: 2; stroke-dasharray: 3 2; }
.ps-tl .tick-text { font-size: 10px; fill: var(--tl-fg); font-weight: 600; }
.ps-tl .m-normal { fill: var(--tl-normal); }
.ps-tl .m-warning { fill: var(--tl-warning); }
.ps-tl .m-range { stroke-width: 2; stroke-opacity: 0.45; stroke-linecap: round; }
.ps-tl .m-range-normal { stroke: var(--tl-normal); }
.ps-tl .m-range-warning { stroke: var(--tl-warning); }
.ps-tl .badge { fill: var(--tl-fg); }
.ps-tl .badge-text { fill: var(--tl-bg); font-size: 9px; font-weight: 700; }
.ps-tl .now-line { stroke: var(--tl-now); stroke-width: 1.5; stroke-dasharray: 5 3; }
.ps-tl .now-text { fill: var(--tl-now); font-size: 10px; font-weight: 700; }
.ps-tl .hit { fill: transparent; cursor: pointer; }
.ps-tl .hover-outline { fill: none; stroke: var(--tl-select); stroke-width: 2; }
.ps-tl .marker:focus { outline: none; }
.ps-tl .marker:focus-visible .m-shape { stroke: var(--tl-select); stroke-width: 3; }
.ps-tl .selected .m-shape { stroke: var(--tl-select); stroke-width: 2.5; }
`;
