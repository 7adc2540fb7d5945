"use client";
// Live pod rows for one source: one `pods.watchRows` subscription (rows computed by the server) feeding a PodRowStore. Watch messages
// can arrive hundreds per second; React re-renders at most once per animation frame.
import { PodRowStore } from "@podscope/ui";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { takeBootFirstRows } from "./boot-answers";
import { canSubscribe, useTokenStatus } from "./token";
import { useTRPC } from "./trpc";

export interface PodRowsState {
  store: PodRowStore;
  version: number;
  /** The whole list has arrived (until then `store.rows` holds the list's first rows, `store.remaining` to come). */
  synced: boolean;
  /** Which namespace's first rows the list's first message holds (the namespace the list was opened on). */
  firstNamespace: string | undefined;
  error: unknown;
}

/**
 * `namespace`: the list's namespace filter when it opens. The server sends that namespace's first rows before the
 * rest; later changes of the filter do not restart the stream (every pod arrives anyway).
 */
export function usePodRows(source: string | null, namespace?: string): PodRowsState {
  const trpc = useTRPC();
  const storeRef = useRef(new PodRowStore());
  const [version, setVersion] = useState(0);
  const [synced, setSynced] = useState(false);
  const frame = useRef(0);
  // The namespace at the time the source's stream opens: fixed for that stream, so a filter change keeps it.
  const [opened, setOpened] = useState({ source, namespace: namespace || undefined });
  if (opened.source !== source) setOpened({ source, namespace: namespace || undefined });
  const firstNamespace = opened.source === source ? opened.namespace : namespace || undefined;

  // A new source starts from an empty store. This effect runs before the subscription's (declared below), so
  // the first message of the new source already lands in the new store.
  useEffect(() => {
    if (!source) return;
    const store = new PodRowStore();
    storeRef.current = store;
    setSynced(false);
    setVersion((v) => v + 1);
    const expire = setInterval(() => store.expireHighlights(performance.now(), 3_000), 2_000);
    return () => {
      clearInterval(expire);
      if (frame.current) cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [source]);

  // The boot script's early first rows (lib/boot-answers.ts), asked for while the page's scripts loaded: on screen
  // until the stream's own first message, which replaces them.
  useEffect(() => {
    if (!source) return;
    const early = takeBootFirstRows();
    if (!early) return;
    let current = true;
    void early.then((r) => {
      const store = storeRef.current;
      // Another source or namespace (the URL changed meanwhile), or the stream answered first: not these rows.
      if (!current || !r || r.source !== source || (r.namespace ?? undefined) !== firstNamespace || store.syncs > 0) return;
      store.applyRows({ type: "SYNC", rows: r.rows, remaining: r.remaining }, performance.now());
      flushSync(() => setVersion((v) => v + 1));
      setSynced(r.remaining === 0);
    });
    return () => {
      current = false;
    };
    // Once per source: the namespace is the one the list opened on, fixed with it.
  }, [source]);

  // The WebSocket reconnects on its own (the header says "reconnecting…"); an error of the server is shown
  // until the next message arrives.
  // Without a token the server accepts, the WebSocket is closed to this tab: the list is polled instead (reads
  // need no token on loopback), so the page shows pods rather than spinning on "reconnecting…".
  const live = canSubscribe(useTokenStatus());
  const polled = useQuery(trpc.pods.rows.queryOptions(source && !live ? { source } : skipToken, { refetchInterval: 2_000 }));
  useEffect(() => {
    if (!polled.data) return;
    storeRef.current.applyRows({ type: "SYNC", rows: polled.data, remaining: 0 }, performance.now());
    setSynced(true);
    setVersion((v) => v + 1);
  }, [polled.data]);
  const watch = useSubscription(
    trpc.pods.watchRows.subscriptionOptions(source && live ? { source, namespace: firstNamespace } : skipToken, {
      onData: (msg) => {
        const changed = storeRef.current.applyRows(msg, performance.now());
        if (changed && msg.type === "SYNC" && msg.remaining > 0) {
          // A list's first screenful is committed now, in this message's task, not at the next animation frame: the
          // rest of the list follows in large messages whose handling would otherwise come first and hold the paint.
          if (frame.current) cancelAnimationFrame(frame.current);
          frame.current = 0;
          flushSync(() => setVersion((v) => v + 1));
        } else if (changed && !frame.current) {
          frame.current = requestAnimationFrame(() => {
            frame.current = 0;
            setVersion((v) => v + 1);
          });
        }
        if (msg.type === "SYNC" || msg.type === "SYNC_MORE") setSynced(msg.remaining === 0);
      },
    }),
  );

  const error = live ? (watch.status === "error" ? watch.error : null) : polled.error;
  return { store: storeRef.current, version, synced, firstNamespace, error };
}
