// `podscope attach POD [-c CONTAINER] [-i] [-t] [-q]`: kubectl attach on the local node — the
// container's main process's output (and its stdin with -i, when the container has stdin: true).
import { withClient } from "../run";
import { err } from "../print";
import { effectiveTty, parseStreamArgs, runGrant } from "./stream";

export async function attach(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { pod, stdin, quiet, ...a } = parseStreamArgs(argv, "expected POD: podscope attach POD [-c CONTAINER] [-i] [-t]");
    const tty = effectiveTty(stdin, a.tty, quiet);
    const grant = await c.exec.attach.mutate({ ...pod, stdin, tty });
    if (stdin && tty && !quiet) err("If you don't see a command prompt, try pressing enter.");
    return runGrant(grant, { stdin, tty, quiet });
  });
}
