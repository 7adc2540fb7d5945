// `podscope exec POD [-c CONTAINER] [-i] [-t] [-q] -- COMMAND [args...]`: kubectl exec on the local
// node. The server checks the pod and hands out containerd's streaming URL (token required); the
// streams go straight between this process and containerd on this machine.
import { UsageError } from "../flags";
import { withClient } from "../run";
import { effectiveTty, parseStreamArgs, runGrant } from "./stream";

const USAGE = "podscope exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [args...]";

/** Flags before "--", the command after it (kubectl no longer takes a command without it). */
export function splitCommand(argv: string[]): { flags: string[]; command: string[] } {
  const i = argv.indexOf("--");
  return i < 0 ? { flags: argv, command: [] } : { flags: argv.slice(0, i), command: argv.slice(i + 1) };
}

export async function exec(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { flags, command } = splitCommand(argv);
    const { positionals, pod, stdin, quiet, ...a } = parseStreamArgs(flags, `expected POD: ${USAGE}`);
    if (positionals.length > 1) throw new UsageError(`exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead`);
    if (!command.length) throw new UsageError(`you must specify at least one command for the container`);
    const tty = effectiveTty(stdin, a.tty, quiet);
    const grant = await c.exec.exec.mutate({ ...pod, command, stdin, tty });
    return runGrant(grant, { stdin, tty, quiet });
  });
}
