"use client";
// The pod page header: the facts an SRE reads first (phase, STATUS as kubectl prints it, QoS, node,
// IP, age, owner) and the page-wide actions.
import { humanDuration, kubectlPodRow, type Pod } from "@podscope/core";
import type { ReactNode } from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { statusTone } from "@/components/pods/status-style";
import { withSource } from "@/lib/url-state";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

/** `deletedAt`: a recorded incarnation that is gone — its STATUS reads Deleted, its termination as it ended. */
export function PodHeader({
  pod,
  now,
  sourceName,
  actions,
  deletedAt,
}: {
  pod: Pod;
  now: number;
  sourceName: string;
  actions?: ReactNode;
  deletedAt?: string;
}) {
  const row = kubectlPodRow(pod, new Date(now));
  if (deletedAt) row.status = "Deleted";
  const source = useSearchParams().get("source");
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  return (
    <header className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">
          <span className="text-slate-500 dark:text-slate-400">{pod.metadata.namespace}/</span>
          {pod.metadata.name}
        </h1>
        <span className={`text-xl ${statusTone(row.status)}`} data-testid="pod-status">
          {row.status}
        </span>
        <span className="text-sm text-slate-500 dark:text-slate-400">from {sourceName}</span>
        <div className="ml-auto flex flex-wrap gap-2">{actions}</div>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-8">
        <Fact label="Phase">
          <span data-testid="pod-phase">{pod.status?.phase ?? "—"}</span>
        </Fact>
        <Fact label="Ready">{row.ready}</Fact>
        <Fact label="Restarts">{row.restarts}</Fact>
        <Fact label="QoS">{pod.status?.qosClass ?? "—"}</Fact>
        <Fact label="Node">
          {pod.spec.nodeName ? (
            <Link
              className="text-blue-700 hover:underline dark:text-blue-300"
              href={withSource(`/nodes/${encodeURIComponent(pod.spec.nodeName)}`, source)}
            >
              {row.node}
            </Link>
          ) : (
            row.node
          )}
        </Fact>
        <Fact label="Pod IP">
          <span className="font-mono">{row.ip}</span>
        </Fact>
        <Fact label="Age">{row.age}</Fact>
        <Fact label="Owner">{owner ? `${owner.kind}/${owner.name}` : "none (bare pod)"}</Fact>
      </dl>
      {pod.metadata.deletionTimestamp && deletedAt && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Terminated with a grace period of{" "}
          {pod.metadata.deletionGracePeriodSeconds == null ? "?" : humanDuration(pod.metadata.deletionGracePeriodSeconds * 1000)}; gone{" "}
          {humanDuration(
            Math.max(
              0,
              Date.parse(deletedAt) - (Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000),
            ),
          )}{" "}
          after the deletion was requested.
        </p>
      )}
      {pod.metadata.deletionTimestamp && !deletedAt && (
        <p className="text-sm text-violet-700 dark:text-violet-300">
          {/* deletionTimestamp is the deadline (request time + grace period), not the request time. */}
          Terminating: grace period{" "}
          {pod.metadata.deletionGracePeriodSeconds == null ? "?" : humanDuration(pod.metadata.deletionGracePeriodSeconds * 1000)},{" "}
          {Date.parse(pod.metadata.deletionTimestamp) > now
            ? `SIGKILL deadline in ${humanDuration(Date.parse(pod.metadata.deletionTimestamp) - now)}`
            : `deadline passed ${humanDuration(now - Date.parse(pod.metadata.deletionTimestamp))} ago`}
          .
        </p>
      )}
    </header>
  );
}
