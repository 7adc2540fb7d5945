"use client";
// View state lives in the URL (permalinks): a hook to read one search param and replace it in place.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";

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
