// The legend under the timeline: every colour and pattern in words, wrapped to the width.
import { TIMELINE_CHAR_PX } from "./text";

export interface LegendItem {
  tone: string;
  label: string;
  x: number;
  y: number;
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
