"use client";
// The node's view of a pod: sandbox anatomy, cgroup tree, namespace matrix, processes and the container runtime's
// account. They need a source that can inspect its node (capability canInspectNode): the local node reads its host,
// a cluster context asks the podscope agent on the pod's node through the API server. A view that cannot be had (no
// agent on that node, RBAC, the agent not answering) says why in its own panel; the rest of the page stays.
import {
  asRoots,
  CgroupTree,
  cgroupTreeSvg,
  NamespaceMatrix,
  namespaceMatrixSvg,
  ProcessTree,
  SandboxAnatomy,
  walkCgroups,
  type ExportTitle,
} from "@podscope/ui";
import type { Pod } from "@podscope/core";
import type { RouterInputs } from "@podscope/api";
import { useQuery } from "@tanstack/react-query";
import { ErrorNote } from "@/components/ErrorNote";
import { ExportButtons } from "@/components/ExportButtons";
import { Panel } from "@/components/Panel";
import type { SourceInfo } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";
import { useUrlParam } from "@/lib/url-state";

export interface InspectionProps {
  pod: Pod;
  podRef: RouterInputs["pods"]["get"];
  source: SourceInfo | null;
  live: boolean;
}

function exportTitle(pod: Pod, source: SourceInfo | null, what: string): ExportTitle {
  return {
    title: `${what} — pod ${pod.metadata.namespace}/${pod.metadata.name}`,
    subtitle: `source ${source?.name ?? "?"} · taken ${new Date().toISOString()}`,
  };
}

function CannotInspect({ source }: { source: SourceInfo | null }) {
  return (
    <p className="text-sm text-slate-600 dark:text-slate-300">
      The source {source ? `“${source.name}”` : ""} cannot see its node&apos;s cgroups and namespaces — the local node, cluster contexts
      (through the podscope agent on each node) and snapshots taken from them can.
    </p>
  );
}

export function useNamespaceMatrix({ podRef, source, live }: InspectionProps) {
  const trpc = useTRPC();
  return useQuery(
    trpc.inspect.namespaces.queryOptions(podRef, {
      enabled: !!source?.capabilities.canInspectNode,
      refetchInterval: live ? 5_000 : false,
      retry: false,
    }),
  );
}

export function AnatomySection(props: InspectionProps) {
  const matrix = useNamespaceMatrix(props);
  return (
    <Panel
      title="Sandbox anatomy"
      explain={
        <>
          <p>
            A pod is a small <b>logical host</b>. Before any of your containers start, the runtime creates the <b>sandbox</b>: a tiny{" "}
            <b>pause</b> process whose only job is to hold the pod&apos;s namespaces open — the network (one IP, one <code>localhost</code>,
            one set of ports), IPC and the hostname — so they outlive any container restart.
          </p>
          <p>
            Every container then <b>joins</b> those namespaces but gets its <b>own mount namespace</b> (its own image filesystem) and,
            unless <code>shareProcessNamespace: true</code>, its own process tree. Volumes are how containers share files.
          </p>
        </>
      }
    >
      {/* Without the node's answer the anatomy is drawn from the spec alone; the note says what is missing. */}
      <div className="mb-2">
        <ErrorNote error={matrix.error} action="Reading the node" />
      </div>
      <SandboxAnatomy pod={props.pod} matrix={matrix.data ?? null} />
    </Panel>
  );
}

