"use client";
// Window files: exporting a window of the selected source (everything, a namespace, or — from a pod
// page — one pod), opening one as a read-only source frozen at the moment it was taken, and closing
// the sources opened from files. The same file opened twice is the same source.
import { parseGoDuration } from "@podscope/core";
import { downloadText, exportFileName } from "@podscope/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { Panel, buttonClass, inputClass } from "@/components/Panel";
import { useSource } from "@/lib/sources";
import { useChangeRight } from "@/lib/token";
import { useTRPC } from "@/lib/trpc";
import { withSource } from "@/lib/url-state";

export function SnapshotsPage() {
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { id: current, info: currentInfo, sources } = useSource();
  const openSnapshot = useMutation(trpc.sources.openSnapshot.mutationOptions());
  const close = useMutation(
    trpc.sources.close.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.sources.list.queryFilter()),
    }),
  );
  const opened = sources.filter((s) => s.kind === "snapshot");
  // Opening and closing add and remove a source on the server: both need a token it accepts, and say so.
  const right = useChangeRight();

  const open = async (file: File) => {
    setError(null);
    setBusy(true);
    try {
      const text = await file.text();
      const { source } = await openSnapshot.mutateAsync({ json: text, fileName: file.name });
      // The source list must hold the new source (with its takenAt) before any of its views paints:
      // otherwise they would not know its clock is frozen.
      await queryClient.refetchQueries(trpc.sources.list.queryFilter());
      const pods = await queryClient.fetchQuery(trpc.pods.list.queryOptions({ source }));
      const only = pods.length === 1 ? pods[0].metadata : null;
      router.push(
        only
          ? withSource(`/pods/${encodeURIComponent(only.namespace ?? "default")}/${encodeURIComponent(only.name ?? "")}`, source)
          : withSource("/pods", source),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Snapshots</h1>
      <Panel
        title="Open a window file"
        explain={
          <p>
            A window file holds a time window of one source — pods, events, nodes, PodDisruptionBudgets and controllers, the recorded status
            history, the last 1,000 log lines of every container (and of the instance before a restart) and, for a few pods of the local
            node, its cgroups, namespaces and processes. Made below, with <b>Download snapshot</b> on a pod page (one pod) or{" "}
            <code>podscope export</code>. Opening it gives a read-only source whose clock is stopped at the moment it was taken: ages,
            countdowns and timelines read as they did then. Older single-pod snapshot files open too.
          </p>
        }
      >
        <label className="flex flex-col gap-2 text-sm">
          <span>
            Choose a <code>.podscope.json</code> file
          </span>
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Snapshot file"
            disabled={busy || !right.allowed}
            title={right.reason}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void open(f);
              e.target.value = "";
            }}
            className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-blue-600 file:px-3 file:py-1.5 file:font-semibold file:text-white"
          />
        </label>
        {right.reason && (
          <p className="mt-2 text-sm text-amber-800 dark:text-amber-300" data-testid="change-refused">
            {right.reason}
          </p>
        )}
        {busy && <p className="mt-2 text-sm text-slate-500">Opening…</p>}
        <div className="mt-2">
          <ErrorNote error={error} action="Opening the file" />
        </div>
      </Panel>
      <Panel
        title="Opened from files"
        explain={
          <p>
            Sources opened from files, for every browser on this server. Closing one removes it from the server; the file itself is
            untouched and opens again the same.
          </p>
        }
      >
        {opened.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">None.</p>
        ) : (
          <ul className="flex flex-col gap-2" aria-label="Opened files">
            {opened.map((s) => (
              <li key={s.id} data-source={s.id} className="flex flex-wrap items-center gap-3 text-sm">
                <a className="font-medium text-blue-700 hover:underline dark:text-blue-300" href={withSource("/pods", s.id)}>
                  {s.name}
                </a>
                <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{s.id}</span>
                <button
                  type="button"
                  className={buttonClass}
                  aria-label={`Close ${s.name}`}
                  disabled={close.isPending || !right.allowed}
                  title={right.reason}
                  onClick={() => close.mutate({ source: s.id })}
                >
                  Close
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-2">
          <ErrorNote error={close.error} action="Closing" />
        </div>
      </Panel>
      {current && currentInfo && <ExportPanel source={current} sourceName={currentInfo.name} />}
    </div>
  );
}

/** Downloads a window of the selected source: everything or one namespace, over the last N (or all). */
function ExportPanel({ source, sourceName }: { source: string; sourceName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [namespace, setNamespace] = useState("");
  const [since, setSince] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const sinceMs = since.trim() ? parseGoDuration(since.trim()) : undefined;
  const sinceBad = since.trim() !== "" && (sinceMs === undefined || sinceMs <= 0);

  const download = async () => {
    setError(null);
    setBusy(true);
    try {
      const input = {
        source,
        namespace: namespace.trim() || undefined,
        from: sinceMs ? new Date(Date.now() - sinceMs).toISOString() : undefined,
      };
      // Taken now, never from the cache.
      const w = await queryClient.fetchQuery({ ...trpc.snapshots.export.queryOptions(input), staleTime: 0 });
      downloadText(
        JSON.stringify(w, null, 2),
        exportFileName([source, namespace.trim() || "all", w.takenAt], "podscope.json"),
        "application/json",
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel
      title={`Export a window of ${sourceName}`}
      explain={
        <p>
          The same file <code>podscope export [-n NAMESPACE | -A] [--since 1h] -o FILE</code> writes. Without a namespace, the whole source;
          without a duration, everything recorded.
        </p>
      }
    >
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Namespace (empty: all)
          <input
            aria-label="Export namespace"
            className={inputClass}
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            placeholder="default"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Since (e.g. 15m, 1h; empty: all)
          <input
            aria-label="Export since"
            aria-invalid={sinceBad}
            className={`${inputClass} ${sinceBad ? "border-red-500" : ""}`}
            value={since}
            onChange={(e) => setSince(e.target.value)}
            placeholder="1h"
          />
        </label>
        <button type="button" className={buttonClass} disabled={busy || sinceBad} onClick={() => void download()}>
          {busy ? "Exporting…" : "Download window"}
        </button>
      </div>
      {sinceBad && (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          A duration such as 30s, 15m or 1h30m.
        </p>
      )}
      <div className="mt-2">
        <ErrorNote error={error} action="Exporting" />
      </div>
    </Panel>
  );
}
