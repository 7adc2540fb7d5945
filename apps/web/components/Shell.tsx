"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useEffect, useRef, useState, type ReactNode } from "react";
import { breadcrumbs } from "@/lib/breadcrumbs";
import { commandSuggestions, parseCommand } from "@/lib/commands";
import { useLiveState } from "@/lib/connection";
import { NAMESPACE_PARAM, navHref } from "@/lib/namespace-filter";
import { useSource } from "@/lib/sources";
import { usePrefetchAfterLoad } from "@/lib/prefetch-after-load";
import { useSourceClock } from "@/lib/use-now";
import { PresenterToggle } from "./PresenterToggle";
import { ThemeToggle } from "./ThemeToggle";
import { TokenNotice } from "./TokenNotice";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/pods", label: "Pods" },
  { href: "/nodes", label: "Nodes" },
  { href: "/events", label: "Events" },
  { href: "/create", label: "Create" },
  { href: "/drain", label: "Drain" },
  { href: "/snapshots", label: "Snapshots" },
];

function LiveIndicator() {
  const state = useLiveState();
  const { frozenAt } = useSourceClock(60_000);
  // A source opened from a file never changes: its views are frozen, whatever the connection does.
  if (frozenAt !== null) {
    return (
      <span
        role="status"
        data-testid="frozen-indicator"
        className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-300"
        title="a source opened from a file: read-only, its clock stopped when it was taken"
      >
        <span aria-hidden className="inline-block h-2 w-2 rounded-sm bg-slate-400" />
        frozen at {new Date(frozenAt).toLocaleString()}
      </span>
    );
  }
  if (state === "idle") return null;
  return (
    <span
      role="status"
      className={`flex items-center gap-1 text-xs ${state === "live" ? "text-emerald-700 dark:text-emerald-400" : "font-semibold text-amber-700 dark:text-amber-400"}`}
      title={
        state === "live" ? "updates arrive as they happen" : "the live connection to the podscope server dropped; what you see may be stale"
      }
    >
      <span
        aria-hidden
        className={`inline-block h-2 w-2 rounded-full ${state === "live" ? "bg-emerald-500" : "animate-pulse bg-amber-500"}`}
      />
      {state === "live" ? "live" : "reconnecting…"}
    </span>
  );
}

function SourcePicker() {
  const { id, sources, loading } = useSource();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const pick = (next: string) => {
    const p = new URLSearchParams(params.toString());
    p.set("source", next);
    // A pod or node page belongs to its source: switching source goes back to its list.
    const path = pathname.startsWith("/pods/") ? "/pods" : pathname.startsWith("/nodes/") ? "/nodes" : pathname;
    router.push(`${path}?${p.toString()}`);
  };
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-500 dark:text-slate-400">Source</span>
      <select
        aria-label="Source"
        value={id ?? ""}
        onChange={(e) => pick(e.target.value)}
        disabled={loading}
        className="max-w-64 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-800"
      >
        {loading && <option value="">loading…</option>}
        {!loading && sources.length === 0 && <option value="">no sources</option>}
        {id && !sources.some((s) => s.id === id) && <option value={id}>{id}</option>}
        {sources.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.kind}){s.available ? "" : " — unavailable"}
          </option>
        ))}
      </select>
    </label>
  );
}

function Breadcrumbs() {
  const pathname = usePathname();
  const params = useSearchParams();
  const { id, info } = useSource();
  const crumbs = breadcrumbs(pathname, params, info?.name ?? id);
  if (pathname === "/" || crumbs.length < 2) return null;
  return (
    <nav aria-label="Breadcrumb" className="mx-auto w-full max-w-[1600px] px-4 pt-3 text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-slate-600 dark:text-slate-300">
        {crumbs.map((c, i) => (
          <Fragment key={`${c.kind}:${c.label}`}>
            {i > 0 && (
              <li aria-hidden className="text-slate-400">
                ›
              </li>
            )}
            <li data-crumb={c.kind}>
              {c.href ? (
                <Link className="text-blue-700 hover:underline dark:text-blue-300" href={c.href}>
                  {c.label}
                </Link>
              ) : (
                <span aria-current="page" className="font-medium text-slate-900 dark:text-slate-100">
                  {c.label}
                </span>
              )}
            </li>
          </Fragment>
        ))}
      </ol>
    </nav>
  );
}

