"use client";
// The sandbox anatomy diagram: the pod drawn as one logical host. The pause container sits at the
// bottom holding the shared namespaces; each container stands on it, joining those namespaces and
// keeping its own filesystem (mnt). Ports open on the one pod IP; shared volumes run across.
import type { Pod } from "@podscope/core";
import type { NamespaceKind, LsnsJson } from "../inspection";
import { buildAnatomy, type AnatomyContainer } from "./model";

export interface SandboxAnatomyProps {
  pod: Pod;
  matrix?: LsnsJson | null;
}

const NS_LABEL: Record<NamespaceKind, string> = {
  net: "net — one IP, one localhost",
  ipc: "ipc — shared memory, semaphores",
  uts: "uts — hostname",
  pid: "pid — one process tree",
  mnt: "mnt — its own filesystem",
  cgroup: "cgroup",
  user: "user",
};

const stateColour: Record<AnatomyContainer["state"], string> = {
  running: "border-emerald-500",
  waiting: "border-amber-500",
  terminated: "border-slate-400",
  unknown: "border-slate-300 dark:border-slate-600",
};

function ContainerBox({ c }: { c: AnatomyContainer }) {
  return (
    <div
      data-container={c.name}
      className={`flex min-w-48 flex-1 flex-col gap-1 rounded-md border-2 bg-white p-2 text-sm dark:bg-slate-900 ${stateColour[c.state]} ${c.init && !c.sidecar ? "border-dashed" : ""}`}
    >
      <div className="flex items-baseline gap-2">
        <span className="font-semibold">{c.name}</span>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {c.sidecar ? "sidecar (init)" : c.init ? "init container" : "container"}
        </span>
      </div>
      <div className="truncate font-mono text-xs text-slate-600 dark:text-slate-400" title={c.image}>
        {c.image}
      </div>
      <div className="text-xs">
        {c.state}
        {c.stateReason ? ` — ${c.stateReason}` : ""}
      </div>
      <div className="flex flex-wrap gap-1 text-xs" aria-label={`${c.name} joins the sandbox's ${c.joins.join(", ")} namespaces`}>
        {c.joins.map((k) => (
          <span
            key={k}
            data-joins={k}
            className="rounded bg-violet-100 px-1.5 py-0.5 text-violet-900 dark:bg-violet-900/60 dark:text-violet-100"
            title={`shares the sandbox's ${NS_LABEL[k]}`}
          >
            ↓ {k}
          </span>
        ))}
        {c.own
          .filter((k) => k === "mnt" || k === "pid")
          .map((k) => (
            <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 dark:bg-slate-800" title={NS_LABEL[k]}>
              own {k}
            </span>
          ))}
      </div>
      {c.ports.length > 0 && (
        <div className="text-xs">ports {c.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ""}`).join(", ")}</div>
      )}
      {c.mounts.map((m) => (
        <div key={m.volume + m.path} className="font-mono text-xs text-slate-600 dark:text-slate-400">
          {m.path} ← {m.volume}
          {m.readOnly ? " (ro)" : ""}
        </div>
      ))}
    </div>
  );
}

export function SandboxAnatomy({ pod, matrix }: SandboxAnatomyProps) {
  const a = buildAnatomy(pod, matrix);
  const shared = a.volumes.filter((v) => v.usedBy.length > 0);
  return (
    <figure aria-label="Sandbox anatomy" className="rounded-lg border-2 border-blue-400 p-3 dark:border-blue-700">
      <figcaption className="mb-2 flex flex-wrap items-baseline gap-x-4 text-sm">
        <span className="font-semibold">
          pod {pod.metadata.namespace}/{pod.metadata.name}
        </span>
        <span>
          IP <span className="font-mono">{a.podIP ?? "none yet"}</span>
        </span>
        <span>
          hostname <span className="font-mono">{a.hostname}</span>
        </span>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {a.basis === "kernel" ? "sharing read from the node's /proc" : "sharing as the pod spec asks for it"}
        </span>
      </figcaption>
      <div className="flex flex-wrap gap-2">
        {a.containers.map((c) => (
          <ContainerBox key={(c.init ? "init:" : "") + c.name} c={c} />
        ))}
      </div>
      {shared.length > 0 && (
        <div className="mt-2 flex flex-wrap gap-2">
          {shared.map((v) => (
            <div
              key={v.name}
              className="flex-1 rounded-md border border-teal-500 bg-teal-50 px-2 py-1 text-xs text-teal-950 dark:bg-teal-950/40 dark:text-teal-100"
            >
              volume <span className="font-semibold">{v.name}</span> ({v.type}) — {v.usedBy.length > 1 ? "shared by " : "used by "}
              {v.usedBy.join(", ")}
            </div>
          ))}
        </div>
      )}
      <div
        data-container="POD"
        className="mt-2 rounded-md border-2 border-violet-500 bg-violet-50 p-2 text-sm text-violet-950 dark:bg-violet-950/40 dark:text-violet-100"
      >
        <div className="font-semibold">pause — the sandbox (infra container)</div>
        <div className="mt-1 flex flex-wrap gap-1 text-xs">
          {a.sandboxNamespaces.map((k) => (
            <span key={k} data-ns={k} className="rounded bg-violet-200 px-1.5 py-0.5 dark:bg-violet-800">
              {NS_LABEL[k]}
            </span>
          ))}
        </div>
        <div className="mt-1 text-xs">
          holds the namespaces every container joins
          {pod.spec.shareProcessNamespace ? " and reaps orphaned processes as PID 1 of the shared pid namespace" : ""}; it does nothing
          else.
        </div>
        {a.hostNamespaces.length > 0 && (
          <div
            data-host-namespaces={a.hostNamespaces.join(",")}
            className="mt-1 text-xs text-stone-700 dark:text-stone-300"
            title="same inode as PID 1's: the host's own namespace, which the pod never left"
          >
            not the pod&apos;s: the whole pod stays in the host&apos;s {a.hostNamespaces.join(", ")} namespace
            {a.hostNamespaces.length === 1 ? "" : "s"} (the same as PID 1&apos;s)
            {a.hostNamespaces.includes("user") ? " — uid 0 in a container is uid 0 on the node" : ""}.
          </div>
        )}
      </div>
    </figure>
  );
}
