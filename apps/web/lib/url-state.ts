"use client";
// View state lives in the URL (permalinks): a hook to read one search param and replace it in place.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

export function useUrlParam(name: string, fallback = ""): [string, (value: string | null) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const fromUrl = params.get(name) ?? fallback;
  // router.replace lands in a later render: until it does, show what was just chosen, so a controlled
  // checkbox or select does not spring back for a frame (and a click is seen to take effect at once).
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  useEffect(() => setChosen(undefined), [fromUrl]);
  const value = chosen ?? fromUrl;
  const set = useCallback(
    (next: string | null) => {
      setChosen(next === null || next === "" ? fallback : next);
      const p = new URLSearchParams(window.location.search);
      if (next === null || next === "" || next === fallback) p.delete(name);
      else p.set(name, next);
      const qs = p.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [name, fallback, pathname, router],
  );
  return [value, set];
}

/** Keeps `?source=` on internal links so a permalink always says where its pod comes from. */
export function withSource(href: string, source: string | null | undefined): string {
  if (!source) return href;
  const [path, qs = ""] = href.split("?");
  const p = new URLSearchParams(qs);
  p.set("source", source);
  return `${path}?${p.toString()}`;
}

export type DraftParam = {
  /** What the input shows: ahead of the URL while the user types. */
  draft: string;
  setDraft: (v: string) => void;
  /** Empties the input and the URL at once (Esc). */
  clear: () => void;
  /** Writes a draft the URL has not caught up with yet, in place, now: done on any click; call it before other navigations (Enter). */
  flush: () => void;
};

/**
 * A text filter kept in the URL, typed into a local draft that the URL follows `delayMs` later (a history entry per
 * keystroke, and a re-render of the page per keystroke, would be too many).
 * The delayed write never runs once the URL already says the same — so a flush before a navigation leaves it nothing
 * to do: a router.replace landing after the navigation began would take the user back to this page.
 */
export function useDraftParam(name: string, delayMs: number): DraftParam {
  const [value, setValue] = useUrlParam(name);
  const [draft, setDraft] = useState(value);
  const latest = useRef(draft);
  latest.current = draft;
  const inUrl = (v: string) => (new URLSearchParams(window.location.search).get(name) ?? "") === v;
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => {
      if (!inUrl(draft)) setValue(draft);
    }, delayMs);
    return () => clearTimeout(t);
    // inUrl reads window.location at the moment of the write, on purpose: not a dependency.
  }, [draft, value, setValue, delayMs]);
  const flush = () => {
    const draft = latest.current;
    if (inUrl(draft)) return;
    const p = new URLSearchParams(window.location.search);
    if (draft) p.set(name, draft);
    else p.delete(name);
    const qs = p.toString();
    // Next.js folds history.replaceState into its router state (useSearchParams follows), without a navigation.
    window.history.replaceState(null, "", qs ? `${window.location.pathname}?${qs}` : window.location.pathname);
  };
  // Any click may follow a link (the page's or the header's): the filter typed just before it goes along. Captured
  // on the document, so it runs before the link's own handler starts the navigation.
  useEffect(() => {
    document.addEventListener("click", flush, true);
    return () => document.removeEventListener("click", flush, true);
    // flush reads the draft through a ref: one listener for the hook's life.
  }, []);
  const clear = () => {
    setDraft("");
    setValue(null);
  };
  return { draft, setDraft, clear, flush };
}
