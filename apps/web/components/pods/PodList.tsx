"use client";
// The pod list page: filters (text, namespace, status, label selector) and sort live in the URL, rows
// come live from the watch stream. `/` focuses the filter; arrows + Enter open a pod.
import { SelectorError } from "@podscope/core";
import { comparePodRows, podRowFilter, type PodRow, type PodSortKey } from "@podscope/ui";
import { useRouter } from "next/navigation";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { inputClass } from "@/components/Panel";
import { useSource } from "@/lib/sources";
import { TimeScrubber, TimeTravelControl, TimeTravelNote, useAt } from "@/components/TimeTravel";
import { useDeletedPodRows } from "@/lib/use-deleted-pod-rows";
import { usePodRowsAt } from "@/lib/use-pod-rows-at";
import { usePodRows } from "@/lib/use-pod-rows";
import { useSourceClock } from "@/lib/use-now";
import { useDraftParam, useUrlParam, withSource } from "@/lib/url-state";
import { PodTable } from "./PodTable";

const ORDER_INTERVAL_MS = 1000;
const SORT_KEYS: PodSortKey[] = ["name", "namespace", "ready", "status", "restarts", "age", "qos", "node", "ip"];

export function PodList() {
  const { id: source, info, error: sourcesError } = useSource();
  const [namespace, setNamespace] = useUrlParam("ns");
  const { store, version, synced, firstNamespace, error } = usePodRows(source, namespace);
  const router = useRouter();
  const clock = useSourceClock(1000);
  const now = clock.now;
  const [status, setStatus] = useUrlParam("status");
  // ?deleted=1: also the pods the source recorded and saw deleted (greyed, with their deletion time).
  const [showDeleted, setShowDeleted] = useUrlParam("deleted");
  const recording = info?.capabilities.isRecording ?? false;
  const deleted = useDeletedPodRows(source, recording && showDeleted === "1", info?.capabilities.isLive ?? true);
  // ?at=: the list as it was then (rebuilt from recorded history) instead of the live rows.
  const [at] = useAt();
  const past = usePodRowsAt(source, recording ? at : null);
  const [sortParam, setSort] = useUrlParam("sort", "namespace");
  const [dir, setDir] = useUrlParam("dir", "asc");
  const sort = (SORT_KEYS.includes(sortParam as PodSortKey) ? sortParam : "namespace") as PodSortKey;
  const desc = dir === "desc";
  const [activeIndex, setActiveIndex] = useState(-1);
  // Typing stays responsive with 30,000 rows: filtering runs on a deferred copy of the inputs.
  const { draft: textInput, setDraft: setTextInput, clear: clearText, flush: flushText } = useDraftParam("q", 300);
  const { draft: selectorInput, setDraft: setSelectorInput, flush: flushSelector } = useDraftParam("l", 300);
  const deferredText = useDeferredValue(textInput);
  const deferredSelector = useDeferredValue(selectorInput);
  const filterRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
      if (e.key === "/" && !typing) {
        e.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Re-filtering and re-sorting 30,000 rows costs tens of milliseconds: under a stream of changes it
  // runs at most once a second (cells still show each change at once, through fresh()). Filter and
  // sort changes by the user apply immediately.
  // A list is ordered as soon as its first rows are in and again once the last of it is: only changes wait, and
  // the chunks in between (the first rows already on screen) are not re-sorted one by one.
  const [orderTick, setOrderTick] = useState(0);
  const lastOrder = useRef(-Infinity);
  const lastList = useRef(-1);
  const orderedSync = useRef(-1);
  useEffect(() => {
    const bump = () => {
      lastOrder.current = performance.now();
      lastList.current = store.lists;
      orderedSync.current = store.syncs;
      setOrderTick((t) => t + 1);
    };
    if (store.remaining > 0 && orderedSync.current === store.syncs) return;
    const wait = ORDER_INTERVAL_MS - (performance.now() - lastOrder.current);
    if (wait <= 0 || store.rows.size < 2_000 || store.lists !== lastList.current) {
      bump();
      return;
    }
    const t = setTimeout(bump, wait);
    return () => clearTimeout(t);
  }, [store, version]);
  const all = useMemo(
    () => (at !== null && recording ? past.rows : [...store.rows.values(), ...deleted.rows]),
    [store, orderTick, deleted.rows, at, recording, past.rows],
  ); // orderTick follows the store's changes
  const namespaces = useMemo(() => [...new Set(all.map((r) => r.namespace))].sort(), [all]);
  const statuses = useMemo(() => [...new Set(all.map((r) => r.status))].sort(), [all]);
  // Until the whole list is in, the store holds its first rows in the default order (of the namespace it opened
  // on): they are the table's first rows only for that view; any other view waits for the rest.
  const firstRowsFit =
    sort === "namespace" && !desc && !deferredText && !status && !deferredSelector && (namespace || undefined) === firstNamespace;
  const waiting = !synced && !(at !== null && recording) && !firstRowsFit;
  const { rows, selectorError } = useMemo(() => {
    let pred: (r: PodRow) => boolean;
    let selectorError: string | null = null;
    try {
      pred = podRowFilter({ text: deferredText, namespace, status, selector: deferredSelector });
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      selectorError = e.message;
      pred = podRowFilter({ text: deferredText, namespace, status });
    }
    const cmp = comparePodRows(sort);
    const out = waiting ? [] : all.filter(pred).sort(desc ? (a, b) => cmp(b, a) : cmp);
    return { rows: out, selectorError };
  }, [all, deferredText, namespace, status, deferredSelector, sort, desc, waiting]);

  // For the benchmark (bench/podlist.ts): when the first rows of a source reach the screen.
  const marked = useRef(false);
  useEffect(() => {
    if (!marked.current && rows.length > 0) {
      marked.current = true;
      requestAnimationFrame(() => performance.mark("podscope:podlist-first-rows", { detail: { rows: all.length } }));
    }
  }, [rows.length, all.length]);

  // A deleted row names its incarnation: the name may be in use by a newer pod.
  const open = (r: PodRow) => {
    // A filter typed less than 300 ms ago is not in the URL yet: written now, so Back returns to the filtered list
    // (and its delayed write cannot land after this navigation and take the page back to the list).
    flushText();
    flushSelector();
    router.push(
      withSource(
        `/pods/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}${r.deletedMs !== undefined && r.uid ? `?uid=${encodeURIComponent(r.uid)}` : ""}`,
        source,
      ),
    );
  };
  const onSort = (k: PodSortKey) => {
    if (k === sort) setDir(desc ? "asc" : "desc");
    else {
      setSort(k);
      setDir("asc");
    }
  };

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-2 text-2xl font-semibold">Pods</h1>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Filter <span className="sr-only">(press / to focus)</span>
          <input
            ref={filterRef}
            value={textInput}
            onChange={(e) => setTextInput(e.target.value)}
            placeholder="name, status, node, IP…  ( / )"
            aria-label="Filter pods"
            className={`${inputClass} w-72`}
            onKeyDown={(e) => {
              // ↓ moves into the list; Enter opens the first match straight away.
              if (e.key === "ArrowDown") {
                e.preventDefault();
                setActiveIndex(0);
                document.querySelector<HTMLElement>("[data-testid=pod-scroll]")?.focus();
              }
              if (e.key === "Enter" && rows.length > 0) {
                e.preventDefault();
                open(rows[0]);
              }
              // Esc clears the filter (k9s's habit) and gives the keyboard back to the page.
              if (e.key === "Escape") {
                e.preventDefault();
                clearText();
                e.currentTarget.blur();
              }
            }}
          />
        </label>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Namespace
          <select value={namespace} onChange={(e) => setNamespace(e.target.value)} aria-label="Namespace" className={inputClass}>
            <option value="">all</option>
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="Status" className={inputClass}>
            <option value="">all</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
          Label selector
          <input
            value={selectorInput}
            onChange={(e) => setSelectorInput(e.target.value)}
            placeholder="app=web,tier in (a,b)"
            aria-label="Label selector"
            aria-invalid={selectorError !== null}
            className={`${inputClass} w-64 ${selectorError ? "border-red-500" : ""}`}
          />
        </label>
        <TimeTravelControl enabled={recording} />
        {recording && at !== null && <TimeScrubber since={past.since ?? undefined} stepMs={60_000} />}
        {recording && at === null && (
          <label className="flex items-center gap-1.5 self-center text-sm text-slate-600 dark:text-slate-300">
            <input
              type="checkbox"
              checked={showDeleted === "1"}
              onChange={(e) => setShowDeleted(e.target.checked ? "1" : null)}
              aria-label="Show deleted pods"
            />
            show deleted
          </label>
        )}
        <div className="ml-auto text-sm text-slate-500 dark:text-slate-400" aria-live="polite">
          {synced
            ? `${rows.length.toLocaleString()} of ${all.length.toLocaleString()} pods`
            : store.rows.size > 0
              ? `loading ${(store.rows.size + store.remaining).toLocaleString()} pods…`
              : source
                ? "connecting…"
                : ""}
        </div>
      </div>
      {selectorError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Label selector: {selectorError}
        </p>
      )}
      <ErrorNote error={sourcesError} action="Listing sources" />
      <ErrorNote error={error} action="Watching pods" />
      <ErrorNote error={deleted.error} action="Listing deleted pods" />
      <ErrorNote error={past.error} action="Rebuilding the pods at that time" />
      {at !== null && recording && <TimeTravelNote at={at} since={past.since} />}
      {info && !info.available && <ErrorNote error={{ message: `${info.name} is unavailable: ${info.reason ?? "no reason given"}` }} />}
      {synced && all.length === 0 && (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-300">
          No pods in this source yet.{" "}
          {info?.capabilities.canRunPods ? (
            <a className="text-blue-700 underline dark:text-blue-300" href={withSource("/create", source)}>
              Create one from the gallery.
            </a>
          ) : null}
        </p>
      )}
      {clock.frozenAt !== null && (
        <p
          role="status"
          data-testid="frozen-clock"
          className="rounded-md border border-slate-300 bg-slate-100 px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-800"
        >
          Read-only, frozen at {new Date(clock.frozenAt).toLocaleString()}: ages and restarts are measured from that moment.
        </p>
      )}
      {/* Before the source list is in, live rows are shown (ages blank), but not in place of a moment's (?at=). */}
      {all.length > 0 && (now !== null || at === null) && (
        <PodTable
          rows={rows}
          fresh={(k) => (at !== null ? undefined : store.rows.get(k))}
          version={version}
          now={at ?? now}
          changedAt={store.changedAt}
          sort={sort}
          desc={desc}
          onSort={onSort}
          onOpen={open}
          activeIndex={activeIndex}
          onActiveIndex={setActiveIndex}
        />
      )}
    </div>
  );
}
