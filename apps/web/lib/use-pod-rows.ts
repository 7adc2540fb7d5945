"use client";
// Live pod rows for one source: one `pods.watch` subscription feeding a PodRowStore. Watch messages
// can arrive hundreds per second; React re-renders at most once per animation frame.
import { PodRowStore } from "@podscope/ui";
import { useEffect, useRef, useState } from "react";
import { api } from "./api";
import type { PodWatchEvent } from "./api-types";

export interface PodRowsState { store: PodRowStore; version: number; synced: boolean; error: unknown }

export function usePodRows(source: string | null): PodRowsState {
  const storeRef = useRef(new PodRowStore());
  const [version, setVersion] = useState(0);
  const [synced, setSynced] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!source) return;
    const store = new PodRowStore();
    storeRef.current = store;
    setSynced(false);
    setError(null);
    setVersion((v) => v + 1);
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => { frame = 0; setVersion((v) => v + 1); });
    };
    const onMessage = (msg: PodWatchEvent) => {
      if (store.apply(msg, performance.now())) schedule();
      if (msg.type === "SYNC") setSynced(true);
      setError(null);
    };
    // The WebSocket reconnects on its own; errors are shown until the next message arrives.
    const sub = api.pods.watch(source, { onData: onMessage, onError: (e) => setError(e) });
    const expire = setInterval(() => store.expireHighlights(performance.now(), 3_000), 2_000);
    return () => { sub.unsubscribe(); clearInterval(expire); if (frame) cancelAnimationFrame(frame); };
  }, [source]);

  return { store: storeRef.current, version, synced, error };
}
