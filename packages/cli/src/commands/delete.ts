// `podscope delete pod NAME [--grace-period N]`.
import { parse, sourceOf, UsageError } from "../flags";
import { out } from "../print";
import { withClient } from "../run";

export async function del(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, { "grace-period": { type: "string" } });
    const [kind, ...names] = positionals;
    if (!kind || !["pod", "pods", "po"].includes(kind)) throw new UsageError(`only pods can be deleted: podscope delete pod NAME`);
    if (!names.length) throw new UsageError(`resource(s) were provided, but no name was specified`);
    const g = values["grace-period"] as string | undefined;
    let grace: number | undefined;
    if (g !== undefined) {
      grace = Number(g);
      if (!Number.isInteger(grace)) throw new UsageError(`invalid argument "${g}" for "--grace-period" flag: must be an integer`);
      if (grace < 0) grace = undefined; // -1 (kubectl's default) means the pod's own grace period
    }
    const namespace = (values.namespace as string | undefined) ?? "default";
    for (const name of names) {
      await c.pods.delete.mutate({ source: sourceOf(values), namespace, name, gracePeriodSeconds: grace });
      out(`pod "${name}" deleted`);
    }
    return 0;
  });
}
