// kubelet emits Pulled, Created and Started at every start of a container, and the event recorder folds the
// repeats into one event with a count and first/last timestamps (or a series). Drawn at its last time only, a
// crash loop's 27 starts read as one moment. Each start is known from the container's runs, so each occurrence
// gets its own time: the first and the last from the event's timestamps, the ones between from the run starts
// (inferred — the event does not say them).
import type { ContainerHistory } from "./timeline-containers";
import type { TimelineMarker } from "./timeline-types";

/** Events kubelet records once per container start (kuberuntime startContainer / EnsureImageExists). */
const PER_START_REASONS = new Set(["Pulled", "Created", "Started"]);

function nearest(starts: number[], t: number): number {
  let best = 0;
  for (let i = 1; i < starts.length; i++) if (Math.abs(starts[i] - t) < Math.abs(starts[best] - t)) best = i;
  return best;
}

/** Fills `occurrences` on folded per-start events whose container's runs say when the repeats happened. */
export function placeOccurrences(markers: TimelineMarker[], containers: ContainerHistory[]): void {
  const runStarts = new Map(containers.map((h) => [h.name, h.runs.map((r) => r.start).sort((a, b) => a - b)]));
  for (const m of markers) {
    if (m.count < 2 || m.lastTime <= m.firstTime || !m.container || !PER_START_REASONS.has(m.reason)) continue;
    const starts = runStarts.get(m.container);
    if (!starts || starts.length < 2) continue;
    const first = nearest(starts, m.firstTime);
    const last = nearest(starts, m.lastTime);
    if (last <= first) continue;
    // Pulled and Created come a little before the start they belong to: keep the offset seen at the last one.
    const offset = m.lastTime - starts[last];
    const between = starts.slice(first + 1, last).map((s) => ({ time: s + offset, inferred: true }));
    if (between.length + 2 > m.count) continue; // more runs than the event counted: they do not match, place nothing
    m.occurrences = [{ time: m.firstTime, inferred: false }, ...between, { time: m.lastTime, inferred: false }];
  }
}
