// Event markers: clustering of markers that would overlap at the current zoom, and the count badges.
import type { TimelineMarker } from "@podscope/core";

/**
 * A marker as drawn: an event, or one occurrence of a folded event whose occurrences the model could date
 * (TimelineMarker.occurrences). An occurrence keeps the event's id, message and event object.
 */
export type PlacedMarker = TimelineMarker & { occurrence?: { index: number; of: number; inferred: boolean } };

/** One marker per occurrence where the model knows them, in time order; other markers as they are. */
export function expandOccurrences(markers: TimelineMarker[]): PlacedMarker[] {
  if (!markers.some((m) => m.occurrences)) return markers;
  const out: PlacedMarker[] = [];
  for (const m of markers) {
    const occ = m.occurrences;
    if (!occ?.length) {
      out.push(m);
      continue;
    }
    // Occurrences the runs could not date stay on the last one, so the counts still add up to the event's.
    occ.forEach((o, k) =>
      out.push({
        ...m,
        time: o.time,
        firstTime: o.time,
        lastTime: o.time,
        count: k === occ.length - 1 ? m.count - (occ.length - 1) : 1,
        occurrence: { index: k + 1, of: m.count, inferred: o.inferred },
      }),
    );
  }
  return out.sort((a, b) => a.time - b.time);
}

export interface MarkerCluster {
  key: string;
  rowId: string;
  x: number;
  y: number;
  markers: PlacedMarker[];
  /** Sum of the events' counts (an event that happened 5 times counts 5). */
  total: number;
  warning: boolean;
  /** For events that happened several times: x of the earliest first occurrence (a thin line runs from there). */
  fromX?: number;
}

/**
 * Groups markers that would overlap into clusters, left to right: a marker joins the current cluster while it
 * is within `px` of the cluster's first marker. Linear in the number of markers (they arrive sorted by time).
 */
export function clusterMarkers(
  markers: PlacedMarker[],
  x: (t: number) => number,
  px: number,
  rowId: string,
  y: number,
  minX: number,
  maxX: number,
): MarkerCluster[] {
  const out: MarkerCluster[] = [];
  let cur: { x0: number; x1: number; list: PlacedMarker[] } | undefined;
  const flush = () => {
    if (!cur) return;
    const list = cur.list;
    let total = 0;
    let warning = false;
    for (const m of list) {
      total += m.count;
      if (m.type === "Warning") warning = true;
    }
    out.push({ key: `${rowId}:${list[0].id}:${list[0].time}`, rowId, x: (cur.x0 + cur.x1) / 2, y, markers: list, total, warning });
    cur = undefined;
  };
  for (const m of markers) {
    const mx = x(m.time);
    if (mx < minX - 0.5 || mx > maxX + 0.5) continue;
    if (cur && mx - cur.x0 <= px) {
      cur.list.push(m);
      cur.x1 = mx;
    } else {
      flush();
      cur = { x0: mx, x1: mx, list: [m] };
    }
  }
  flush();
  // A count badge sticks out to the right of its glyph: where it would cover the next glyph, merge the two.
  const merged: MarkerCluster[] = [];
  for (const c of out) {
    const prev = merged[merged.length - 1];
    if (prev && prev.x + MARKER_RADIUS + badgeWidth(prev.total) + 2 > c.x - MARKER_RADIUS) {
      const list = prev.markers.concat(c.markers);
      merged[merged.length - 1] = {
        ...prev,
        x: (x(list[0].time) + x(list[list.length - 1].time)) / 2,
        markers: list,
        total: prev.total + c.total,
        warning: prev.warning || c.warning,
      };
    } else merged.push(c);
  }
  // Every folded event in a cluster shows its window, as a lone one does: the line starts at the earliest first time.
  for (const c of merged) {
    let from = Infinity;
    for (const m of c.markers) if (m.count > 1 && m.firstTime < m.time && m.firstTime < from) from = m.firstTime;
    if (from !== Infinity) c.fromX = Math.max(minX, x(from));
  }
  return merged;
}

export const MARKER_RADIUS = 7;

/** Width of a cluster's count badge ("12", "999+"); 0 when there is nothing to count. */
export function badgeWidth(total: number): number {
  if (total <= 1) return 0;
  return (total > 999 ? 4 : String(total).length) * 5.6 + 6;
}
