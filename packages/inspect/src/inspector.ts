// The node inspector a source exposes (packages/api's NodeInspector: cgroups, namespaces,
// processes by pod namespace/name), built on this package. The source supplies the pod map, since
// only it knows which pods run here and their sandbox and container IDs.
import type { PodInspectOptions } from "./pod";
import { readKubepodsTree, readPodCgroupTree, readPodNamespaces, readPodProcessTree } from "./pod";
import type { LsnsJson } from "./namespaces";
import type { ProcessNode } from "./process-tree";
import type { CgroupNode, PodMapEntry } from "./types";

/** A pod the pod map does not know. `code` matches the Kubernetes reason, so an API layer can map it to a 404. */
export class PodNotFoundError extends Error {
  override name = "PodNotFoundError";
  readonly code = "NotFound";
  constructor(
    readonly namespace: string,
    readonly podName: string,
  ) {
    super(`pods "${podName}" not found in namespace "${namespace}" on this node`);
  }
}

export interface PodProcessesJson {
  pod: string;
  namespace: string;
  uid: string;
  /** Process forest: roots are processes whose parent is outside the pod (the runtime's shim). */
  processes: ProcessNode[];
}

export interface NodeInspector {
  /**
   * One pod's cgroup tree, or without a pod a node's whole kubepods tree: `node` names which one where the
   * source has several (a cluster); a single node's inspector has only its own.
   */
  cgroups(pod?: { namespace: string; name: string }, opts?: { node?: string }): Promise<CgroupNode>;
  namespaces(pod: { namespace: string; name: string }): Promise<LsnsJson>;
  processes(pod: { namespace: string; name: string }): Promise<PodProcessesJson>;
}

export function createNodeInspector(podMap: () => PodMapEntry[] | Promise<PodMapEntry[]>, opts: PodInspectOptions = {}): NodeInspector {
  const lookup = async (ref: { namespace: string; name: string }) => {
    if (!ref || typeof ref.namespace !== "string" || typeof ref.name !== "string")
      throw new TypeError("pod reference needs namespace and name strings");
    const map = await podMap();
    const entry = map.find((p) => p.namespace === ref.namespace && p.name === ref.name);
    if (!entry) throw new PodNotFoundError(ref.namespace, ref.name);
    return { entry, map };
  };
  return {
    async cgroups(ref) {
      if (!ref) return readKubepodsTree(await podMap(), opts);
      const { entry } = await lookup(ref);
      return readPodCgroupTree(entry, opts);
    },
    async namespaces(ref) {
      const { entry } = await lookup(ref);
      return (await readPodNamespaces(entry, opts)).json;
    },
    async processes(ref) {
      const { entry } = await lookup(ref);
      return { pod: entry.name, namespace: entry.namespace, uid: entry.uid, processes: await readPodProcessTree(entry, opts) };
    },
  };
}
