// Write actions on a cluster: server-side apply, pod deletion, eviction (incl. server-side
// dry run) and cordon/uncordon. Each returns the server's answer as plain JSON or throws a
// readable KubeError (403 with user and namespace, 429 with the PDB message, …).
import { badRequest, type KubeObject, type Node, type Pod } from "@podscope/core";
import type { KubeClient } from "./client";
import { objectPath, RESOURCES, resourceForKind } from "./resources";

export const FIELD_MANAGER = "podscope";

/** Server-side apply of one object (Pod, Deployment, PDB, … any kind in RESOURCES). */
export async function applyObject<T extends KubeObject = KubeObject>(
  client: KubeClient,
  obj: KubeObject,
  opts: { namespace?: string; force?: boolean; dryRun?: boolean } = {},
): Promise<T> {
  if (!obj || typeof obj !== "object" || !obj.metadata || typeof obj.metadata !== "object") {
    throw badRequest("cannot apply: the object has no metadata");
  }
  const r = resourceForKind(obj.apiVersion, obj.kind);
  if (!r)
    throw badRequest(`cannot apply ${obj.apiVersion ?? "(no apiVersion)"}/${obj.kind ?? "(no kind)"}: podscope does not know this kind`);
  const name = obj.metadata.name;
  if (!name) throw badRequest(`cannot apply ${obj.kind}: metadata.name is required for server-side apply`);
  const namespace = r.namespaced ? (obj.metadata.namespace ?? opts.namespace ?? client.defaultNamespace) : undefined;
  const body = r.namespaced ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj;
  return client.request<T>("PATCH", objectPath(r, name, namespace), {
    query: { fieldManager: FIELD_MANAGER, force: opts.force ?? true, dryRun: opts.dryRun ? "All" : undefined },
    body,
    contentType: "application/apply-patch+yaml", // JSON is YAML, so the object goes as JSON
    intent: { verb: "patch", resource: r.plural, namespace, name },
  });
}

export async function deletePod(
  client: KubeClient,
  namespace: string,
  name: string,
  opts: { gracePeriodSeconds?: number; dryRun?: boolean } = {},
): Promise<Pod> {
  return client.request<Pod>("DELETE", objectPath(RESOURCES.pods, name, namespace), {
    body: {
      apiVersion: "v1",
      kind: "DeleteOptions",
      gracePeriodSeconds: opts.gracePeriodSeconds,
      dryRun: opts.dryRun ? ["All"] : undefined,
    },
    intent: { verb: "delete", resource: "pods", namespace, name },
  });
}

export interface EvictOptions {
  /** Server-side dry run: the API server checks PDBs and RBAC but evicts nothing. */
  dryRun?: boolean;
  gracePeriodSeconds?: number;
}

/**
 * policy/v1 Eviction. Succeeds (201, a Status "Success") or throws a KubeError; a PDB that
 * allows no disruption is reason TooManyRequests (429) with the server's message.
 */
export async function evictPod(client: KubeClient, namespace: string, name: string, opts: EvictOptions = {}): Promise<unknown> {
  const body = {
    apiVersion: "policy/v1",
    kind: "Eviction",
    metadata: { name, namespace },
    deleteOptions: { gracePeriodSeconds: opts.gracePeriodSeconds, dryRun: opts.dryRun ? ["All"] : undefined },
  };
  return client.request("POST", `${objectPath(RESOURCES.pods, name, namespace)}/eviction`, {
    query: { dryRun: opts.dryRun ? "All" : undefined },
    body,
    intent: { verb: "create", resource: "pods/eviction", namespace, name },
  });
}

async function setUnschedulable(client: KubeClient, node: string, unschedulable: boolean): Promise<Node> {
  return client.request<Node>("PATCH", objectPath(RESOURCES.nodes, node), {
    body: { spec: { unschedulable: unschedulable ? true : null } },
    contentType: "application/strategic-merge-patch+json",
    intent: { verb: "patch", resource: "nodes", name: node },
  });
}

/** Mark a node unschedulable, as `kubectl cordon` does. */
export const cordonNode = (client: KubeClient, node: string) => setUnschedulable(client, node, true);
/** Make a node schedulable again, as `kubectl uncordon` does. */
export const uncordonNode = (client: KubeClient, node: string) => setUnschedulable(client, node, false);
