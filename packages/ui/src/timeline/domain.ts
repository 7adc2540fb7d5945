// The visible time window of the timeline: fit, zoom and pan, always kept inside the pod's lifetime.
import type { TimelineModel } from "@podscope/core";

export type TimeDomain = [number, number];

/** The visible window that shows the whole model, with a little air on both sides. */
export function fitDomain(model: TimelineModel, now = model.now): TimeDomain {
  const start = model.start;
  // A deleted pod's story ends at its deletion; a live one's at now.
  const end = model.deletedAt !== undefined ? model.end : Math.max(model.end, now);
  const span = Math.max(end - start, 10_000);
  return [start - span * 0.01, start + span * 1.03];
}

/** Zoom the window by `factor` (>1 zooms in) around time `center`, never beyond `bounds` nor below `minSpanMs`. */
export function zoomDomain(domain: TimeDomain, factor: number, center: number, bounds: TimeDomain, minSpanMs = 200): TimeDomain {
  const width = Math.max(minSpanMs, Math.min(bounds[1] - bounds[0], (domain[1] - domain[0]) / factor));
  const ratio = (center - domain[0]) / (domain[1] - domain[0] || 1);
  return clampDomain([center - ratio * width, center - ratio * width + width], bounds);
}

/** Move the window by `deltaMs`, keeping it inside `bounds`. */
export function panDomain(domain: TimeDomain, deltaMs: number, bounds: TimeDomain): TimeDomain {
  return clampDomain([domain[0] + deltaMs, domain[1] + deltaMs], bounds);
}

function clampDomain(d: TimeDomain, bounds: TimeDomain): TimeDomain {
  const w = d[1] - d[0];
  if (w >= bounds[1] - bounds[0]) return [bounds[0], bounds[1]];
  if (d[0] < bounds[0]) return [bounds[0], bounds[0] + w];
  if (d[1] > bounds[1]) return [bounds[1] - w, bounds[1]];
  return d;
}
