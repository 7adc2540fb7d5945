// Reading the node a drain is about, with kubectl's words when it does not exist.
import { isNotFound, KubeError, type Node } from "@podscope/core";
import type { KubeSource } from "../source";

export async function getNode(kube: KubeSource, name: string): Promise<Node> {
  try {
    return await kube.client.request<Node>("GET", `/api/v1/nodes/${encodeURIComponent(name)}`, {
      intent: { verb: "get", resource: "nodes", name },
    });
  } catch (e) {
    if (isNotFound(e))
      throw new KubeError("NotFound", `Error from server (NotFound): nodes "${name}" not found`, { context: e.context, status: e.status });
    throw e;
  }
}
