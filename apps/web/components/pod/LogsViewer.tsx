"use client";
// Container logs: the last lines, optionally the previous (crashed) instance, and follow mode over
// the WebSocket. The view keeps at most 5,000 lines so a chatty container cannot eat the tab.
import type { Pod } from "@podscope/core";
import { useEffect, useRef, useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { inputClass } from "@/components/Panel";
import { api } from "@/lib/api";
import { useUrlParam } from "@/lib/url-state";

const MAX_LINES = 5000;

export function LogsViewer({ pod, source }: { pod: Pod; source: string }) {
  const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name);
  const [container, setContainer] = useUrlParam("container", pod.spec.containers[0]?.name ?? "");
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(false);
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const boxRef = useRef<HTMLPreElement>(null);
  const ref = { source, namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "" };

  useEffect(() => {
    let cancelled = false;
    setError(null);
    if (follow && !previous) {
      setLines([]);
      const sub = api.logs.follow({ ...ref, container, tailLines: 200 }, {
        onData: (d) => setLines((l) => (l.length >= MAX_LINES ? [...l.slice(-MAX_LINES + 1), d.line] : [...l, d.line])),
        onError: (e) => setError(e),
      });
      return () => sub.unsubscribe();
    }
    api.logs.get({ ...ref, container, previous, tailLines: 500 })
      .then((text) => { if (!cancelled) setLines(text === "" ? [] : text.split("\n")); })
      .catch((e) => { if (!cancelled) { setError(e); setLines([]); } });
    return () => { cancelled = true; };
  }, [source, ref.namespace, ref.name, container, previous, follow]);

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
