"use client";
// The virtualized pod table: TanStack Table describes the columns, TanStack Virtual renders only the
// rows on screen, so 30,000 pods cost as much as 30. Rows have a fixed height and columns fixed
// widths: live updates never move anything on screen.
import { humanDuration } from "@podscope/core";
import type { PodRow, PodSortKey } from "@podscope/ui";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
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
const GRID: Record<string, string> = {
  name: "minmax(10rem, 2.2fr)",
  namespace: "minmax(7rem, 1fr)",
  ready: "4rem",
  status: "minmax(10.5rem, 11rem)",
  restarts: "minmax(6.5rem, 9.5rem)",
  age: "4.5rem",
  qos: "6rem",
  node: "minmax(5.5rem, 1fr)",
  ip: "7.25rem",
};

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
const col = createColumnHelper<PodRow>();

function ago(ms: number | null, now: number | null): string {
  return ms === null || now === null ? "" : `${humanDuration(now - ms)} ago`;
}

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
  const columns = useMemo(
    () => [
      col.accessor("name", {
        id: "name",
        header: "Name",
        size: 300,
        cell: (c) => <span className="truncate font-medium">{c.getValue()}</span>,
      }),
      col.accessor("namespace", { id: "namespace", header: "Namespace", size: 150 }),
      col.accessor("ready", { id: "ready", header: "Ready", size: 70 }),
      col.accessor("status", {
        id: "status",
        header: "Status",
        size: 190,
        cell: (c) => {
          const gone = c.row.original.deletedMs;
          // A deleted pod says when it went (exact time on hover).
          if (gone !== undefined)
            return (
              <span title={new Date(gone).toISOString()} data-testid="deleted-status">
                Deleted {ago(gone, now)}
              </span>
            );
          return <span className={statusTone(c.getValue())}>{c.getValue()}</span>;
        },
      }),
      col.accessor("restartCount", {
        id: "restarts",
        header: "Restarts",
        size: 150,
        cell: (c) => (
          <span>
            {c.getValue()}
            {c.getValue() > 0 && c.row.original.lastRestartMs !== null && now !== null && (
              <span className="text-slate-500 dark:text-slate-400"> ({ago(c.row.original.lastRestartMs, now)})</span>
            )}
          </span>
        ),
      }),
      col.accessor("createdMs", {
        id: "age",
        header: "Age",
        size: 80,
        cell: (c) => (c.getValue() === null ? "<unknown>" : now === null ? "" : humanDuration(now - (c.getValue() as number))),
      }),
      col.accessor("qos", { id: "qos", header: "QoS", size: 100 }),
      col.accessor("node", { id: "node", header: "Node", size: 160 }),
      col.accessor("ip", { id: "ip", header: "IP", size: 130, cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
    ],
    [now],
  );

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
  // The table model is built for the rows on screen only: building 30,000 row objects per frame is
  // what would make live updates stutter.
  // The rows on screen, read fresh from the store. The array keeps its identity until something in
  // it changes: TanStack Table treats a new data array as new data and schedules state resets, which
  // would re-render forever if every render passed a new array.
  const sliceRef = useRef<PodRow[]>([]);
  const next = items.map((v) => fresh?.(rows[v.index].key) ?? rows[v.index]);
  if (next.length !== sliceRef.current.length || next.some((r, i) => r !== sliceRef.current[i])) sliceRef.current = next;
  const table = useReactTable({
    data: sliceRef.current,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.key,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    autoResetAll: false,
  });
  const model = table.getRowModel();
  // Name, namespace and node share the free width; the short columns are fixed. No trailing filler.
  const template = table
    .getVisibleLeafColumns()
    .map((c) => GRID[c.id] ?? `${c.getSize()}px`)
    .join(" ");

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
        style={{ gridTemplateColumns: template }}
      >
        {table.getFlatHeaders().map((h) => {
          const key = h.column.id as PodSortKey;
          const active = sort === key;
          return (
            <div
              key={h.id}
              role="columnheader"
              aria-sort={active ? (desc ? "descending" : "ascending") : "none"}
              className="min-w-0 overflow-hidden px-2 py-2"
            >
              <button type="button" onClick={() => onSort(key)} className="flex items-center gap-1 hover:text-blue-600">
                {flexRender(h.column.columnDef.header, h.getContext())}
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
          {items.map((v, i) => {
            const row = model.rows[i];
            if (!row) return null;
            const r = row.original;
            const changed = changedAt.get(r.key);
            const flash = changed !== undefined && performance.now() - changed < 1600;
            const active = v.index === activeIndex;
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={active}
                data-pod={r.key}
                data-deleted={r.deletedMs !== undefined ? "" : undefined}
                onClick={() => onActiveIndex(v.index)}
                onDoubleClick={() => onOpen(r)}
                className={`absolute left-0 grid w-full cursor-pointer items-center border-b border-slate-100 dark:border-slate-800 ${r.deletedMs !== undefined ? "text-slate-400 italic dark:text-slate-500" : ""} ${active ? "bg-blue-100 dark:bg-blue-900/50" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"}`}
                style={{ top: 0, height: ROW_H, transform: `translateY(${v.start}px)`, gridTemplateColumns: template }}
              >
                {flash && <div key={changed} aria-hidden className="row-flash pointer-events-none absolute inset-0" />}
                {row.getVisibleCells().map((c) => (
                  <div key={c.id} role="gridcell" className="relative truncate px-2">
                    {c.column.id === "name" ? (
                      <a
                        href="#"
                        onClick={(e) => {
                          e.preventDefault();
                          onOpen(r);
                        }}
                        className={`font-medium hover:underline ${r.deletedMs !== undefined ? "text-slate-500 dark:text-slate-400" : "text-blue-700 dark:text-blue-300"}`}
                      >
                        {r.name}
                      </a>
                    ) : (
                      flexRender(c.column.columnDef.cell, c.getContext())
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
