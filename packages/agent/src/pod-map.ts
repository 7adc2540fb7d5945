// The node's pods as the runtime knows them: the agent holds no API-server credentials, so the pod map
// comes from the labels kubelet writes on CRI sandboxes and containers (io.kubernetes.pod.*, container.name).
import type { PodMapEntry } from "@podscope/inspect";
import { SANDBOX_CONTAINER } from "@podscope/inspect";
import { CONTAINER_NAME_LABEL, POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, type CRI } from "@podscope/runtime";
import type { ReadOnlyCri } from "./cri";

/** One pod incarnation (one uid) with its sandboxes, the one to show first. */
export interface CriPod {
  entry: PodMapEntry;
  /** The pod's sandboxes, the current one (ready, newest) first. */
  sandboxes: CRI.PodSandbox[];
  containers: CRI.Container[];
}

const ready = (s: CRI.PodSandbox) => s.state === "SANDBOX_READY";
/** Ready before not ready, then newest first: the kubelet's current sandbox of a pod leads. */
const bySandboxPreference = (a: CRI.PodSandbox, b: CRI.PodSandbox) => Number(ready(b)) - Number(ready(a)) || b.created_at - a.created_at;

/**
 * Groups sandboxes by pod uid, in order of preference: pods with a ready sandbox first, then the newest.
 * A sandbox without the kubelet's labels (not a Kubernetes pod) is left out. Older sandboxes of the same pod
 * (the kubelet replaced a dead one) are listed as "POD" containers, so their cgroups, while they linger, are
 * named as sandboxes rather than as unknown containers.
 */
export function podsFromCri(sandboxes: CRI.PodSandbox[], containers: CRI.Container[]): CriPod[] {
  const byUid = new Map<string, CRI.PodSandbox[]>();
  for (const sb of sandboxes) {
    const uid = sb.labels?.[POD_UID_LABEL] || sb.metadata?.uid;
    const name = sb.labels?.[POD_NAME_LABEL] || sb.metadata?.name;
    if (!uid || !name) continue;
    byUid.set(uid, [...(byUid.get(uid) ?? []), sb]);
  }
  const containersOf = new Map<string, CRI.Container[]>();
  for (const c of containers) containersOf.set(c.pod_sandbox_id, [...(containersOf.get(c.pod_sandbox_id) ?? []), c]);
  const pods = [...byUid.entries()].map(([uid, sbs]): CriPod => {
    const ordered = [...sbs].sort(bySandboxPreference);
    const [current, ...older] = ordered;
    const own = ordered.flatMap((sb) => containersOf.get(sb.id) ?? []);
    return {
      entry: {
        uid,
        namespace: current.labels?.[POD_NAMESPACE_LABEL] || current.metadata?.namespace || "default",
        name: current.labels?.[POD_NAME_LABEL] || current.metadata?.name || "",
        sandboxId: current.id,
        containers: [
          ...own.map((c) => ({ id: c.id, name: c.labels?.[CONTAINER_NAME_LABEL] || c.metadata?.name || "" })),
          ...older.map((sb) => ({ id: sb.id, name: SANDBOX_CONTAINER })),
        ],
      },
      sandboxes: ordered,
      containers: own,
    };
  });
  return pods.sort((a, b) => bySandboxPreference(a.sandboxes[0], b.sandboxes[0]));
}

/** The node's pods, read now from the runtime (two list calls). */
export async function readCriPods(cri: ReadOnlyCri): Promise<CriPod[]> {
  const [sandboxes, containers] = await Promise.all([cri.listPodSandbox(), cri.listContainers()]);
  return podsFromCri(sandboxes, containers);
}

/** The pods named namespace/name, preferred first; with `uid` only that incarnation. */
export function findCriPods(pods: CriPod[], ref: { namespace: string; name: string; uid?: string }): CriPod[] {
  return pods.filter((p) => p.entry.namespace === ref.namespace && p.entry.name === ref.name && (!ref.uid || p.entry.uid === ref.uid));
}
