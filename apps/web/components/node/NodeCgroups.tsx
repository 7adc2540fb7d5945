"use client";
// The node's kubepods tree with what each cgroup uses (memory against its limit, cpu, pids, pressure): every pod of
// the node as the kernel accounts for it — what `systemd-cgls /kubepods` shows on the machine. The local node reads
// its own cgroupfs; a cluster node's podscope agent answers through the API server. When it cannot (no agent on
// the node, RBAC, the agent not answering), the panel says why and the rest of the node page stays.
import { asRoots, CgroupTree, cgroupTreeSvg, walkCgroups } from "@podscope/ui";
import { useQuery } from "@tanstack/react-query";
import { ErrorNote } from "@/components/ErrorNote";
import { ExportButtons } from "@/components/ExportButtons";
import { Panel } from "@/components/Panel";
import type { SourceInfo } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";

export function NodeCgroups({ node, source, live }: { node: string; source: SourceInfo; live: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.inspect.cgroups.queryOptions({ source: source.id, node }, { refetchInterval: live ? 5_000 : false, retry: false }),
  );
  const roots = asRoots(q.data);
  const pods = [...walkCgroups(roots)].filter((n) => n.kind === "pod").length;
  return (
    <Panel
      title="Cgroup tree (kubepods)"
      explain={
        <p>
          Every pod of this node as the kernel accounts for it: <code>kubepods</code>, a branch per QoS class, a <code>pod&lt;uid&gt;</code>{" "}
          cgroup per pod and one per container (and the pause sandbox) — with each cgroup&apos;s memory against its limit, cpu and pids.
          Requests and limits above are what was promised; this is what is used.
        </p>
      }
      actions={
        roots.length > 0 && (
          <ExportButtons
            what="cgroups"
            fileParts={["node", node]}
            makeSvg={() =>
              cgroupTreeSvg(roots, {
                title: `Cgroup tree — node ${node}`,
                subtitle: `source ${source.name} · taken ${new Date().toISOString()}${roots[0] ? ` · ${roots[0].path}` : ""}`,
              })
            }
          />
        )
      }
    >
      <ErrorNote error={q.error} action="Reading the node's cgroups" />
      {q.isLoading && <p className="text-sm text-slate-500">Reading the node…</p>}
      {roots.length > 0 && (
        <p className="mb-1 font-mono text-xs text-slate-500 dark:text-slate-400" data-testid="node-cgroup-summary">
          {roots[0].path}
          {roots[0].hierarchy ? ` (${roots[0].hierarchy} hierarchy)` : ""} · {pods} pod cgroup{pods === 1 ? "" : "s"}
        </p>
      )}
      {q.data !== undefined && <CgroupTree roots={roots} hideProcesses={pods > 20} />}
    </Panel>
  );
}
