"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { useLiveState } from "@/lib/connection";
import { useSource } from "@/lib/sources";
import { withSource } from "@/lib/url-state";
import { PresenterToggle } from "./PresenterToggle";
import { ThemeToggle } from "./ThemeToggle";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/pods", label: "Pods" },
  { href: "/create", label: "Create" },
  { href: "/drain", label: "Drain" },
  { href: "/snapshots", label: "Snapshots" },
];

function LiveIndicator() {
  const state = useLiveState();
  if (state === "idle") return null;
  return (
    <span role="status" className={`flex items-center gap-1 text-xs ${state === "live" ? "text-emerald-700 dark:text-emerald-400" : "font-semibold text-amber-700 dark:text-amber-400"}`}
      title={state === "live" ? "updates arrive as they happen" : "the live connection to the podscope server dropped; what you see may be stale"}>
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${state === "live" ? "bg-emerald-500" : "animate-pulse bg-amber-500"}`} />
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
    // A pod page belongs to its source: switching source goes back to the pod list.
    const path = pathname.startsWith("/pods/") ? "/pods" : pathname;
    router.push(`${path}?${p.toString()}`);
  };
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-500 dark:text-slate-400">Source</span>
      <select aria-label="Source" value={id ?? ""} onChange={(e) => pick(e.target.value)} disabled={loading}
        className="max-w-64 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-800">
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

export function Shell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { id } = useSource();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-4 px-4 py-2">
          <Link href={withSource("/", id)} className="text-lg font-bold tracking-tight">
            pod<span className="text-blue-600 dark:text-blue-400">scope</span>
          </Link>
          <nav aria-label="Main" className="flex gap-1">
            {NAV.map((n) => {
              const active = n.href === "/" ? pathname === "/" : pathname.startsWith(n.href);
              return (
                <Link key={n.href} href={withSource(n.href, id)} aria-current={active ? "page" : undefined}
                  className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-blue-600 text-white" : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"}`}>
                  {n.label}
                </Link>
              );
            })}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <LiveIndicator />
            <SourcePicker />
            <PresenterToggle />
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-[1600px] flex-1 px-4 py-4">{children}</main>
    </div>
  );
}
