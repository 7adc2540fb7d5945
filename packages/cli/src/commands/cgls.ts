// `podscope cgls [POD] [-o json]` — the pod's cgroup tree as systemd-cgls prints it (all kubepods without POD).
import { cgroupTreeJson, formatCgls, type CgroupNode } from "@podscope/inspect";
import { outputFormat, parse, sourceOf } from "../flags";
import { asJson, out } from "../print";
import { withClient } from "../run";

export async function cgls(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {});
    const fmt = outputFormat(values, ["json"]);
    const name = positionals[0]?.replace(/^pods?\//, "");
    const tree = (await c.inspect.cgroups.query({
      source: sourceOf(values),
      namespace: name ? ((values.namespace as string | undefined) ?? "default") : undefined,
      name,
    })) as CgroupNode;
    out(fmt === "json" ? asJson(cgroupTreeJson(tree)) : formatCgls(tree));
    return 0;
  });
}
