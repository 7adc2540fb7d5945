"use client";
// The pod page: header and "what is wrong", then one tab at a time (kept in the URL as ?tab=, so a
// permalink opens the same view): lifecycle, containers, sandbox, cgroups, namespaces, events.
import { humanDuration } from "@podscope/core";
import { downloadText, exportFileName } from "@podscope/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { Panel, buttonClass } from "@/components/Panel";
import { useSource } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";
import { useNow, useSourceClock } from "@/lib/use-now";
import { useUrlParam, withSource } from "@/lib/url-state";
import { ContainersTable } from "./ContainersSection";
import { DeleteDialog } from "./DeleteDialog";
import { EventsTable } from "./EventsTable";
import { Explanations } from "./Explanations";
import { Incarnations } from "./Incarnations";
import { TimeScrubber, TimeTravelControl, TimeTravelNote, useAt } from "@/components/TimeTravel";
import { AnatomySection, CgroupSection, NamespacesSection, ProcessesSection } from "./InspectionSections";
import { LogsViewer } from "./LogsViewer";
import { PodHeader } from "./PodHeader";
import { LifecycleSection } from "./LifecycleSection";
import { RuntimeSection } from "./RuntimeSection";

const TABS = [
  { id: "lifecycle", label: "Lifecycle" },
  { id: "containers", label: "Containers" },
  { id: "sandbox", label: "Sandbox" },
  { id: "cgroups", label: "Cgroups" },
  { id: "namespaces", label: "Namespaces" },
  { id: "events", label: "Events" },
] as const;

