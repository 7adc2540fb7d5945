"use client";
// Typed calls to the podscope API (the lead's AppRouter), one function per procedure, returning the
// shapes the views use. tRPC's inferred JSON types lose the index signatures of the Kubernetes object
// types, and inspection shapes are restated in @podscope/ui (which may not import the API), so those
// calls cast once, here, to the core/ui types.
import type { Unsubscribable } from "@trpc/server/observable";
import type { CgroupNode, NamespaceMatrixData, PodProcesses } from "@podscope/ui";
import { trpc } from "./client";
import { connection } from "./connection";
import type { KubeEvent, Node, Pod, PodDetail, PodRef, PodWatchEvent, PodscopeSnapshot } from "./api-types";

export interface SubscriptionHandlers<T> { onData: (value: T) => void; onError?: (err: unknown) => void; onStarted?: () => void }

// Counts live subscriptions so the header can tell "live" from "reconnecting".
function counted(u: Unsubscribable): Unsubscribable {
  connection.subscribed();
  let done = false;
  return { unsubscribe: () => { if (!done) { done = true; connection.unsubscribed(); } u.unsubscribe(); } };
}

export const api = {
  sources: {
    list: () => trpc().sources.list.query(),
    openSnapshot: (json: string) => trpc().sources.openSnapshot.mutate({ json }),
  },
  nodes: { list: async (source: string) => (await trpc().nodes.list.query({ source })) as Node[] },
  pods: {
    list: async (source: string) => (await trpc().pods.list.query({ source })) as Pod[],
    get: async (ref: PodRef) => (await trpc().pods.get.query(ref)) as Pod,
    detail: async (ref: PodRef) => (await trpc().pods.detail.query(ref)) as PodDetail,
    watch: (source: string, h: SubscriptionHandlers<PodWatchEvent>): Unsubscribable =>
      counted(trpc().pods.watch.subscribe({ source }, { onData: (v) => h.onData(v as PodWatchEvent), onError: h.onError, onStarted: h.onStarted })),
    create: (source: string, yaml: string) => trpc().pods.create.mutate({ source, yaml }),
    delete: (ref: PodRef & { gracePeriodSeconds?: number }) => trpc().pods.delete.mutate(ref),
  },
  events: { list: async (input: { source: string; namespace?: string; name?: string }) => (await trpc().events.list.query(input)) as KubeEvent[] },
  logs: {
    get: (input: PodRef & { container?: string; previous?: boolean; tailLines?: number }) => trpc().logs.get.query(input),
    follow: (input: PodRef & { container?: string; tailLines?: number }, h: SubscriptionHandlers<{ line: string }>): Unsubscribable =>
      counted(trpc().logs.follow.subscribe(input, { onData: h.onData, onError: h.onError, onStarted: h.onStarted })),
  },
  inspect: {
    cgroups: async (input: { source: string; namespace?: string; name?: string }) => (await trpc().inspect.cgroups.query(input)) as CgroupNode | CgroupNode[] | null,
    namespaces: async (ref: PodRef) => (await trpc().inspect.namespaces.query(ref)) as NamespaceMatrixData,
    processes: async (ref: PodRef) => (await trpc().inspect.processes.query(ref)) as PodProcesses,
  },
  snapshots: { export: async (ref: PodRef) => (await trpc().snapshots.export.query(ref)) as unknown as PodscopeSnapshot },
};
