// `podscope cgls [POD] [--node NODE] [-o json]` — the pod's cgroup tree as systemd-cgls prints it; without POD the
// node's whole kubepods tree (a cluster has many nodes: --node names one, read by the podscope agent on it).
import { cgroupTreeJson, formatCgls, type CgroupNode } from "@podscope/inspect";
import { outputFormat, parse, sourceOf } from "../flags";
import { asJson, out } from "../print";
import { withClient } from "../run";

export async function cgls(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, { node: { type: "string" } });
    const fmt = outputFormat(values, ["json"]);
    const name = positionals[0]?.replace(/^pods?\//, "");
    const tree = (await c.inspect.cgroups.query({
      source: sourceOf(values),
      namespace: name ? ((values.namespace as string | undefined) ?? "default") : undefined,
      name,
      node: values.node as string | undefined,
    })) as CgroupNode;
    out(fmt === "json" ? asJson(cgroupTreeJson(tree)) : formatCgls(tree));
    return 0;
  });
}
