"use client";
// The virtualized pod table: TanStack Virtual renders only the rows on screen, so 30,000 pods cost as much as 30.
// Rows have a fixed height and columns fixed widths: live updates never move anything on screen. Each row is a
// memoized component: while scrolling, only the rows that come into view render, not every row on screen.
import { humanDuration } from "@podscope/core";
import type { PodRow, PodSortKey } from "@podscope/ui";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { statusTone } from "./status-style";

export interface PodTableProps {
  /** Filtered and sorted rows; the order may lag the store by up to a second under heavy churn. */
  rows: PodRow[];
  /** The freshest version of a row (cells always show the latest state, even before a re-sort). */
  fresh?: (key: string) => PodRow | undefined;
  /** Changes with every store change, so visible cells re-render even when the order is unchanged. */
  version?: number;
  /**
   * The source's clock, for ages; null until the source list says which clock that is (a window file's is frozen):
   * the rows are shown meanwhile, their ages left blank rather than measured from a clock that may be wrong.
   */
  now: number | null;
  /** Per-row time (performance.now()) of the last change; rows changed in the last 1.6 s flash. */
  changedAt: ReadonlyMap<string, number>;
  sort: PodSortKey;
  desc: boolean;
  onSort: (key: PodSortKey) => void;
  onOpen: (row: PodRow) => void;
  activeIndex: number;
  onActiveIndex: (i: number) => void;
  height?: number | string;
}

// Sizes in rem so presenter mode (a larger root font) scales the table with the text.
const ROW_REM = 2.125;

/** The root font size in px (16, or 20 in presenter mode), followed when the class on <html> changes. */
function useRootFontSize(): number {
  const read = () => (typeof window === "undefined" ? 16 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
  const [px, setPx] = useState(read);
  useEffect(() => {
    const mo = new MutationObserver(() => setPx(read()));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "style"] });
    return () => mo.disconnect();
  }, []);
  return px;
}

function ago(ms: number | null, now: number | null): string {
  return ms === null || now === null ? "" : `${humanDuration(now - ms)} ago`;
}

interface Column {
  id: PodSortKey;
  header: string;
  /** Its grid track: name, namespace and node share the free width; the short columns are fixed. */
  width: string;
  /** The cell's content (the name column is the row's link, drawn by the row itself). */
  cell: (r: PodRow, now: number | null) => ReactNode;
}

const COLUMNS: Column[] = [
  { id: "name", header: "Name", width: "minmax(10rem, 2.2fr)", cell: (r) => r.name },
  { id: "namespace", header: "Namespace", width: "minmax(7rem, 1fr)", cell: (r) => r.namespace },
  { id: "ready", header: "Ready", width: "4rem", cell: (r) => r.ready },
  {
    id: "status",
    header: "Status",
    width: "minmax(10.5rem, 11rem)",
    cell: (r, now) =>
      // A deleted pod says when it went (exact time on hover).
      r.deletedMs !== undefined ? (
        <span title={new Date(r.deletedMs).toISOString()} data-testid="deleted-status">
          Deleted {ago(r.deletedMs, now)}
        </span>
      ) : (
        <span className={statusTone(r.status)}>{r.status}</span>
      ),
  },
  {
    id: "restarts",
    header: "Restarts",
    width: "minmax(6.5rem, 9.5rem)",
    cell: (r, now) => (
      <>
        {r.restartCount}
        {r.restartCount > 0 && r.lastRestartMs !== null && now !== null && (
          <span className="text-slate-500 dark:text-slate-400"> ({ago(r.lastRestartMs, now)})</span>
        )}
      </>
    ),
  },
  {
    id: "age",
    header: "Age",
    width: "4.5rem",
    cell: (r, now) => (r.createdMs === null ? "<unknown>" : now === null ? "" : humanDuration(now - r.createdMs)),
  },
  { id: "qos", header: "QoS", width: "6rem", cell: (r) => r.qos },
  { id: "node", header: "Node", width: "minmax(5.5rem, 1fr)", cell: (r) => r.node },
  { id: "ip", header: "IP", width: "7.25rem", cell: (r) => <span className="font-mono text-xs">{r.ip}</span> },
];
const TEMPLATE = COLUMNS.map((c) => c.width).join(" ");

interface RowProps {
  row: PodRow;
  index: number;
  /** The row's offset in the list, px. */
  start: number;
  height: number;
  active: boolean;
  /** The time of the change this row flashes for (a new value restarts the flash), or undefined. */
  flashAt: number | undefined;
  now: number | null;
  onSelect: (index: number) => void;
  onOpen: (row: PodRow) => void;
}

