"use client";
// Next.js prefetches every link in view as soon as the page hydrates: the header's six pages, twice (each route's
// payload and its scripts). On a page whose own first data is large (the pod list), that work lands in the moments the
// page is waiting for its data and competes for the main thread and the web server. Links prefetch once the page has
// had its first quiet moment instead — still long before a user's first click.
import { useEffect, useState } from "react";

/** false until the page's first idle period after load (at most `maxWaitMs` after hydration), then true. */
export function usePrefetchAfterLoad(maxWaitMs = 3_000): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let idle = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const go = () => {
      if ("requestIdleCallback" in window) idle = window.requestIdleCallback(() => setReady(true), { timeout: maxWaitMs });
      else timer = setTimeout(() => setReady(true), 500);
    };
    if (document.readyState === "complete") go();
    else window.addEventListener("load", go, { once: true });
    return () => {
      window.removeEventListener("load", go);
      if (idle) window.cancelIdleCallback(idle);
      clearTimeout(timer);
    };
  }, [maxWaitMs]);
  return ready;
}
