// `podscope debug POD --image IMAGE [--target CONTAINER] [-c NAME] [-i] [-t] [-q] [-- COMMAND...]`:
// kubectl debug with an ephemeral container on the local node — added to the running pod, in its
// sandbox (network, IPC), in the target's pid namespace with --target; with -i the CLI attaches.
import { err, out } from "../print";
import { UsageError } from "../flags";
import { withClient } from "../run";
import { splitCommand } from "./exec";
import { effectiveTty, parseStreamArgs, runGrant } from "./stream";

export async function debug(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { flags, command } = splitCommand(argv);
    const { values, pod, stdin, quiet } = parseStreamArgs(flags, "NAME or filename is required for debug", {
      image: { type: "string" },
      target: { type: "string" },
    });
    const { source, namespace, name } = pod;
    const image = values.image as string | undefined;
    if (!image) throw new UsageError("you must specify --image when not using --copy-to.");
    if (values.tty && !stdin) throw new UsageError("-i/--stdin is required for containers with -t/--tty=true");
    const target = values.target as string | undefined;
    if (target && !quiet)
      out(
        `Targeting container "${target}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.`,
      );
    // The container's own terminal is asked for with -t; kubectl's SetupTTY then decides whether this side has one.
    const { container } = await c.exec.debug.mutate({
      source,
      namespace,
      name,
      image,
      target,
      container: pod.container,
      command: command.length ? command : undefined,
      stdin,
      tty: !!values.tty,
    });
    if (!values.container && !quiet) out(`Defaulting debug container name to ${container}.`);
    if (!stdin) return 0;
    const tty = effectiveTty(stdin, !!values.tty, quiet);
    // kubectl: a debug container that has already ended is not attached to; its logs are shown.
    const ended = async () => {
      const pod = await c.pods.get.query({ source, namespace, name });
      const statuses = ((pod.status as { ephemeralContainerStatuses?: unknown } | undefined)?.ephemeralContainerStatuses ?? []) as {
        name: string;
        state?: { terminated?: object };
      }[];
      return statuses.some((s) => s.name === container && s.state?.terminated);
    };
    let grant;
    try {
      grant = await c.exec.attach.mutate({ source, namespace, name, container, stdin, tty });
    } catch (e) {
      // The node's status may lag the exit by a relist (1 s): look again for a little while.
      let gone = false;
      for (let i = 0; i < 10 && !gone; i++) {
        gone = await ended();
        if (!gone) await new Promise((r) => setTimeout(r, 300));
      }
      if (!gone) throw e;
      const text = await c.logs.get.query({ source, namespace, name, container });
      if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      return 0;
    }
    if (tty && !quiet) err("If you don't see a command prompt, try pressing enter.");
    return runGrant(grant, { stdin, tty, quiet });
  });
}
