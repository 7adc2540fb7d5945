"use client";
// Typed calls to the podscope API, one function per procedure. Views call these, never paths by name.
import type { Unsubscribable } from "@trpc/server/observable";
import type { CgroupNode, NamespaceMatrixData } from "@podscope/ui";
import { trpc } from "./client";
import type { ApplyResult, KubeEvent, Node, Pod, PodDetail, PodRef, PodWatchEvent, PodscopeSnapshot, SourceInfo } from "./api-types";

const q = <T,>(path: string, input?: unknown) => trpc().query(path, input) as Promise<T>;
const m = <T,>(path: string, input?: unknown) => trpc().mutation(path, input) as Promise<T>;

export interface SubscriptionHandlers<T> { onData: (value: T) => void; onError?: (err: unknown) => void; onStarted?: () => void }

function sub<T>(path: string, input: unknown, h: SubscriptionHandlers<T>): Unsubscribable {
  return trpc().subscription(path, input, {
    onData: (v: unknown) => {
      // tracked() events arrive as {id, data}; plain yields arrive as the value itself.
      const value = v && typeof v === "object" && "id" in v && "data" in v ? (v as { data: T }).data : (v as T);
      h.onData(value);
    },
    onError: h.onError,
    onStarted: h.onStarted,
  });
}

export const api = {
  sources: { list: () => q<SourceInfo[]>("sources.list") },
  nodes: { list: (source: string) => q<Node[]>("nodes.list", { source }) },
  pods: {
    list: (source: string) => q<Pod[]>("pods.list", { source }),
    get: (ref: PodRef) => q<Pod>("pods.get", ref),
    detail: (ref: PodRef) => q<PodDetail>("pods.detail", ref),
    watch: (source: string, h: SubscriptionHandlers<PodWatchEvent>) => sub("pods.watch", { source }, h),
    apply: (source: string, yaml: string) => m<ApplyResult>("pods.apply", { source, yaml }),
    delete: (ref: PodRef & { gracePeriodSeconds?: number }) => m<unknown>("pods.delete", ref),
  },
  events: { list: (input: { source: string; namespace?: string; name?: string }) => q<KubeEvent[]>("events.list", input) },
  logs: {
    get: (input: PodRef & { container?: string; previous?: boolean; tailLines?: number }) => q<string>("logs.get", input),
    follow: (input: PodRef & { container?: string }, h: SubscriptionHandlers<{ line: string }>) => sub("logs.follow", input, h),
  },
  inspect: {
    cgroups: (input: { source: string; namespace?: string; name?: string }) => q<CgroupNode | CgroupNode[] | null>("inspect.cgroups", input),
    namespaces: (ref: PodRef) => q<NamespaceMatrixData>("inspect.namespaces", ref),
    processes: (ref: PodRef) => q<unknown>("inspect.processes", ref),
  },
  snapshots: {
    export: (ref: PodRef) => q<PodscopeSnapshot>("snapshots.export", ref),
    open: (json: string) => m<{ source: string }>("snapshots.open", { json }),
  },
};
