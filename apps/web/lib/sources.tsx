"use client";
// The selected source comes from `?source=`; without one we pick the first available source, so
// a fresh dashboard shows pods right away.
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import type { RouterOutputs } from "@podscope/api";
import { useTRPC } from "./trpc";

export type SourceInfo = RouterOutputs["sources"]["list"][number];

export function useSources() {
  const trpc = useTRPC();
  return useQuery(trpc.sources.list.queryOptions(undefined, { refetchInterval: 10_000 }));
}

export function useSource(): { id: string | null; info: SourceInfo | null; sources: SourceInfo[]; loading: boolean; error: unknown } {
  const params = useSearchParams();
  const { data, isLoading, error, refetch, dataUpdatedAt } = useSources();
  const sources = data ?? [];
  const wanted = params.get("source");
  const info = (wanted ? sources.find((s) => s.id === wanted) : sources.find((s) => s.available)) ?? null;
  // A source named in the URL but missing from a list fetched before it was opened (a window file
  // opened a moment ago, here or in another tab): ask again at once instead of waiting for the next
  // refresh, and count it as still loading until that answer is in — views must not guess meanwhile.
  const askedAt = useRef<{ id: string; at: number } | null>(null);
  const missing = !!wanted && !!data && !info;
  const asked = missing && askedAt.current?.id === wanted && dataUpdatedAt > askedAt.current.at;
  useEffect(() => {
    if (!missing || askedAt.current?.id === wanted) return;
    askedAt.current = { id: wanted, at: dataUpdatedAt };
    void refetch();
  }, [missing, wanted, dataUpdatedAt, refetch]);
  return { id: wanted ?? info?.id ?? null, info, sources, loading: isLoading || (missing && !asked), error };
}
