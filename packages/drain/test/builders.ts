// Small builders for snapshots in tests: nodes, Deployments with their ReplicaSet and pods, PDBs.
import type { Node, Pod, PodDisruptionBudget } from "@podscope/core";
import { emptySnapshot, type Snapshot, type Workload } from "../src/index";

export function node(name: string, cpu = "4", extra: Partial<Node> = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    status: { allocatable: { cpu, memory: "8Gi", pods: "110" } },
    ...extra,
  };
}

export function deployment(
  s: Snapshot,
  name: string,
  placement: string[],
  o: { cpu?: string; replicas?: number; annotations?: Record<string, string>; grace?: number } = {},
): string[] {
  const labels = { app: name };
  const spec: Pod["spec"] = {
    containers: [{ name: "c", resources: { requests: { cpu: o.cpu ?? "100m" } } }],
    ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}),
  };
  const replicas = o.replicas ?? placement.length;
  s.deployments.push({ kind: "Deployment", metadata: { name, namespace: "default" }, spec: { replicas } } as Workload);
  s.replicaSets.push({
    kind: "ReplicaSet",
    metadata: {
      name: `${name}-rs`,
      namespace: "default",
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name, uid: `d-${name}`, controller: true }],
    },
    spec: { replicas, template: { metadata: { labels, annotations: o.annotations }, spec } },
  } as Workload);
  return placement.map((n, i) => {
    const p: Pod = {
      kind: "Pod",
      metadata: {
        name: `${name}-rs-${i}`,
        namespace: "default",
        uid: `${name}-${i}`,
        labels,
        annotations: o.annotations,
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${name}-rs`, uid: `r-${name}`, controller: true }],
      },
      spec: { ...spec, nodeName: n },
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
    };
    s.pods.push(p);
    return `default/${p.metadata.name}`;
  });
}

export function pdb(s: Snapshot, name: string, spec: Partial<PodDisruptionBudget["spec"]>): void {
  s.pdbs.push({
    kind: "PodDisruptionBudget",
    metadata: { name, namespace: "default", generation: 1 },
    spec: { selector: { matchLabels: { app: name } }, ...spec },
  });
}

export function cluster(nodes: string[] = ["n1", "n2", "n3"], cpu = "4"): Snapshot {
  const s = emptySnapshot();
  for (const n of nodes) s.nodes.push(node(n, cpu));
  return s;
}

export const NOW = { now: "2026-01-01T12:00:00Z" };
