"use client";
import { useEffect, useState } from "react";

/** A ticking clock for ages and countdowns; views pass it down to the pure functions that need `now`. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
