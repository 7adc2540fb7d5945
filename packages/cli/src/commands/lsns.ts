// `podscope lsns POD [-o json]` — every process of the pod with its namespaces, and which of them it
// shares with the sandbox (pause): lsns's listing, then the same as a matrix.
import { formatLsns, formatNamespaceMatrix, namespaceMatrix, type LsnsJson } from "@podscope/inspect";
import { outputFormat, parse, sourceOf, UsageError } from "../flags";
import { asJson, out } from "../print";
import { withClient } from "../run";

export async function lsns(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {});
    const fmt = outputFormat(values, ["json"]);
    const name = positionals[0]?.replace(/^pods?\//, "");
    if (!name) throw new UsageError("usage: podscope lsns POD [-o json]");
    const j = (await c.inspect.namespaces.query({
      source: sourceOf(values),
      namespace: (values.namespace as string | undefined) ?? "default",
      name,
    })) as LsnsJson;
    if (fmt === "json") {
      out(asJson(j));
      return 0;
    }
    const m = namespaceMatrix(
      j.processes.map((p) => ({ container: p.container, pid: p.pid, command: p.command, namespaces: p.namespaces })),
      { sandboxPid: j.sandboxPid ?? undefined, host: j.hostNamespaces },
    );
    out(`${formatLsns(m)}\n${formatNamespaceMatrix(m)}`);
    return 0;
  });
}
