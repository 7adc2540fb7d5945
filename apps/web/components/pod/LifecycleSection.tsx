"use client";
// Lifecycle: the timeline model is built here, in the browser, from the pod, its recorded status
// history and its events, with a ticking `now` so open spans grow and the "now" line moves. The
// selected event marker is kept in the URL (?event=), like every other view state.
import type { RouterOutputs } from "@podscope/api";
import { buildTimeline, type Pod, type TimelineMarker } from "@podscope/core";
import { ConditionsTable, exportTimelineSvg, Timeline } from "@podscope/ui";
import { useEffect, useMemo, useRef, useState } from "react";
import { ExportButtons } from "@/components/ExportButtons";
import { Panel } from "@/components/Panel";
import { useUrlParam } from "@/lib/url-state";

function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.floor(e.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

export function LifecycleSection({
  detail,
  now,
  sourceName,
}: {
  detail: RouterOutputs["pods"]["detail"];
  now: number;
  live: boolean;
  sourceName: string;
}) {
  const pod: Pod = detail.pod;
  const model = useMemo(
    () => buildTimeline({ pod, history: detail.history, events: detail.events, now: new Date(now) }),
    [pod, detail, now],
  );
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const [eventId, setEventId] = useUrlParam("event");
  const selected: TimelineMarker | undefined = model.markers.find((m) => m.id === eventId);
  const name = `${pod.metadata.namespace}/${pod.metadata.name}`;

  const makeSvg = () => {
    if (!svgRef.current) throw new Error("the timeline is not on screen");
    return exportTimelineSvg(svgRef.current, {
      title: `Lifecycle of pod ${name}`,
      subtitle: `source ${sourceName} · ${iso(model.start)} – ${iso(model.end)}`,
    });
  };

  return (
    <>
      <Panel
        title="Lifecycle timeline"
        actions={
          <ExportButtons what="timeline" fileParts={[pod.metadata.namespace ?? "default", pod.metadata.name ?? "pod"]} makeSvg={makeSvg} />
        }
        explain={
          <>
            <p>
              Time runs left to right. The top lanes show the pod <b>phase</b> and each <b>condition</b> (True/False spans); below, each
              container&apos;s runs: waiting (with the reason), running, terminated (with the exit code), and the <b>back-off</b> waits
              kubelet inserts between crash restarts — 10 s, 20 s, 40 s … up to 5 minutes.
            </p>
            <p>
              Markers are events (click one for the full text); hooks and signals (TERM, KILL) have their own lanes. Scroll to zoom, drag to
              pan. Parts drawn from timestamps inside a status rather than seen happening are marked as inferred.
            </p>
          </>
        }
      >
        <div ref={boxRef} className="w-full" data-testid="timeline">
          {width > 0 && (
            <Timeline
              model={model}
              width={width}
              now={now}
              title={`${name} · ${sourceName}`}
              svgRef={svgRef}
              selectedEventId={eventId || undefined}
              onSelectEvent={(m) => setEventId(m.id === eventId ? null : m.id)}
            />
          )}
        </div>
        {model.warnings.length > 0 && (
          <details className="mt-2 text-sm text-amber-700 dark:text-amber-400">
            <summary>{model.warnings.length} input item(s) could not be placed on the timeline</summary>
            <ul className="ml-5 list-disc">
              {model.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </details>
        )}
        {selected && (
          <div
            role="region"
            aria-label="Selected event"
            className="mt-3 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
          >
            <div className="flex flex-wrap gap-3">
              <span className={selected.event.type === "Warning" ? "font-semibold text-amber-700 dark:text-amber-400" : "font-semibold"}>
                {selected.event.type} {selected.event.reason}
              </span>
              {(selected.event.count ?? 1) > 1 && <span>×{selected.event.count}</span>}
              <span className="text-slate-500 dark:text-slate-400">
                {selected.event.firstTimestamp ?? selected.event.eventTime} → {selected.event.lastTimestamp ?? ""}
              </span>
              <span className="text-slate-500 dark:text-slate-400">
                from {selected.event.reportingComponent || selected.event.source?.component}
              </span>
              <button type="button" className="ml-auto underline" onClick={() => setEventId(null)}>
                close
              </button>
            </div>
            <p className="mt-1 whitespace-pre-wrap">{selected.event.message}</p>
          </div>
        )}
      </Panel>
      <Panel
        title="Conditions"
        explain={
          <p>
            Conditions are yes/no facts about the pod, each set by one component: <b>PodScheduled</b> by the scheduler,{" "}
            <b>PodReadyToStartContainers</b>, <b>Initialized</b>, <b>ContainersReady</b> and <b>Ready</b> by kubelet,{" "}
            <b>DisruptionTarget</b> by the eviction API or the taint manager. <b>Ready</b> is what Services use to send traffic. The
            transition time changes only when the status flips.
          </p>
        }
      >
        <ConditionsTable
          conditions={pod.status?.conditions}
          now={new Date(now)}
          readinessGates={pod.spec.readinessGates?.map((g) => g.conditionType)}
        />
      </Panel>
    </>
  );
}