export function PodPage({ namespace, name }: { namespace: string; name: string }) {
  const { id: source, info } = useSource();
  const now = useNow(1000);
  const clock = useSourceClock(1000);
  const [tab, setTab] = useUrlParam("tab", "lifecycle");
  const [snapshotError, setSnapshotError] = useState<unknown>(null);
  const podRef = { source: source ?? "", namespace, name };
  // ?uid= names one incarnation of the name (a deleted one, when the name was used again).
  const [uid] = useUrlParam("uid");
  // ?at=: the pod as it was then, rebuilt from recorded history (read-only, the clock stopped at T).
  const [at] = useAt();
  const recording = info?.capabilities.isRecording ?? false;
  const atInput = at !== null && recording ? { at: new Date(at).toISOString() } : {};
  const live = clock.live;
  // A pod seen here and then not found was deleted: stop asking, keep its last state, freeze the clock.
  const [goneAt, setGoneAt] = useState<number | null>(null);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(
    trpc.pods.detail.queryOptions(
      { ...podRef, ...(uid ? { uid } : {}), ...atInput },
      {
        enabled: !!source,
        // A deleted incarnation's record does not change any more.
        refetchInterval: (q) => (live && goneAt === null && !q.state.data?.deletedAt && !("at" in atInput) ? 1_000 : false),
        retry: (n, e) => n < 1 && !isNotFound(e),
      },
    ),
  );
  const pod = detail.data?.pod;
  // At T, the incarnation's whole recorded history (not clipped at T): the status changes the scrubber steps to.
  const whole = useQuery(
    trpc.pods.detail.queryOptions(
      { ...podRef, uid: pod?.metadata.uid ?? "" },
      { enabled: !!source && "at" in atInput && !!pod?.metadata.uid },
    ),
  );
  const changes = whole.data ? whole.data.history.map((h) => Date.parse(h.time)) : undefined;
  useEffect(() => {
    document.title = `${namespace}/${name} · podscope`;
  }, [namespace, name]);
  useEffect(() => {
    // A recorded deletion freezes the page at the moment the pod went; a source that records nothing
    // answers "not found", and the page freezes when it first heard so.
    const deletedAt = "at" in atInput ? at : detail.data?.deletedAt ? Date.parse(detail.data.deletedAt) : null;
    if (deletedAt !== null && goneAt !== deletedAt) setGoneAt(deletedAt);
    if (detail.data && isNotFound(detail.error) && goneAt === null) setGoneAt(Date.now());
    if (deletedAt === null && !detail.error && goneAt !== null && detail.isFetchedAfterMount && detail.dataUpdatedAt > goneAt)
      setGoneAt(null);
  }, [detail.data, detail.error, detail.dataUpdatedAt, detail.isFetchedAfterMount, goneAt]);
  // A source opened from a file is frozen at the moment it was taken (the source's clock), so ages,
  // countdowns and the timeline's "now" read as they did then, from the first paint and on every visit.
  const viewNow = goneAt !== null ? goneAt : clock.now;

  const downloadSnapshot = async () => {
    setSnapshotError(null);
    try {
      // Taken now, never from the cache.
      const snap = await queryClient.fetchQuery({ ...trpc.snapshots.export.queryOptions(podRef), staleTime: 0 });
      downloadText(JSON.stringify(snap, null, 2), exportFileName([namespace, name, snap.takenAt], "podscope.json"), "application/json");
    } catch (e) {
      setSnapshotError(e);
    }
  };

  if (!source) return <p className="text-slate-500">Choose a source.</p>;
  if (detail.error && !pod) {
    return (
      <div className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">
          {namespace}/{name}
        </h1>
        <ErrorNote error={detail.error} action="Loading the pod" />
        <a className="text-blue-700 underline dark:text-blue-300" href={withSource("/pods", source)}>
          Back to the pod list
        </a>
      </div>
    );
  }
  if (!pod || viewNow === null)
    return (
      <p className="text-slate-500">
        Loading {namespace}/{name}…
      </p>
    );

  return (
    <div className="flex flex-col gap-4">
      <PodHeader
        pod={pod}
        now={viewNow}
        sourceName={info?.name ?? source}
        deletedAt={detail.data?.deletedAt}
        actions={
          <>
            <button type="button" className={buttonClass} onClick={downloadSnapshot}>
              Download snapshot
            </button>
            <TimeTravelControl enabled={recording} />
            {"at" in atInput && changes && <TimeScrubber changes={changes} since={whole.data?.history[0]?.time} />}
            {info?.capabilities.canDelete && goneAt === null && <DeleteDialog pod={pod} source={source} />}
          </>
        }
      />
      <Incarnations source={source} namespace={namespace} name={name} uid={pod.metadata.uid} />
      {"at" in atInput && at !== null ? (
        <TimeTravelNote at={at} />
      ) : detail.data?.deletedAt ? (
        <p
          role="status"
          data-testid="deleted-banner"
          className="rounded-md border border-slate-400 bg-slate-200 px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-800"
        >
          <b>Deleted at {new Date(detail.data.deletedAt).toLocaleString()}</b> ({humanDuration(now - Date.parse(detail.data.deletedAt))}{" "}
          ago). Below is its recorded life up to the deletion — the termination included — with the clock stopped then.
        </p>
      ) : goneAt !== null ? (
        <p
          role="status"
          className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-800"
        >
          This pod no longer exists (gone {humanDuration(now - goneAt)} ago). Below is its last known state, frozen at that moment.
        </p>
      ) : detail.error ? (
        <ErrorNote error={detail.error} action="Refreshing (showing the last known state)" />
      ) : null}
      <ErrorNote error={snapshotError} action="Snapshot" />
      <Explanations pod={pod} now={viewNow} events={detail.data?.events} history={detail.data?.history} />
      <div
        role="tablist"
        aria-label="Pod views"
        className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800"
        onKeyDown={(e) => {
          // Arrow keys move between tabs, as in any tab list.
          const i = TABS.findIndex((t) => t.id === tab);
          const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
          if (!step) return;
          e.preventDefault();
          const next = TABS[(i + step + TABS.length) % TABS.length].id;
          setTab(next);
          requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
        }}
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            className={`-mb-px rounded-t-md border px-4 py-2 text-sm font-medium ${tab === t.id ? "border-slate-200 border-b-white bg-white text-blue-700 dark:border-slate-800 dark:border-b-slate-900 dark:bg-slate-900 dark:text-blue-300" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="flex flex-col gap-4">
        {tab === "lifecycle" && <LifecycleSection detail={detail.data!} now={viewNow} live={live} sourceName={info?.name ?? source} />}
        {tab === "containers" && (
          <>
            <Panel
              title="Containers"
              explain={
                <p>
                  <b>State</b> is what the container is doing now (waiting, running, terminated); <b>last state</b> is how its previous run
                  ended — after a crash, that is where the exit code is. <b>Ready</b> comes from the readiness probe and decides whether the
                  pod gets traffic; <b>started</b> from the startup probe. Init containers run one after another, to completion, before the
                  others start.
                </p>
              }
            >
              <ContainersTable pod={pod} now={viewNow} />
            </Panel>
            <Panel
              title="Logs"
              explain={
                <p>
                  What the container wrote to stdout and stderr. After a crash, tick <b>previous instance</b> to read the run that died —
                  usually where the reason is.
                </p>
              }
            >
              <LogsViewer pod={pod} source={source} />
            </Panel>
          </>
        )}
        {tab === "sandbox" && (
          <>
            <AnatomySection pod={pod} podRef={podRef} source={info} live={live} />
            <RuntimeSection pod={pod} podRef={podRef} source={info} live={live} />
          </>
        )}
        {tab === "cgroups" && <CgroupSection pod={pod} podRef={podRef} source={info} live={live} />}
        {tab === "namespaces" && (
          <>
            <NamespacesSection pod={pod} podRef={podRef} source={info} live={live} />
            <ProcessesSection pod={pod} podRef={podRef} source={info} live={live} />
          </>
        )}
        {tab === "events" && (
          <Panel
            title="Events"
            explain={
              <p>
                Events are short notes Kubernetes components leave about the pod: scheduled, pulled, created, started, killing, back-off,
                probe failures. Repeats are folded into one event with a count.
              </p>
            }
          >
            <EventsTable events={detail.data!.events} now={viewNow} />
          </Panel>
        )}
      </div>
    </div>
  );
}

function isNotFound(e: unknown): boolean {
  return (e as { data?: { code?: string } } | null)?.data?.code === "NOT_FOUND";
}
