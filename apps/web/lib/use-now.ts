"use client";
import { useEffect, useState } from "react";
import { useSource } from "./sources";

/** A ticking clock for ages and countdowns; views pass it down to the pure functions that need `now`. */
export function useNow(intervalMs = 1000, ticking = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, ticking]);
  return now;
}

export interface SourceClock {
  /**
   * The "now" every age, countdown and timeline of the selected source is measured from: the ticking
   * wall clock for a live source, the moment it was taken for one opened from a file. Null while it is
   * not yet known which (the source list has not arrived): views wait rather than paint live times
   * that would then jump.
   */
  now: number | null;
  live: boolean;
  /** When a source opened from a file was taken (ms); null for a live source. */
  frozenAt: number | null;
}

/** The selected source's clock; every view of a source reads time from here, never from Date.now(). */
export function useSourceClock(intervalMs = 1000): SourceClock {
  const { id, info, loading } = useSource();
  const live = info ? info.capabilities.isLive : false;
  const wall = useNow(intervalMs, live || (!info && !loading));
  if (!info) {
    // Unknown source once the list is in (closed, or the server restarted): nothing of it will render,
    // its queries say why; the wall clock is as good as any.
    return { now: loading || id === null ? null : wall, live: false, frozenAt: null };
  }
  if (live) return { now: wall, live: true, frozenAt: null };
  const taken = Date.parse(info.takenAt ?? "");
  const frozenAt = Number.isNaN(taken) ? null : taken;
  return { now: frozenAt ?? wall, live: false, frozenAt };
}
