// The resources a KubeSource lists and watches, with their API paths.

export type ResourceName =
  | "pods"
  | "nodes"
  | "events"
  | "events.k8s.io"
  | "poddisruptionbudgets"
  | "replicasets"
  | "deployments"
  | "daemonsets"
  | "statefulsets"
  | "jobs"
  | "priorityclasses"
  | "namespaces";

export interface ResourceDef {
  name: ResourceName;
  group: string; // "" = core
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const def = (name: ResourceName, group: string, version: string, plural: string, kind: string, namespaced: boolean): ResourceDef => ({
  name,
  group,
  version,
  plural,
  kind,
  namespaced,
});

export const RESOURCES: Record<ResourceName, ResourceDef> = {
  pods: def("pods", "", "v1", "pods", "Pod", true),
  nodes: def("nodes", "", "v1", "nodes", "Node", false),
  events: def("events", "", "v1", "events", "Event", true),
  "events.k8s.io": def("events.k8s.io", "events.k8s.io", "v1", "events", "Event", true),
  poddisruptionbudgets: def("poddisruptionbudgets", "policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true),
  replicasets: def("replicasets", "apps", "v1", "replicasets", "ReplicaSet", true),
  deployments: def("deployments", "apps", "v1", "deployments", "Deployment", true),
  daemonsets: def("daemonsets", "apps", "v1", "daemonsets", "DaemonSet", true),
  statefulsets: def("statefulsets", "apps", "v1", "statefulsets", "StatefulSet", true),
  jobs: def("jobs", "batch", "v1", "jobs", "Job", true),
  priorityclasses: def("priorityclasses", "scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false),
  namespaces: def("namespaces", "", "v1", "namespaces", "Namespace", false),
};

/**
 * The items of a LIST (and of a watch cache) carry no kind/apiVersion: they are put back from the resource, since
 * the drain simulator's snapshot reader and a client showing objects as the API defines them both need them.
 */
export function withTypeMeta<T extends object>(resource: ResourceName, items: readonly T[]): (T & { kind: string; apiVersion: string })[] {
  const r = RESOURCES[resource];
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  return items.map((o) => ({ ...o, kind: r.kind, apiVersion }));
}

/** What a KubeSource watches unless told otherwise (events.k8s.io/v1 duplicates core/v1 events). */
export const DEFAULT_RESOURCES: ResourceName[] = [
  "pods",
  "nodes",
  "events",
  "poddisruptionbudgets",
  "replicasets",
  "deployments",
  "daemonsets",
  "statefulsets",
  "jobs",
  "priorityclasses",
];

/** Collection path, e.g. /api/v1/namespaces/ns/pods or /apis/apps/v1/deployments. */
export function collectionPath(r: ResourceDef, namespace?: string): string {
  const base = r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${r.plural}`;
}

export function objectPath(r: ResourceDef, name: string, namespace?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
}

export function resourceForKind(apiVersion: string | undefined, kind: string | undefined): ResourceDef | undefined {
  const [group, version] = (apiVersion ?? "").includes("/") ? (apiVersion as string).split("/") : ["", apiVersion ?? ""];
  return Object.values(RESOURCES).find((r) => r.kind === kind && r.group === group && r.version === version);
}
