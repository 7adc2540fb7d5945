// What a page that shows pods by name but not their state needs, computed where the pods are (the server): each
// node's pod count with the first few names, and which of a handful of pods still exist. The Overview asked for
// every pod to draw this — 30,000 pods were 8 MB of rows (18 MB of Pods before) for a few hundred names.
import type { Pod } from "./types";

/** A pod named as links name it; uid "" when the pod has none. */
export interface NamedPod {
  namespace: string;
  name: string;
  uid: string;
}

export interface NodePods {
  node: string;
  /** Every pod bound to the node, whatever its phase. */
  count: number;
  /** The first `sample` of them, in the source's order. */
  pods: NamedPod[];
}

export const podRefOf = (p: Pod): NamedPod => ({
  namespace: p.metadata.namespace ?? "default",
  name: p.metadata.name ?? "",
  uid: p.metadata.uid ?? "",
});

/** Pods per node (bound ones only: a pod without spec.nodeName is on no node yet), at most `sample` named each. */
export function podsByNode(pods: readonly Pod[], sample = 20): NodePods[] {
  const by = new Map<string, NodePods>();
  for (const p of pods) {
    const node = p.spec.nodeName;
    if (!node) continue;
    let n = by.get(node);
    if (!n) by.set(node, (n = { node, count: 0, pods: [] }));
    n.count++;
    if (n.pods.length < sample) n.pods.push(podRefOf(p));
  }
  return [...by.values()];
}

/**
 * Which of `wanted` exist among `pods`: a ref with a uid names that incarnation, one without names whatever pod has
 * that namespace and name (as an event's involvedObject does). Answers the existing pods' refs.
 */
export function existingPods(pods: readonly Pod[], wanted: readonly { namespace: string; name: string; uid?: string }[]): NamedPod[] {
  const byUid = new Set(wanted.flatMap((w) => (w.uid ? [w.uid] : [])));
  const byName = new Set(wanted.filter((w) => !w.uid).map((w) => `${w.namespace}/${w.name}`));
  const out: NamedPod[] = [];
  for (const p of pods) {
    const r = podRefOf(p);
    if ((r.uid && byUid.has(r.uid)) || byName.has(`${r.namespace}/${r.name}`)) out.push(r);
  }
  return out;
}