/** One row: renders again only when its own props change (its pod, its place, selection, flash or the clock). */
const PodTableRow = memo(function PodTableRow({ row: r, index, start, height, active, flashAt, now, onSelect, onOpen }: RowProps) {
  const deleted = r.deletedMs !== undefined;
  const openLink = (e: MouseEvent) => {
    e.preventDefault();
    onOpen(r);
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      data-pod={r.key}
      data-deleted={deleted ? "" : undefined}
      onClick={() => onSelect(index)}
      onDoubleClick={() => onOpen(r)}
      className={`absolute left-0 grid w-full cursor-pointer items-center border-b border-slate-100 dark:border-slate-800 ${deleted ? "text-slate-400 italic dark:text-slate-500" : ""} ${active ? "bg-blue-100 dark:bg-blue-900/50" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"}`}
      style={{ top: 0, height, transform: `translateY(${start}px)`, gridTemplateColumns: TEMPLATE }}
    >
      {flashAt !== undefined && <div key={flashAt} aria-hidden className="row-flash pointer-events-none absolute inset-0" />}
      {COLUMNS.map((c) => (
        <div key={c.id} role="gridcell" className="relative truncate px-2">
          {c.id === "name" ? (
            <a
              href="#"
              onClick={openLink}
              className={`font-medium hover:underline ${deleted ? "text-slate-500 dark:text-slate-400" : "text-blue-700 dark:text-blue-300"}`}
            >
              {r.name}
            </a>
          ) : (
            c.cell(r, now)
          )}
        </div>
      ))}
    </div>
  );
});

export function PodTable({
  rows,
  fresh,
  now,
  changedAt,
  sort,
  desc,
  onSort,
  onOpen,
  activeIndex,
  onActiveIndex,
  height = "calc(100vh - 230px)",
}: PodTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const ROW_H = Math.round(ROW_REM * useRootFontSize());
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
  });
  useEffect(() => virtualizer.measure(), [ROW_H, virtualizer]);
  const items = virtualizer.getVirtualItems();
  // Stable callbacks, so a row's props change only with its own data.
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;
  const onSelectRef = useRef(onActiveIndex);
  onSelectRef.current = onActiveIndex;
  const openRow = useCallback((r: PodRow) => onOpenRef.current(r), []);
  const selectRow = useCallback((i: number) => onSelectRef.current(i), []);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: "auto" });
  }, [activeIndex, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = rows.length;
    if (n === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_H) - 1);
    const move = (i: number) => {
      e.preventDefault();
      onActiveIndex(Math.max(0, Math.min(n - 1, i)));
    };
    if (e.key === "ArrowDown") move(activeIndex + 1);
    else if (e.key === "ArrowUp") move(activeIndex - 1);
    else if (e.key === "PageDown") move(activeIndex + page);
    else if (e.key === "PageUp") move(activeIndex - page);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(n - 1);
    else if (e.key === "Enter") {
      // Nothing selected yet (e.g. Enter right after leaving the filter): the first row is meant.
      const i = activeIndex >= 0 && activeIndex < n ? activeIndex : 0;
      e.preventDefault();
      onOpen(fresh?.(rows[i].key) ?? rows[i]);
    }
  };

  return (
    <div
      role="grid"
      aria-label="Pods"
      aria-rowcount={rows.length + 1}
      className="rounded-lg border border-slate-200 bg-white text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div
        role="row"
        className="grid border-b border-slate-200 bg-slate-100 font-semibold dark:border-slate-800 dark:bg-slate-800"
        style={{ gridTemplateColumns: TEMPLATE }}
      >
        {COLUMNS.map((c) => {
          const active = sort === c.id;
          return (
            <div
              key={c.id}
              role="columnheader"
              aria-sort={active ? (desc ? "descending" : "ascending") : "none"}
              className="min-w-0 overflow-hidden px-2 py-2"
            >
              <button type="button" onClick={() => onSort(c.id)} className="flex items-center gap-1 hover:text-blue-600">
                {c.header}
                <span aria-hidden className="w-3 text-xs">
                  {active ? (desc ? "▼" : "▲") : ""}
                </span>
              </button>
            </div>
          );
        })}
      </div>
      <div
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-label="Pod rows — arrow keys move, Enter opens"
        className="relative overflow-auto outline-none"
        style={{ height }}
        data-testid="pod-scroll"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((v) => {
            const r = fresh?.(rows[v.index].key) ?? rows[v.index];
            const changed = changedAt.get(r.key);
            return (
              <PodTableRow
                key={r.key}
                row={r}
                index={v.index}
                start={v.start}
                height={ROW_H}
                active={v.index === activeIndex}
                flashAt={changed !== undefined && performance.now() - changed < 1600 ? changed : undefined}
                now={now}
                onSelect={selectRow}
                onOpen={openRow}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
