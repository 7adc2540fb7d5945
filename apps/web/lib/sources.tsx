"use client";
// The selected source comes from `?source=`; without one we pick the first available source, so
// a fresh dashboard shows pods right away.
import { defaultSource } from "@podscope/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import type { RouterOutputs } from "@podscope/api";
import { takeBootSources } from "./boot-answers";
import { useTRPC } from "./trpc";

export type SourceInfo = RouterOutputs["sources"]["list"][number];

export function useSources() {
  const trpc = useTRPC();
  const client = useQueryClient();
  const options = trpc.sources.list.queryOptions(undefined, { refetchInterval: 10_000 });
  // On a fresh load of the pod list the boot script asked for the list already (lib/boot-answers.ts): its answer
  // stands in until the query's own, so the page knows its source without another round trip.
  const key = options.queryKey;
  useEffect(() => {
    void takeBootSources()?.then((early) => {
      if (early && client.getQueryData(key) === undefined) client.setQueryData(key, early);
    });
    // Once (the answer is handed out once per page load); the key's content never changes.
  }, [client]);
  return useQuery(options);
}

export function useSource(): { id: string | null; info: SourceInfo | null; sources: SourceInfo[]; loading: boolean; error: unknown } {
  const params = useSearchParams();
  const { data, isLoading, error, refetch, dataUpdatedAt } = useSources();
  const sources = data ?? [];
  const wanted = params.get("source");
  const info = (wanted ? sources.find((s) => s.id === wanted) : defaultSource(sources)) ?? null;
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
