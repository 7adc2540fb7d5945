// The signals lane of a deleted pod: "TERM app" at the instant the grace period starts used to be drawn over the
// bar's "grace period 15s". Every text the lane draws is a box; no two may overlap, at any zoom.
import type { TimelineModel } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { laneTextBoxes, layoutTimeline, placeSpanLabels, type LabelBox, type LaidSpan } from "../src/timeline/layout";

const BASE = Date.parse("2026-01-10T12:00:00Z");
const s = (n: number) => BASE + n * 1000;

// Deleted at 60 s: TERM to app (and a sidecar) at once, the grace period runs 15 s, KILL at its end.
const deleted: TimelineModel = {
  start: s(0),
  end: s(80),
  now: s(80),
  deletedAt: s(76),
  markers: [],
  warnings: [],
  lanes: [
    {
      id: "signals",
      kind: "signals",
      label: "Signals",
      spans: [{ start: s(60), end: s(75), open: false, state: "grace", label: "grace period 15s", inferred: false }],
      ticks: [
        { time: s(60), kind: "deletion", label: "delete", inferred: false },
        { time: s(60), kind: "TERM", label: "TERM app", inferred: false },
        { time: s(60.2), kind: "TERM", label: "TERM proxy", inferred: false },
        { time: s(75), kind: "KILL", label: "KILL app", inferred: false },
      ],
    },
  ],
};

const overlapping = (boxes: LabelBox[]) =>
  boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .filter((b) => a.from < b.to && b.from < a.to)
      .map((b) => [a, b]),
  );

describe("the texts of the signals lane", () => {
  for (const width of [520, 700, 900, 1400, 2400]) {
    it(`never overlap at ${width} px, and the signals keep their text`, () => {
      const l = layoutTimeline(deleted, { width, domain: [deleted.start, deleted.end] });
      const ticks = l.ticks.filter((t) => t.rowId === "signals");
      const spans = l.spans.filter((sp) => sp.rowId === "signals");
      expect(overlapping(laneTextBoxes(ticks, spans))).toEqual([]);
      expect(ticks.find((t) => t.tick.label === "TERM app")?.text).toMatch(/^TERM/);
      expect(ticks.find((t) => t.tick.label === "KILL app")?.text).toMatch(/^KILL/);
      // A bar's label stays inside its bar.
      for (const sp of spans.filter((x) => x.showLabel)) {
        expect(sp.textX).toBeGreaterThanOrEqual(sp.x);
        expect(sp.textX + sp.text.length * 6.3).toBeLessThanOrEqual(sp.x + sp.width);
      }
    });
  }

  it("on a wide timeline the grace period's label moves right, past the TERM text, instead of under it", () => {
    const l = layoutTimeline(deleted, { width: 2400, domain: [deleted.start, deleted.end] });
    const grace = l.spans.find((sp) => sp.rowId === "signals")!;
    const term = l.ticks.find((t) => t.tick.label === "TERM app")!;
    expect(grace.showLabel).toBe(true);
    expect(grace.text).toBe("grace period 15s");
    expect(grace.textX).toBeGreaterThan(term.x + 3 + (term.text ?? "").length * 6.3);
  });

  it("a bar with no free room for its label hides it rather than drawing over a text", () => {
    const bar: LaidSpan = {
      key: "g",
      rowId: "signals",
      x: 100,
      width: 90,
      y: 0,
      height: 18,
      tone: "grace",
      showLabel: true,
      text: "grace period 15s",
      textX: 104,
      span: deleted.lanes[0].spans[0],
    };
    placeSpanLabels([bar], [{ from: 103, to: 160 }]);
    expect(bar.showLabel).toBe(false);
    const roomy = { ...bar, width: 300, showLabel: true, textX: 104 };
    placeSpanLabels([roomy], [{ from: 103, to: 160 }]);
    expect(roomy).toMatchObject({ showLabel: true, textX: 164 });
  });
});
