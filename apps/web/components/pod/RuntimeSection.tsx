"use client";
// The container runtime's own account of the pod (CRI PodSandboxStatus and ContainerStatus, verbose): the sandbox
// kubelet asked for, its pause PID and network namespace, and every container by attempt — what `crictl inspectp`
// and `crictl ps -a` print on the node. The local node asks its containerd; a cluster the podscope agent on the node.
import { useQuery } from "@tanstack/react-query";
import { ErrorNote } from "@/components/ErrorNote";
import { Panel } from "@/components/Panel";
import type { RouterOutputs } from "@podscope/api";
import { useTRPC } from "@/lib/trpc";
import type { InspectionProps } from "./InspectionSections";

type PodRuntime = RouterOutputs["inspect"]["runtime"];

const muted = "text-slate-500 dark:text-slate-400";
const cell = "py-1 pr-4 align-top";
/** Runtime IDs are 64 hex digits; crictl shows the first 13. */
const shortId = (id: string) => id.slice(0, 13);
/** CRI's enum names without their prefix: SANDBOX_READY → READY, CONTAINER_EXITED → EXITED. */
const state = (s: string) => s.replace(/^(SANDBOX|CONTAINER)_/, "");

function Sandbox({ r }: { r: PodRuntime }) {
  const s = r.sandbox;
  const ns = s.namespaceOptions;
  const facts: [string, string][] = [
    ["runtime", `${r.runtime.name} ${r.runtime.version}`],
    ["sandbox", `${shortId(s.id)} · ${state(s.state)}${s.attempt ? ` · attempt ${s.attempt}` : ""}`],
    ["pause PID", s.pausePid !== undefined ? String(s.pausePid) : "—"],
    ["pod IP", [s.podIP, ...s.additionalIPs].filter(Boolean).join(", ") || "—"],
    ["network namespace", s.networkNamespacePath ?? "—"],
    ["namespaces (CRI)", ns ? `network ${ns.network} · pid ${ns.pid} · ipc ${ns.ipc}` : "—"],
    ["runtime handler", s.runtimeHandler || "(default)"],
    ["sandboxes of this pod", String(r.sandboxIds.length)],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" aria-label="sandbox">
      {facts.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className={muted}>{k}</dt>
          <dd className="font-mono [overflow-wrap:anywhere]">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Containers({ r }: { r: PodRuntime }) {
  return (
    <table className="mt-3 w-full text-left text-sm" aria-label="runtime containers">
      <thead>
        <tr className={muted}>
          {["container", "attempt", "state", "id", "PID", "exit", "image"].map((h) => (
            <th key={h} className={`${cell} font-normal`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {r.containers.map((c) => (
          <tr key={c.id} className="border-t border-slate-100 dark:border-slate-800" data-runtime-container={c.name}>
            <td className={`${cell} font-medium`}>{c.name}</td>
            <td className={cell}>{c.attempt}</td>
            <td className={cell}>
              {state(c.state)}
              {c.reason ? ` (${c.reason})` : ""}
              {c.sandboxId !== r.sandbox.id && <span className={`block text-xs ${muted}`}>in an earlier sandbox</span>}
            </td>
            <td className={`${cell} font-mono`}>{shortId(c.id)}</td>
            <td className={`${cell} font-mono`}>{c.pid ?? "—"}</td>
            <td className={cell}>{state(c.state) === "EXITED" ? c.exitCode : "—"}</td>
            <td className={`${cell} font-mono text-xs [overflow-wrap:anywhere]`}>{c.image}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RuntimeSection({ podRef, source, live }: InspectionProps) {
  const can = !!source?.capabilities.canInspectNode;
  const trpc = useTRPC();
  const q = useQuery(trpc.inspect.runtime.queryOptions(podRef, { enabled: can, refetchInterval: live ? 5_000 : false, retry: false }));
  if (!can) return null;
  return (
    <Panel
      title="Container runtime"
      explain={
        <p>
          What the node&apos;s container runtime itself says about this pod, through the CRI kubelet speaks: the <b>sandbox</b> (the pause
          container holding the namespaces) and every <b>container</b> it started, one per attempt — a restart is a new container with the
          next attempt number. This is what <code>crictl inspectp</code> and <code>crictl ps -a</code> show on the node.
        </p>
      }
    >
      {/* A window file keeps the host views but no runtime to ask: said plainly, not as a failure. */}
      {q.error?.data?.code === "METHOD_NOT_SUPPORTED" ? (
        <p className={`text-sm ${muted}`}>{q.error.message}</p>
      ) : (
        <ErrorNote error={q.error} action="Asking the container runtime" />
      )}
      {q.isLoading && <p className={`text-sm ${muted}`}>Asking the node…</p>}
      {q.data && (
        <>
          <Sandbox r={q.data} />
          <Containers r={q.data} />
        </>
      )}
    </Panel>
  );
}
