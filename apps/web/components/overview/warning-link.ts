// Where a recent warning's object links: its pod page while the pod lives, the deleted pod's recorded history
// (`?uid=`) once it is gone and the source keeps history, and nowhere when neither exists — a link to a pod that
// is gone would only open "not found".
import type { KubeEvent, Pod, PodListRow } from "@podscope/core";

export interface WarningTarget {
  label: string;
  href: string | null;
  gone: boolean;
}

/** What identifies a live pod: its list row is enough (the Overview no longer loads full Pods). */
export type LivePod = Pick<PodListRow, "uid" | "namespace" | "name">;

const sameRow = (p: LivePod, uid: string | undefined, ns: string, name: string) =>
  uid ? p.uid === uid : p.namespace === ns && p.name === name;
const same = (p: Pod, uid: string | undefined, ns: string, name: string) =>
  sameRow({ uid: p.metadata.uid ?? "", namespace: p.metadata.namespace ?? "default", name: p.metadata.name ?? "" }, uid, ns, name);

/** `live` undefined: the pod list has not loaded, so the link is kept as it was. */
export function warningTarget(e: KubeEvent, live: LivePod[] | undefined, deleted: { pod: Pod }[] | undefined): WarningTarget {
  const o = e.involvedObject;
  const ns = o.namespace ?? "default",
    name = o.name ?? "";
  const label = o.namespace ? `${o.namespace}/${name}` : `${o.kind?.toLowerCase() ?? "object"}/${name}`;
  if (o.kind && o.kind !== "Pod") return { label, href: o.kind === "Node" ? `/nodes/${encodeURIComponent(name)}` : null, gone: false };
  const path = `/pods/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;
  if (!live || live.some((p) => sameRow(p, o.uid, ns, name))) return { label, href: path, gone: false };
  const gone = deleted?.find((d) => same(d.pod, o.uid, ns, name));
  return gone?.pod.metadata.uid
    ? { label, href: `${path}?uid=${encodeURIComponent(gone.pod.metadata.uid)}`, gone: true }
    : { label, href: null, gone: true };
}
