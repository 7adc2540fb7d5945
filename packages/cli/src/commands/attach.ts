// `podscope attach POD [-c CONTAINER] [-i] [-t] [-q]`: kubectl attach on the local node — the
// container's main process's output (and its stdin with -i, when the container has stdin: true).
import { parse, sourceOf, UsageError } from "../flags";
import { withClient } from "../run";
import { err } from "../print";
import { effectiveTty, runGrant } from "./stream";

export async function attach(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {
      container: { type: "string", short: "c" },
      stdin: { type: "boolean", short: "i" },
      tty: { type: "boolean", short: "t" },
      quiet: { type: "boolean", short: "q" },
    });
    const name = positionals[0]?.replace(/^pods?\//, "");
    if (!name) throw new UsageError("expected POD: podscope attach POD [-c CONTAINER] [-i] [-t]");
    const stdin = !!values.stdin;
    const quiet = !!values.quiet;
    const tty = effectiveTty(stdin, !!values.tty, quiet);
    const grant = await c.exec.attach.mutate({
      source: sourceOf(values),
      namespace: (values.namespace as string | undefined) ?? "default",
      name,
      container: values.container as string | undefined,
      stdin,
      tty,
    });
    if (stdin && tty && !quiet) err("If you don't see a command prompt, try pressing enter.");
    return runGrant(grant, { stdin, tty, quiet });
  });
}
