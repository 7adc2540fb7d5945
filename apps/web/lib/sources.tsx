"use client";
// The selected source comes from `?source=`; without one we pick the first available source, so
// a fresh dashboard shows pods right away.
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { api } from "./api";
import type { SourceInfo } from "./api-types";

export function useSources() {
  return useQuery({ queryKey: ["sources"], queryFn: api.sources.list, refetchInterval: 10_000 });
}

export function useSource(): { id: string | null; info: SourceInfo | null; sources: SourceInfo[]; loading: boolean; error: unknown } {
  const params = useSearchParams();
  const { data, isLoading, error } = useSources();
  const sources = data ?? [];
  const wanted = params.get("source");
  const info = (wanted ? sources.find((s) => s.id === wanted) : sources.find((s) => s.available)) ?? null;
  return { id: wanted ?? info?.id ?? null, info, sources, loading: isLoading, error };
}
