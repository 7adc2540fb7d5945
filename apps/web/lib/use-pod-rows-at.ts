"use client";
// The pod list at a past instant (`?at=`): the source's pods rebuilt from recorded history, as rows.
import { toPodRow, type PodRow } from "@podscope/ui";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "./trpc";

export function usePodRowsAt(
  source: string | null,
  at: number | null,
): { rows: PodRow[]; since: string | null | undefined; error: unknown } {
  const trpc = useTRPC();
  const q = useQuery(trpc.pods.at.queryOptions(source && at !== null ? { source, at: new Date(at).toISOString() } : skipToken));
  const rows = useMemo(() => (q.data?.pods ?? []).map(toPodRow), [q.data]);
  return { rows, since: q.data ? (q.data.since ?? null) : undefined, error: q.error };
}