const isTyping = (t: EventTarget | null) => {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
};

/**
 * k9s's habits: `:` opens the command bar (`:pods`, `:nodes`, `:events`, `:ns kube-system`), `/` focuses the page's
 * filter (an input marked data-page-filter, unless the page handled the key itself), Esc closes the bar.
 */
function CommandBar() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === ":") {
        e.preventDefault();
        setText("");
        setError(null);
        setOpen(true);
      } else if (e.key === "/") {
        const filter = document.querySelector<HTMLInputElement>("[data-page-filter]");
        if (filter) {
          e.preventDefault();
          filter.focus();
          filter.select();
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const run = () => {
    const cmd = parseCommand(text);
    if (cmd.kind === "unknown") {
      setError(
        `Unknown command "${cmd.text}". Try ${commandSuggestions("")
          .map((n) => `:${n}`)
          .join(", ")}.`,
      );
      return;
    }
    const ns: Record<string, string | null> = cmd.namespace === undefined ? {} : { [NAMESPACE_PARAM]: cmd.namespace };
    router.push(navHref(cmd.kind === "go" ? cmd.path : pathname, params, ns));
    setOpen(false);
  };
  if (!open) return null;
  const suggestions = commandSuggestions(text);
  return (
    <div className="fixed inset-x-0 top-16 z-30 flex justify-center px-4">
      <div className="w-[36rem] max-w-full rounded-lg border border-slate-300 bg-white p-3 shadow-xl dark:border-slate-700 dark:bg-slate-900">
        <label className="flex items-center gap-2 font-mono">
          <span aria-hidden className="text-lg text-blue-600">
            :
          </span>
          <input
            ref={input}
            aria-label="Command"
            value={text}
            placeholder="pods, nodes, events, ns kube-system…"
            className="flex-1 bg-transparent outline-none"
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
            onBlur={() => setOpen(false)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                run();
              }
              if (e.key === "Escape") {
                e.preventDefault();
                setOpen(false);
              }
              if (e.key === "Tab" && suggestions.length > 0) {
                e.preventDefault();
                setText(suggestions[0]);
              }
            }}
          />
        </label>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : (
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            {suggestions.map((s) => `:${s}`).join("  ")} · Enter to go · Tab completes · Esc closes
          </p>
        )}
      </div>
    </div>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const { id } = useSource();
  // Links keep the source on screen (also the one picked by default, so a permalink says where it points).
  const link = (href: string) => navHref(href, params, id ? { source: id } : {});
  const prefetch = usePrefetchAfterLoad();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-4 px-4 py-2">
          <Link href={link("/")} className="text-lg font-bold tracking-tight">
            pod<span className="text-blue-600 dark:text-blue-400">scope</span>
          </Link>
          <nav aria-label="Main" className="flex gap-1">
            {NAV.map((n) => {
              const active = n.href === "/" ? pathname === "/" : pathname.startsWith(n.href);
              return (
                <Link
                  key={n.href}
                  href={link(n.href)}
                  prefetch={prefetch ? undefined : false}
                  aria-current={active ? "page" : undefined}
                  className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-blue-600 text-white" : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"}`}
                >
                  {n.label}
                </Link>
              );
            })}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <span
              className="hidden text-xs text-slate-400 xl:inline"
              title="k9s habits: : opens the command bar (:pods, :nodes, :events, :ns NAME), / focuses the filter, Esc clears it"
            >
              <kbd className="font-mono">:</kbd> command · <kbd className="font-mono">/</kbd> filter
            </span>
            <LiveIndicator />
            <SourcePicker />
            <PresenterToggle />
            <ThemeToggle />
          </div>
        </div>
        <TokenNotice />
      </header>
      <CommandBar />
      <Breadcrumbs />
      <main className="mx-auto w-full max-w-[1600px] flex-1 px-4 py-4">{children}</main>
    </div>
  );
}
