// `podscope debug POD --image IMAGE [--target CONTAINER] [-c NAME] [-i] [-t] [-q] [-- COMMAND...]`:
// kubectl debug with an ephemeral container on the local node — added to the running pod, in its
// sandbox (network, IPC), in the target's pid namespace with --target; with -i the CLI attaches.
import { err, out } from "../print";
import { parse, sourceOf, UsageError } from "../flags";
import { withClient } from "../run";
import { splitCommand } from "./exec";
import { effectiveTty, runGrant } from "./stream";

export async function debug(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { flags, command } = splitCommand(argv);
    const { values, positionals } = parse(flags, {
      image: { type: "string" }, target: { type: "string" }, container: { type: "string", short: "c" },
      stdin: { type: "boolean", short: "i" }, tty: { type: "boolean", short: "t" }, quiet: { type: "boolean", short: "q" },
    });
    const name = positionals[0]?.replace(/^pods?\//, "");
    if (!name) throw new UsageError("NAME or filename is required for debug");
    const image = values.image as string | undefined;
    if (!image) throw new UsageError("you must specify --image when not using --copy-to.");
    const stdin = !!values.stdin;
    const quiet = !!values.quiet;
    if (values.tty && !stdin) throw new UsageError("-i/--stdin is required for containers with -t/--tty=true");
    const target = values.target as string | undefined;
    if (target && !quiet) out(`Targeting container "${target}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.`);
    const source = sourceOf(values);
    const namespace = (values.namespace as string | undefined) ?? "default";
    // The container's own terminal is asked for with -t; kubectl's SetupTTY then decides whether this side has one.
    const { container } = await c.exec.debug.mutate({
      source, namespace, name, image, target, container: values.container as string | undefined,
      command: command.length ? command : undefined, stdin, tty: !!values.tty,
    });
    if (!values.container && !quiet) out(`Defaulting debug container name to ${container}.`);
    if (!stdin) return 0;
    const tty = effectiveTty(stdin, !!values.tty, quiet);
    const grant = await c.exec.attach.mutate({ source, namespace, name, container, stdin, tty });
    if (tty && !quiet) err("If you don't see a command prompt, try pressing enter.");
    return runGrant(grant, { stdin, tty, quiet });
  });
}
