// The benchmark's cluster: 1,000 nodes, 3,000 Deployments of 10 replicas (30,000 pods, 30 per node), a PDB
// (maxUnavailable 1) on every other Deployment. Shared by the timing benchmark and the determinism dump.
import type { Pod } from "@podscope/core";
import { emptySnapshot, type Snapshot, type Workload } from "../../src/index";

const NODES = 1000,
  DEPLOYMENTS = 3000,
  REPLICAS = 10; // 30,000 pods, 30 per node

export function bigCluster(): Snapshot {
  const s = emptySnapshot();
  for (let i = 0; i < NODES; i++) {
    s.nodes.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `node-${i}`, labels: { "kubernetes.io/hostname": `node-${i}`, "topology.kubernetes.io/zone": `zone-${i % 3}` } },
      status: { allocatable: { cpu: "32", memory: "128Gi", pods: "110" } },
    });
  }
  let p = 0;
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const ns = `team-${d % 50}`,
      name = `app-${d}`,
      labels = { app: name };
    const spec: Pod["spec"] = { containers: [{ name: "c", image: "img", resources: { requests: { cpu: "250m", memory: "512Mi" } } }] };
    s.deployments.push({ kind: "Deployment", metadata: { name, namespace: ns }, spec: { replicas: REPLICAS } } as Workload);
    s.replicaSets.push({
      kind: "ReplicaSet",
      metadata: {
        name: `${name}-rs`,
        namespace: ns,
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name, uid: `d${d}`, controller: true }],
      },
      spec: { replicas: REPLICAS, template: { metadata: { labels }, spec } },
    } as Workload);
    if (d % 2 === 0)
      s.pdbs.push({
        kind: "PodDisruptionBudget",
        metadata: { name, namespace: ns, generation: 1 },
        spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
      });
    for (let r = 0; r < REPLICAS; r++, p++) {
      s.pods.push({
        kind: "Pod",
        metadata: {
          name: `${name}-rs-${r}`,
          namespace: ns,
          uid: `u${p}`,
          labels,
          ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${name}-rs`, uid: `r${d}`, controller: true }],
        },
        spec: { ...spec, nodeName: `node-${p % NODES}` },
        status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
      });
    }
  }
  return s;
}
