"use client";
// The Events page: `kubectl get events` for the source — LAST SEEN (with "x8 over 62s" for repeats), TYPE, REASON,
// OBJECT, MESSAGE — warnings first, filtered by type, reason, object and the shared namespace filter (all in the
// URL). Objects with a page (pods, nodes) link to it.
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, type KeyboardEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { NamespaceSelect } from "@/components/NamespaceSelect";
import { inputClass } from "@/components/Panel";
import { navHref, useNamespaceFilter } from "@/lib/namespace-filter";
import { useSource } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";
import { useSourceClock } from "@/lib/use-now";
import { useDraftParam, useUrlParam } from "@/lib/url-state";
import { TimeScrubber, TimeTravelControl, TimeTravelNote, useAt } from "@/components/TimeTravel";
import { eventRow, eventMatches, compareEventRows, eventChangeTimes, lastSeenText, objectHref } from "./event-rows";

const muted = "text-slate-500 dark:text-slate-400";
const th = "px-2 pb-1 pt-2 font-normal";
/** A big cluster keeps thousands of events: the table shows the first ones (warnings, newest) and says so. */
const MAX_ROWS = 1_000;

export function EventsPage() {
  const { id: source, info } = useSource();
  const params = useSearchParams();
  // The source's clock: frozen at takenAt for a file, unknown (null) until the source list is in.
  const clock = useSourceClock(1000);
  // ?at=: the events as they were then (a recording source): those not yet happened hidden, each with its
  // count and last time then; LAST SEEN read against T.
  const recording = info?.capabilities.isRecording ?? false;
  const [atParam] = useAt();
  const at = recording ? atParam : null;
  const now = at ?? clock.now;
  const live = clock.live && at === null;
  const trpc = useTRPC();
  const events = useQuery(
    trpc.events.list.queryOptions(source ? { source, ...(at !== null ? { at: new Date(at).toISOString() } : {}) } : skipToken, {
      refetchInterval: live ? 5_000 : false,
    }),
  );
  const [namespace] = useNamespaceFilter();
  const [type, setType] = useUrlParam("type");
  const { draft: reason, setDraft: setReason, clear: clearReason } = useDraftParam("reason", 200);
  const { draft: object, setDraft: setObject, clear: clearObject } = useDraftParam("object", 200);
  useEffect(() => {
    document.title = "Events · podscope";
  }, []);

  const all = useMemo(() => (events.data ?? []).map(eventRow), [events.data]);
  const namespaces = useMemo(() => [...new Set(all.map((r) => r.namespace).filter(Boolean))].sort(), [all]);
  const rows = useMemo(
    () => all.filter((r) => eventMatches(r, { type, reason, object, namespace })).sort(compareEventRows),
    [all, type, reason, object, namespace],
  );
  const warnings = rows.filter((r) => r.type === "Warning").length;
  // At T, the scrubber steps from one sighting of an event the filters keep to the next: every such event the
  // source knows (as of now), of which the table at T shows those already seen.
  const known = useQuery(trpc.events.list.queryOptions(source && at !== null ? { source } : skipToken));
  const changes = useMemo(
    () => eventChangeTimes((known.data ?? []).map(eventRow).filter((r) => eventMatches(r, { type, reason, object, namespace }))),
    [known.data, type, reason, object, namespace],
  );

  if (!source) return <p className={muted}>Choose a source.</p>;
  const escClears = (clear: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      clear();
      e.currentTarget.blur();
    }
  };
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-2 text-2xl font-semibold">Events</h1>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Object <span className="sr-only">(press / to focus)</span>
          <input
            data-page-filter
            value={object}
            onChange={(e) => setObject(e.target.value)}
            onKeyDown={escClears(clearObject)}
            placeholder="pod/web, node/…  ( / )"
            aria-label="Filter by object"
            className={`${inputClass} w-60`}
          />
        </label>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Reason
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={escClears(clearReason)}
            placeholder="BackOff, Failed…"
            aria-label="Filter by reason"
            className={`${inputClass} w-44`}
          />
        </label>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Type
          <select value={type} onChange={(e) => setType(e.target.value)} aria-label="Type" className={inputClass}>
            <option value="">all</option>
            <option>Warning</option>
            <option>Normal</option>
          </select>
        </label>
        <NamespaceSelect namespaces={namespaces} />
        <TimeTravelControl enabled={recording} />
        <div className="ml-auto text-sm text-slate-500 dark:text-slate-400" aria-live="polite">
          {events.data
            ? `${rows.length} of ${all.length} events · ${warnings} warning${warnings === 1 ? "" : "s"}`
            : events.isLoading
              ? "loading…"
              : ""}
        </div>
      </div>
      <ErrorNote error={events.error} action={at !== null ? "Rebuilding the events at that time" : "Listing events"} />
      {at !== null && (
        <div className="flex flex-wrap items-center gap-3">
          <TimeScrubber changes={changes} since={changes.length ? new Date(changes[0]).toISOString() : undefined} />
        </div>
      )}
      {at !== null && <TimeTravelNote at={at} />}
      {events.data && all.length === 0 && <p className={muted}>No events in this source (clusters keep events for an hour).</p>}
      {all.length > 0 && rows.length === 0 && <p className={muted}>No event matches these filters.</p>}
      {rows.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-sm" aria-label="Events">
            <thead className={`border-b border-slate-200 text-left text-xs uppercase tracking-wide dark:border-slate-800 ${muted}`}>
              <tr>
                <th className={th}>Last seen</th>
                <th className={th}>Type</th>
                <th className={th}>Reason</th>
                <th className={th}>Object</th>
                <th className={th}>Message</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.slice(0, MAX_ROWS).map((r) => {
                const href = objectHref(r);
                return (
                  <tr key={r.key} data-event={r.reason} data-type={r.type} className="align-top">
                    <td className="whitespace-nowrap px-2 py-1 tabular-nums" data-cell="last-seen">
                      {now === null ? "" : lastSeenText(r, now)}
                    </td>
                    <td className={`px-2 py-1 ${r.type === "Warning" ? "font-semibold text-amber-700 dark:text-amber-400" : ""}`}>
                      {r.type}
                    </td>
                    <td className="px-2 py-1 font-medium">{r.reason}</td>
                    <td className="px-2 py-1 [overflow-wrap:anywhere]" data-cell="object">
                      {href ? (
                        <Link className="text-blue-700 hover:underline dark:text-blue-300" href={navHref(href, params, { source })}>
                          {r.object}
                        </Link>
                      ) : (
                        r.object
                      )}
                      {r.namespace && !namespace ? <span className={`block text-xs ${muted}`}>{r.namespace}</span> : null}
                    </td>
                    <td className="px-2 py-1 [overflow-wrap:anywhere]">{r.message}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {rows.length > MAX_ROWS && (
            <p className={`px-2 py-2 text-sm ${muted}`}>
              Showing the first {MAX_ROWS.toLocaleString()} of {rows.length.toLocaleString()} events — filter by type, reason, object or
              namespace to see the others.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
