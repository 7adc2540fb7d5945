"use client";
// The state of the live connection (the WebSocket subscriptions use), for the header's indicator:
// with subscriptions active and the socket closed, what the page shows is getting stale — say so.
import { useSyncExternalStore } from "react";

export type LiveState = "idle" | "live" | "reconnecting";

let open = false;
let subscriptions = 0;
const listeners = new Set<() => void>();
let state: LiveState = "idle";

function recompute() {
  const next: LiveState = subscriptions === 0 ? "idle" : open ? "live" : "reconnecting";
  if (next !== state) {
    state = next;
    for (const l of listeners) l();
  }
}

export const connection = {
  opened() {
    open = true;
    recompute();
  },
  closed() {
    open = false;
    recompute();
  },
  subscribed() {
    subscriptions++;
    recompute();
  },
  unsubscribed() {
    subscriptions = Math.max(0, subscriptions - 1);
    recompute();
  },
};

export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
    () => "idle",
  );
}
