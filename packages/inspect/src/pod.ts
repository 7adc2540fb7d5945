// One pod at a time, composed from the pieces: what the API and the CLI (`cgls`, `lsns`, process
// tree) call with an entry of the pod map.
import type { HostOptions } from "./host";
import { readCommand } from "./host";
import { CgroupNotFoundError, readCgroupTree } from "./cgroup-tree";
import { classifyCgroupPath, indexPodMap } from "./classify";
import type { PodCgroup } from "./find";
import { findKubepodsCgroups, findPodCgroups, processesInCgroups } from "./find";
import type { LsnsJson, NamespaceEntry, NamespaceMatrix } from "./namespaces";
import { lsnsJson, namespaceMatrix, ProcessNotFoundError, readHostNamespaces, readProcessNamespaces } from "./namespaces";
import type { ProcessNode } from "./process-tree";
import { readProcessTree } from "./process-tree";
import type { CgroupNode, PodMapEntry } from "./types";

export type PodInspectOptions = HostOptions & { cgroupRoot?: string };

/** The pod's one cgroup; a clear error when there is none (pod not on this node, or already cleaned up). */
export async function podCgroup(pod: PodMapEntry, opts: PodInspectOptions = {}): Promise<PodCgroup> {
  const found = await findPodCgroups(pod.uid, opts);
  if (found.length === 0) {
    throw new CgroupNotFoundError(
      `no cgroup for pod ${pod.namespace}/${pod.name} (uid ${pod.uid}) under any QoS class, cgroupfs or systemd naming`,
      `pod${pod.uid}`,
    );
  }
  return found[0];
}

export async function readPodCgroupTree(pod: PodMapEntry, opts: PodInspectOptions = {}): Promise<CgroupNode> {
  const cg = await podCgroup(pod, opts);
  return readCgroupTree({ ...opts, root: cg.path, podMap: [pod] });
}

/**
 * The node's whole kubepods tree, annotated from the pod map. Throws CgroupNotFoundError when the
 * node has no kubepods cgroup (no pod ever ran, or the runtime cleaned up); the cgroupfs naming
 * wins when both exist.
 */
export async function readKubepodsTree(podMap: PodMapEntry[], opts: PodInspectOptions = {}): Promise<CgroupNode> {
  const [root] = await findKubepodsCgroups(opts);
  if (!root)
    throw new CgroupNotFoundError(
      `no kubepods cgroup on this node (looked for kubepods and kubepods.slice under ${opts.cgroupRoot ?? "/"})`,
      "/kubepods",
    );
  return readCgroupTree({ ...opts, root: root.path, podMap });
}

/** Every process of the pod with the container it belongs to ("POD" for the sandbox, "" for the pod cgroup itself). */
export async function podProcesses(
  pod: PodMapEntry,
  opts: PodInspectOptions = {},
): Promise<{ pid: number; container: string; cgroup: string }[]> {
  const cg = await podCgroup(pod, opts);
  const index = indexPodMap([pod]);
  const members = await processesInCgroups([cg.path], { ...opts, recursive: true });
  return members.map((m) => {
    const c = classifyCgroupPath(m.cgroup, index);
    return { pid: m.pid, cgroup: m.cgroup, container: c.container ?? (c.containerId ? c.containerId.slice(0, 13) : "") };
  });
}

/** Namespaces of every process of the pod and which it shares with the sandbox. */
export async function readPodNamespaces(
  pod: PodMapEntry,
  opts: PodInspectOptions = {},
): Promise<{ matrix: NamespaceMatrix; json: LsnsJson }> {
  const procs = await podProcesses(pod, opts);
  const entries = (
    await Promise.all(
      procs.map(async (p): Promise<NamespaceEntry | null> => {
        const [cmd, ns] = await Promise.all([
          readCommand(p.pid, opts),
          readProcessNamespaces(p.pid, opts).catch((e) => (e instanceof ProcessNotFoundError ? null : Promise.reject(e))),
        ]);
        if (!cmd || !ns) return null; // exited while we looked
        return { container: p.container, pid: p.pid, command: cmd.command, namespaces: ns };
      }),
    )
  ).filter((e): e is NamespaceEntry => e !== null);
  // PID 1's namespaces are the host's: what the pod shares with them is not the sandbox's doing.
  const host = await readHostNamespaces(opts);
  const matrix = namespaceMatrix(entries, { host });
  return { matrix, json: lsnsJson(pod, matrix) };
}

/** The pod's process tree, each process labelled with its container; zombies included. */
export async function readPodProcessTree(pod: PodMapEntry, opts: PodInspectOptions = {}): Promise<ProcessNode[]> {
  const procs = await podProcesses(pod, opts);
  const byPid = new Map(procs.map((p) => [p.pid, p.container]));
  const roots = await readProcessTree(
    procs.map((p) => p.pid),
    opts,
  );
  const label = (n: ProcessNode, inherited?: string) => {
    const c = byPid.get(n.pid) ?? inherited;
    if (c !== undefined) n.container = c;
    n.children.forEach((k) => label(k, c));
  };
  roots.forEach((r) => label(r));
  return roots;
}
