"use client";
// Container logs: the last lines, optionally the previous (crashed) instance, and follow mode over
// the WebSocket. The view keeps at most 5,000 lines so a chatty container cannot eat the tab.
import type { Pod } from "@podscope/core";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { inputClass } from "@/components/Panel";
import { useTRPC } from "@/lib/trpc";
import { useUrlParam } from "@/lib/url-state";

const MAX_LINES = 5000;

export function LogsViewer({ pod, source }: { pod: Pod; source: string }) {
  const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name);
  const [container, setContainer] = useUrlParam("container", pod.spec.containers[0]?.name ?? "");
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(false);
  const [followed, setFollowed] = useState<string[]>([]);
  const boxRef = useRef<HTMLPreElement>(null);
  const ref = { source, namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "" };
  const trpc = useTRPC();
  const following = follow && !previous;

  const tail = useQuery(trpc.logs.get.queryOptions(following ? skipToken : { ...ref, container, previous, tailLines: 500 }, { retry: false, staleTime: 0 }));
  const stream = useSubscription(trpc.logs.follow.subscriptionOptions(following ? { ...ref, container, tailLines: 200 } : skipToken, {
    // (Re)started: the server sends the last 200 lines again, so start from none.
    onStarted: () => setFollowed([]),
    onData: (d) => setFollowed((l) => (l.length >= MAX_LINES ? [...l.slice(-MAX_LINES + 1), d.line] : [...l, d.line])),
  }));
  const lines = following ? followed : tail.data ? tail.data.split("\n") : [];
  const error = following ? (stream.status === "error" ? stream.error : null) : tail.error;

  useEffect(() => {
    const el = boxRef.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [lines, follow]);

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">Container
          <select aria-label="Log container" value={container} onChange={(e) => setContainer(e.target.value)} className={inputClass}>
            {names.map((n) => <option key={n}>{n}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-1"><input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> previous instance</label>
        <label className="flex items-center gap-1"><input type="checkbox" checked={follow} disabled={previous} onChange={(e) => setFollow(e.target.checked)} /> follow</label>
        <span className="text-slate-500 dark:text-slate-400">{lines.length} lines</span>
      </div>
      <ErrorNote error={error} action="Logs" />
      <pre ref={boxRef} aria-label="Log output" className="h-72 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100">
        {lines.length ? lines.join("\n") : <span className="text-slate-500">(no output)</span>}
      </pre>
    </div>
  );
}
