// `podscope apply -f FILE|-` — create the pods a manifest holds, as `kubectl apply` reports them.
import { readFileSync } from "node:fs";
import { parse, sourceOf, UsageError } from "../flags";
import { err, out } from "../print";
import { withClient } from "../run";

export async function apply(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values } = parse(argv, { filename: { type: "string", short: "f" } });
    const file = values.filename as string | undefined;
    if (!file) throw new UsageError(`must specify one of -f and -k`);
    let yaml: string;
    try {
      yaml = file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(
        `the path "${file}" does not exist or cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    const r = await c.pods.create.mutate({ source: sourceOf(values), yaml, fileName: file === "-" ? "STDIN" : file });
    for (const w of r.warnings) err(`Warning: ${w}`);
    for (const p of r.created) out(`pod/${p.name} created`);
    return 0;
  });
}
