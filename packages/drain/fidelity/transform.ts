// A scenario made safe to run on a shared control plane: its own node names, namespaces, a private NoSchedule
// taint on its nodes that only its pods tolerate, and a nodeSelector keeping its pods on its nodes. Objects the
// real controllers would fight over are reduced: Deployments are left out (their ReplicaSets stand alone) and
// ownerReferences are filled in with the real UIDs at creation time.
import type { KubeObject, Node, Pod } from "@podscope/core";
import type { Snapshot } from "../src/index";

export const FIDELITY_LABEL = "podscope.dev/fidelity";

export interface Names {
  id: string;
  node: (n: string) => string;
  ns: (n: string) => string;
  unNode: (s: string) => string;
  unNs: (s: string) => string;
}

export function names(id: string, snapshot: Snapshot): Names {
  const nodes = snapshot.nodes.map((n) => n.metadata.name!);
  const nss = [...new Set([...snapshot.pods, ...snapshot.pdbs, ...snapshot.replicaSets].map((o) => o.metadata.namespace ?? "default"))];
  const node = (n: string) => `${id}-${n}`;
  const ns = (n: string) => `${id}-${n}`;
  // Undo the renaming in kubectl's text, longest names first.
  const unNode = (s: string) =>
    nodes
      .slice()
      .sort((a, b) => b.length - a.length)
      .reduce((acc, n) => acc.split(node(n)).join(n), s);
  const unNs = (s: string) =>
    nss
      .slice()
      .sort((a, b) => b.length - a.length)
      .reduce(
        (acc, n) =>
          acc
            .split(`${ns(n)}/`)
            .join(`${n}/`)
            .split(`"${ns(n)}"`)
            .join(`"${n}"`),
        s,
      );
  return { id, node, ns, unNode, unNs };
}

/**
 * KWOK runs no containers: its pods are Ready as soon as they are bound, run no hooks and are removed as soon as
 * they are terminating. The simulator is told so with its timing annotations (see timing.ts).
 */
export const KWOK_TIMING = {
  "drain.podscope.dev/ready-after-seconds": "0.1",
  "drain.podscope.dev/prestop-seconds": "0",
  "drain.podscope.dev/exit-after-sigterm-seconds": "0",
};

const toleration = (id: string) => ({ key: FIDELITY_LABEL, operator: "Equal", value: id, effect: "NoSchedule" });

function podSpecFor(spec: Pod["spec"], id: string, nm: Names): Pod["spec"] {
  const out: Pod["spec"] = {
    ...spec,
    nodeSelector: { ...(spec.nodeSelector ?? {}), [FIDELITY_LABEL]: id },
    tolerations: [...(spec.tolerations ?? []), toleration(id) as never],
  };
  if (out.nodeName) out.nodeName = nm.node(out.nodeName);
  return out;
}

function meta(o: KubeObject, id: string, nm: Names): KubeObject["metadata"] {
  const m: KubeObject["metadata"] = {
    name: o.metadata.name,
    labels: { ...(o.metadata.labels ?? {}) },
    annotations: { ...(o.metadata.annotations ?? {}), ...KWOK_TIMING },
  };
  if (o.metadata.namespace) m.namespace = nm.ns(o.metadata.namespace);
  m.labels![FIDELITY_LABEL] = id;
  return m;
}

export interface Plan {
  namespaces: string[];
  nodes: Node[];
  replicaSets: KubeObject[];
  pods: Pod[];
  pdbs: KubeObject[];
}

export function plan(snapshot: Snapshot, nm: Names): Plan {
  const id = nm.id;
  const nodes: Node[] = snapshot.nodes.map((n) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: nm.node(n.metadata.name!),
      annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: {
        ...(n.metadata.labels ?? {}),
        "kubernetes.io/hostname": nm.node(n.metadata.name!),
        type: "kwok-fidelity",
        [FIDELITY_LABEL]: id,
      },
    },
    spec: {
      taints: [...(n.spec?.taints ?? []), { key: FIDELITY_LABEL, value: id, effect: "NoSchedule" }],
      ...(n.spec?.unschedulable ? { unschedulable: true } : {}),
    },
    status: { allocatable: n.status?.allocatable, capacity: n.status?.allocatable },
  }));
  const replicaSets = snapshot.replicaSets.map((rs) => ({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: meta(rs, id, nm),
    spec: {
      ...rs.spec,
      template: {
        ...rs.spec!.template,
        metadata: {
          ...(rs.spec!.template!.metadata ?? {}),
          labels: { ...(rs.spec!.template!.metadata?.labels ?? {}), [FIDELITY_LABEL]: id },
          annotations: { ...(rs.spec!.template!.metadata?.annotations ?? {}), ...KWOK_TIMING },
        },
        spec: podSpecFor(rs.spec!.template!.spec!, id, nm),
      },
    },
  }));
  const pods: Pod[] = snapshot.pods.map((p) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...meta(p, id, nm), ownerReferences: p.metadata.ownerReferences?.map((r) => ({ ...r })) },
    spec: podSpecFor(p.spec, id, nm),
  }));
  const pdbs = snapshot.pdbs.map((d) => ({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(d, id, nm),
    spec: d.spec,
  }));
  const namespaces = [...new Set([...pods, ...pdbs, ...replicaSets].map((o) => o.metadata.namespace!))];
  return { namespaces, nodes, replicaSets, pods, pdbs };
}
