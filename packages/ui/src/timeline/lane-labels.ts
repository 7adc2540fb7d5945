// Where the texts of one lane go — the text beside a tick ("TERM app") and the label inside a bar ("grace period
// 15s") — so that no two overlap. The signals lane has both at the same instant (SIGTERM starts the grace
// period), and drawing each where it would go alone put one over the other. Pure: boxes in, positions out.
import type { LaidSpan, LaidTick } from "./layout";
import { TIMELINE_CHAR_PX } from "./text";

/** A drawn text's horizontal extent (px). */
export interface LabelBox {
  from: number;
  to: number;
}

/** Bold 10px capitals of a tick's text run wider than the 11px body text of a bar's label. */
export const tickTextWidth = (text: string) => text.length * TIMELINE_CHAR_PX * 1.15;
export const spanTextWidth = (text: string) => text.length * TIMELINE_CHAR_PX;
/** Space kept between two texts, and between a bar's edge and its label. */
const GAP = 4;

const overlaps = (b: LabelBox, taken: LabelBox[]) => taken.some((t) => b.from < t.to + GAP && b.to > t.from - GAP);

// Signals first (TERM, KILL), then the deletion marks: a text is placed only where it overlaps no other.
const TICK_PRIORITY: Record<string, number> = { KILL: 0, TERM: 1, deletion: 2, deadline: 3 };

/**
 * Chooses which ticks get a text beside them so that no two texts overlap, nor any box already `taken`
 * (mutates `ticks`: sets `text`); returns the boxes it placed.
 */
export function labelTicks(ticks: LaidTick[], plotRight: number, taken: LabelBox[] = []): LabelBox[] {
  const placed: LabelBox[] = [];
  const order = [...ticks].sort((a, b) => (TICK_PRIORITY[a.tick.kind] ?? 9) - (TICK_PRIORITY[b.tick.kind] ?? 9) || a.x - b.x);
  for (const t of order) {
    const from = t.x + 3;
    // The full text ("TERM app"), else just the signal ("TERM") when the full one does not fit.
    for (const text of [t.tick.label, t.tick.label.split(" ")[0]]) {
      const box = { from, to: from + tickTextWidth(text) };
      if (box.to > plotRight + 12 || overlaps(box, [...taken, ...placed])) continue;
      placed.push(box);
      t.text = text;
      break;
    }
  }
  return placed;
}

/**
 * Moves each bar's label right, inside its bar, past the tick texts it would cover (the `taken` boxes), or hides it
 * when no place in the bar is free (the bar's tooltip still says it). Mutates `spans` (textX, showLabel, text).
 */
export function placeSpanLabels(spans: LaidSpan[], taken: LabelBox[]): LabelBox[] {
  const placed: LabelBox[] = [];
  for (const s of spans) {
    if (!s.showLabel) continue;
    const end = s.x + s.width - GAP;
    const texts = [s.text, s.text.split(" · ")[0]].filter((t, i, all) => all.indexOf(t) === i);
    let found: { text: string; box: LabelBox } | null = null;
    for (const text of texts) {
      const w = spanTextWidth(text);
      // Candidate starts: the bar's own start, then just after each taken box that begins inside the bar.
      const starts = [s.x + GAP, ...taken.map((b) => b.to + GAP).filter((x) => x > s.x + GAP && x < end)].sort((a, b) => a - b);
      for (const from of starts) {
        const box = { from, to: from + w };
        if (box.to <= end && !overlaps(box, [...taken, ...placed])) {
          found = { text, box };
          break;
        }
      }
      if (found) break;
    }
    if (found) {
      s.text = found.text;
      s.textX = found.box.from;
      placed.push(found.box);
    } else {
      s.showLabel = false;
    }
  }
  return placed;
}

/** Every text a lane draws, as boxes: what the "never overlap" rule is checked on. */
export function laneTextBoxes(ticks: LaidTick[], spans: LaidSpan[]): LabelBox[] {
  return [
    ...ticks.flatMap((t) => (t.text ? [{ from: t.x + 3, to: t.x + 3 + tickTextWidth(t.text) }] : [])),
    ...spans.flatMap((s) => (s.showLabel ? [{ from: s.textX, to: s.textX + spanTextWidth(s.text) }] : [])),
  ];
}
