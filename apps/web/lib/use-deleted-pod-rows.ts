"use client";
// Rows of the pods a recording source saw deleted (its history retention), for the pod list's
// "show deleted" toggle: asked only while the toggle is on, refreshed every few seconds on a live source.
import { toDeletedPodRow, type PodRow } from "@podscope/ui";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "./trpc";

export function useDeletedPodRows(source: string | null, enabled: boolean, live: boolean): { rows: PodRow[]; error: unknown } {
  const trpc = useTRPC();
  const q = useQuery(trpc.pods.deleted.queryOptions(source && enabled ? { source } : skipToken, { refetchInterval: live ? 5_000 : false }));
  const rows = useMemo(() => (q.data ?? []).map((d) => toDeletedPodRow(d.pod, d.deletedAt)), [q.data]);
  return { rows: enabled ? rows : [], error: q.error };
}
