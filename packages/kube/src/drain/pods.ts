// The pods a drain of one node would remove, found as kubectl finds them: LIST with field selector
// spec.nodeName (and --pod-selector), then kubectl's filters with their verbatim messages.
import { isNotFound, type Pod } from "@podscope/core";
import { filterPod, groupMessages, type FilterStatus } from "@podscope/drain";
import type { KubeSource } from "../source";
import type { LiveDrainRequest } from "./types";

export interface PodVerdict {
  pod: Pod;
  key: string;
  status: FilterStatus;
}

export interface PodsForDeletion {
  verdicts: PodVerdict[];
  /** kubectl's grouped errors ("cannot delete …: ns/a, ns/b"): any one refuses the drain. */
  errors: string[];
  warnings: string[];
  /** The pods to evict (or delete), in namespace/name order. */
  toDelete: Pod[];
}

export const podKey = (p: Pod) => `${p.metadata.namespace ?? "default"}/${p.metadata.name}`;

const byKey = (a: Pod, b: Pod) => (podKey(a) < podKey(b) ? -1 : podKey(a) > podKey(b) ? 1 : 0);

export async function listPodsOnNode(kube: KubeSource, req: LiveDrainRequest): Promise<Pod[]> {
  const list = await kube.client.request<{ items: Pod[] }>("GET", "/api/v1/pods", {
    query: { fieldSelector: `spec.nodeName=${req.node}`, labelSelector: req.podSelector || undefined },
    intent: { verb: "list", resource: "pods" },
  });
  return list.items.map((p) => ({ ...p, kind: "Pod", apiVersion: "v1" })).sort(byKey);
}

/** kubectl asks the API whether a pod's DaemonSet still exists (an orphan is treated differently). */
async function daemonSetExists(kube: KubeSource, namespace: string, name: string): Promise<boolean> {
  try {
    await kube.client.request("GET", `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets/${encodeURIComponent(name)}`, {
      intent: { verb: "get", resource: "daemonsets", namespace, name },
    });
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

export async function podsForDeletion(kube: KubeSource, req: LiveDrainRequest, pods: Pod[], now = Date.now()): Promise<PodsForDeletion> {
  const daemonSets = new Map<string, boolean>();
  for (const p of pods) {
    const ref = p.metadata.ownerReferences?.find((r) => r.controller);
    if (ref?.kind !== "DaemonSet") continue;
    const ns = p.metadata.namespace ?? "default";
    const k = `${ns}/${ref.name}`;
    if (!daemonSets.has(k)) daemonSets.set(k, await daemonSetExists(kube, ns, ref.name));
  }
  const ctx = {
    flags: req,
    deletionAgeSeconds: (p: Pod) => (p.metadata.deletionTimestamp ? (now - Date.parse(p.metadata.deletionTimestamp)) / 1000 : undefined),
    daemonSetExists: (ns: string, name: string) => daemonSets.get(`${ns}/${name}`) ?? false,
  };
  const verdicts = pods.map((pod) => ({ pod, key: podKey(pod), status: filterPod(pod, ctx).status }));
  return {
    verdicts,
    errors: groupMessages(verdicts, "error"),
    warnings: groupMessages(verdicts, "warning"),
    toDelete: verdicts.filter((v) => v.status.delete).map((v) => v.pod),
  };
}