export function CgroupSection(props: InspectionProps) {
  const { pod, podRef, source, live } = props;
  const [scope, setScope] = useUrlParam("cg", "pod");
  const can = !!source?.capabilities.canInspectNode;
  const trpc = useTRPC();
  // "All pods on the node": the node's whole kubepods tree — a cluster has many nodes, so it is named.
  const nodeName = pod.spec.nodeName;
  const q = useQuery(
    trpc.inspect.cgroups.queryOptions(scope === "all" ? { source: podRef.source, ...(nodeName ? { node: nodeName } : {}) } : podRef, {
      enabled: can,
      refetchInterval: live ? 2_000 : false,
      retry: false,
    }),
  );
  const roots = asRoots(q.data);
  const hasPause = [...walkCgroups(roots)].some((n) => n.kind === "sandbox");
  return (
    <Panel
      title="Cgroup tree"
      explain={
        <>
          <p>
            cgroups are how the kernel <b>accounts and limits</b> resources. kubelet puts every pod under <code>kubepods</code>, in a branch
            for its QoS class (Guaranteed pods sit right under kubepods, Burstable and BestEffort in their own branches), in a{" "}
            <code>pod&lt;uid&gt;</code> cgroup; the runtime then adds one cgroup per container — and one for the pause sandbox.
          </p>
          <p>
            Memory limits become <code>memory.limit</code> (the OOM killer acts per container cgroup), CPU requests become{" "}
            <b>shares/weight</b> (a relative claim when the CPU is busy) and CPU limits a CFS <b>quota</b> per period. This is what{" "}
            <code>systemd-cgls</code> prints; it refreshes every 2 s.
          </p>
        </>
      }
      actions={
        can && (
          <>
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={scope === "all"} onChange={(e) => setScope(e.target.checked ? "all" : "pod")} /> all pods on
              the node
            </label>
            {roots.length > 0 && (
              <ExportButtons
                what="cgroups"
                fileParts={[pod.metadata.namespace ?? "default", pod.metadata.name ?? "pod"]}
                makeSvg={() => {
                  const t = exportTitle(pod, source, "Cgroup tree");
                  return cgroupTreeSvg(roots, {
                    ...t,
                    subtitle: `${t.subtitle}${scope !== "all" && roots[0] ? ` · ${roots[0].path}` : ""}`,
                  });
                }}
              />
            )}
          </>
        )
      }
    >
      {!can ? (
        <CannotInspect source={source} />
      ) : (
        <>
          <ErrorNote error={q.error} action="Reading cgroups" />
          {q.isLoading && <p className="text-sm text-slate-500">Reading the node…</p>}
          {q.data !== undefined && roots.length === 0 && (
            <p className="text-sm text-slate-500">This pod has no cgroups on the node (not started yet, or already gone).</p>
          )}
          {roots.length > 0 && !hasPause && scope !== "all" && (
            <p className="mb-2 text-sm text-amber-700 dark:text-amber-400">No sandbox cgroup found for this pod.</p>
          )}
          {scope !== "all" && roots.length === 1 && (
            <p className="mb-1 font-mono text-xs text-slate-500 dark:text-slate-400">
              {roots[0].path}
              {roots[0].hierarchy ? ` (${roots[0].hierarchy} hierarchy)` : ""}
            </p>
          )}
          {/* Nothing to draw (the node did not answer, or the pod has no cgroups): the notes above say which. */}
          {roots.length > 0 && <CgroupTree roots={roots} />}
        </>
      )}
    </Panel>
  );
}

export function NamespacesSection(props: InspectionProps) {
  const { pod, source } = props;
  const can = !!source?.capabilities.canInspectNode;
  const q = useNamespaceMatrix(props);
  return (
    <Panel
      title="Namespaces"
      explain={
        <>
          <p>
            Each row is a process of this pod as the node sees it; each column a kind of <b>Linux namespace</b>; each cell the
            namespace&apos;s inode number from <code>/proc/&lt;pid&gt;/ns</code>. <b>Same number, same colour = the same namespace</b>: that
            is literally what “containers in a pod share the network” means.
          </p>
          <p>
            Expect <code>net</code>, <code>ipc</code> and <code>uts</code> shared with pause, a different <code>mnt</code> per container,
            and <code>pid</code> shared only with <code>shareProcessNamespace: true</code>. This is what <code>lsns</code> shows.
          </p>
        </>
      }
      actions={
        can &&
        q.data && (
          <ExportButtons
            what="namespaces"
            fileParts={[pod.metadata.namespace ?? "default", pod.metadata.name ?? "pod"]}
            makeSvg={() => namespaceMatrixSvg(q.data!, exportTitle(pod, source, "Namespaces"))}
          />
        )
      }
    >
      {!can ? (
        <CannotInspect source={source} />
      ) : (
        <>
          <ErrorNote error={q.error} action="Reading namespaces" />
          {q.isLoading && <p className="text-sm text-slate-500">Reading the node…</p>}
          {q.data && <NamespaceMatrix matrix={q.data} />}
        </>
      )}
    </Panel>
  );
}

export function ProcessesSection({ podRef, source, live }: InspectionProps) {
  const can = !!source?.capabilities.canInspectNode;
  const trpc = useTRPC();
  const q = useQuery(
    trpc.inspect.processes.queryOptions(podRef, {
      enabled: can,
      refetchInterval: live ? 2_000 : false,
      retry: false,
    }),
  );
  if (!can) return null;
  return (
    <Panel
      title="Processes"
      explain={
        <>
          <p>
            The pod&apos;s processes with their <b>host</b> PIDs and parents. Each container&apos;s first process is a child of its runtime
            shim, not of pause — unless the pod shares one process namespace (<code>shareProcessNamespace: true</code>): then pause is PID 1
            inside the pod and adopts orphaned processes.
          </p>
          <p>
            A <b>zombie</b> (state Z) is a process that exited but was not waited for by its parent. PID 1 must reap orphans; pause does,
            which is why shared-pid pods do not pile up zombies.
          </p>
        </>
      }
    >
      <ErrorNote error={q.error} action="Reading processes" />
      {q.data && <ProcessTree processes={q.data.processes} />}
    </Panel>
  );
}
