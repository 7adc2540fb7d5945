"use client";
// Lifecycle: the timeline model is built here, in the browser, from the pod, its recorded status
// history and its events, with a ticking `now` so open spans grow and the "now" line moves.
import { buildTimeline, type Pod } from "@podscope/core";
import { useMemo } from "react";
import { Panel } from "@/components/Panel";
import type { PodDetail } from "@/lib/api-types";

export function LifecycleSection({ detail, now, live, sourceName }: { detail: PodDetail; now: number; live: boolean; sourceName: string }) {
  // A snapshot is frozen: its "now" is when it was taken (the newest thing it knows about).
  const at = live ? now : latest(detail) ?? now;
  const model = useMemo(() => buildTimeline({ pod: detail.pod as Pod, history: detail.history, events: detail.events, now: new Date(at) }), [detail, at]);
  return (
    <>
      <Panel title="Lifecycle timeline" explain={<p>Time runs left to right. The top lanes show the pod <b>phase</b> and each <b>condition</b> (True/False spans); below, each container&apos;s runs: waiting (with the reason), running, terminated (with the exit code), and the <b>back-off</b> waits kubelet inserts between crash restarts — 10 s, 20 s, 40 s … up to 5 minutes. Markers are events; hooks and signals (TERM, KILL) have their own lanes. Source: {sourceName}.</p>}>
        <div data-testid="timeline-lanes" className="text-sm">
          <p className="text-slate-500">Timeline view is being built ({model.lanes.length} lanes, {model.markers.length} event markers).</p>
        </div>
      </Panel>
    </>
  );
}

function latest(d: PodDetail): number | null {
  const times = d.history.map((h) => Date.parse(h.time)).filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : null;
}
