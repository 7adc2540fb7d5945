"use client";
// The selected source comes from `?source=`; without one we pick the first available source, so
// a fresh dashboard shows pods right away.
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import type { RouterOutputs } from "@podscope/api";
import { useTRPC } from "./trpc";

export type SourceInfo = RouterOutputs["sources"]["list"][number];

export function useSources() {
  const trpc = useTRPC();
  return useQuery(trpc.sources.list.queryOptions(undefined, { refetchInterval: 10_000 }));
}

export function useSource(): { id: string | null; info: SourceInfo | null; sources: SourceInfo[]; loading: boolean; error: unknown } {
  const params = useSearchParams();
  const { data, isLoading, error } = useSources();
  const sources = data ?? [];
  const wanted = params.get("source");
  const info = (wanted ? sources.find((s) => s.id === wanted) : sources.find((s) => s.available)) ?? null;
  return { id: wanted ?? info?.id ?? null, info, sources, loading: isLoading, error };
}
