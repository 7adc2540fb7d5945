"use client";
// Container logs: the last lines, optionally the previous (crashed) instance, and follow mode over
// the WebSocket. Each line keeps its time and stream where the source has them (the local node's CRI
// files): stderr is marked, times show on demand. The view keeps at most 5,000 lines so a chatty
// container cannot eat the tab.
import type { Pod } from "@podscope/core";
import type { RouterOutputs } from "@podscope/api";
import { downloadText, exportFileName } from "@podscope/ui";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { buttonClass, inputClass } from "@/components/Panel";
import { useTRPC } from "@/lib/trpc";
import { useUrlParam } from "@/lib/url-state";
import { defaultLogContainer, logText, TAIL_LINES } from "./logs-view";

const MAX_LINES = 5000;
type LogLine = RouterOutputs["logs"]["lines"][number];

export function LogsViewer({ pod, source }: { pod: Pod; source: string }) {
  const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name);
  const ref = { source, namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "" };
  const trpc = useTRPC();
  // Opened on the container that logged last (a crashing sidecar, not the quiet first container), unless the URL names one.
  const latest = useQuery(trpc.logs.latest.queryOptions(ref, { retry: false, staleTime: 10_000 }));
  const [chosen, setContainer] = useUrlParam("container", "");
  const container = defaultLogContainer(pod, chosen, latest.data?.container ?? null, latest.isPending);
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [followed, setFollowed] = useState<LogLine[]>([]);
  const boxRef = useRef<HTMLPreElement>(null);
  const following = follow && !previous;
  const ready = container !== "";

  // The same number of lines with and without follow, so switching it on does not change what is on screen.
  const tail = useQuery(
    trpc.logs.lines.queryOptions(following || !ready ? skipToken : { ...ref, container, previous, tailLines: TAIL_LINES }, {
      retry: false,
      staleTime: 0,
    }),
  );
  const stream = useSubscription(
    trpc.logs.follow.subscriptionOptions(following && ready ? { ...ref, container, tailLines: TAIL_LINES } : skipToken, {
      // (Re)started: the server sends the last lines again, so start from none.
      onStarted: () => setFollowed([]),
      onData: (d) => setFollowed((l) => (l.length >= MAX_LINES ? [...l.slice(-MAX_LINES + 1), d] : [...l, d])),
    }),
  );
  const lines: LogLine[] = following ? followed : (tail.data ?? []);
  const error = following ? (stream.status === "error" ? stream.error : null) : tail.error;
  const hasTimes = lines.some((l) => l.time !== null);

  useEffect(() => {
    const el = boxRef.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [lines, follow]);

  const download = () => {
    // Named like a snapshot: namespace, pod, container and when it was taken.
    downloadText(
      logText(lines, timestamps),
      exportFileName([ref.namespace, ref.name, container, previous ? "previous" : "", new Date().toISOString()], "log"),
      "text/plain",
    );
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          Container
          <select aria-label="Log container" value={container} onChange={(e) => setContainer(e.target.value)} className={inputClass}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> previous instance
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={follow} disabled={previous} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
        <label
          className="flex items-center gap-1"
          title={hasTimes ? "the time the runtime wrote each line (from the CRI log)" : "this source keeps no time per line"}
        >
          <input type="checkbox" checked={timestamps} disabled={!hasTimes} onChange={(e) => setTimestamps(e.target.checked)} /> timestamps
        </label>
        <span className="text-slate-500 dark:text-slate-400">
          {lines.length} lines
          {lines.some((l) => l.stream === "stderr") && (
            <>
              {" "}
              · <span className="text-orange-600 dark:text-orange-300">stderr</span> marked
            </>
          )}
        </span>
        <button
          type="button"
          className={`${buttonClass} ml-auto`}
          disabled={lines.length === 0}
          onClick={download}
          aria-label="Download log"
        >
          Download
        </button>
      </div>
      <ErrorNote error={error} action="Logs" />
      <pre
        ref={boxRef}
        aria-label="Log output"
        className="h-72 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100"
      >
        {lines.length ? (
          lines.map((l, i) => (
            <div
              key={i}
              data-stream={l.stream ?? undefined}
              className={l.stream === "stderr" ? "border-l-2 border-orange-400 pl-1 text-orange-200" : "pl-1.5"}
            >
              {timestamps && l.time && <span className="select-none pr-2 text-slate-500">{l.time}</span>}
              {l.line || " "}
            </div>
          ))
        ) : (
          <span className="text-slate-500">(no output)</span>
        )}
      </pre>
    </div>
  );
}
