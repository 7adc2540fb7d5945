// `podscope debug POD --image IMAGE [--target CONTAINER] [-c NAME] [-i] [-t] [-q] [-- COMMAND...]`:
// kubectl debug with an ephemeral container on the local node — added to the running pod, in its
// sandbox (network, IPC), in the target's pid namespace with --target; with -i the CLI attaches.
import { err, out } from "../print";
import { UsageError } from "../flags";
import { withClient } from "../run";
import { splitCommand } from "./exec";
import { effectiveTty, parseStreamArgs, runGrant } from "./stream";

/** How long kubectl-like waiting for the debug container to start lasts before attaching anyway. */
const WAIT_FOR_CONTAINER_MS = 30_000;
/** How long a failed attach looks for the container's end in the pod's status (the node relists each second). */
const STATUS_LAG_MS = 10_000;

type ContainerPhase = "waiting" | "running" | "terminated";

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
    const state = async (): Promise<ContainerPhase> => {
      const pod = await c.pods.get.query({ source, namespace, name });
      const statuses = ((pod.status as { ephemeralContainerStatuses?: unknown } | undefined)?.ephemeralContainerStatuses ?? []) as {
        name: string;
        state?: { running?: object; terminated?: object };
      }[];
      const s = statuses.find((x) => x.name === container)?.state;
      return s?.terminated ? "terminated" : s?.running ? "running" : "waiting";
    };
    // kubectl's waitForContainer: attach only once the container runs; one that has already ended is not
    // attached to, its logs are shown instead.
    const showLogs = async () => {
      const text = await c.logs.get.query({ source, namespace, name, container });
      if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      return 0;
    };
    // The container's state, asked until `done` says it or `forMs` has passed (the last state seen is returned): the
    // node's status lags the container by a relist, more under load.
    const stateWithin = async (done: (s: ContainerPhase) => boolean, forMs: number) => {
      const deadline = Date.now() + forMs;
      for (;;) {
        const s = await state();
        if (done(s) || Date.now() > deadline) return s;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    if ((await stateWithin((s) => s !== "waiting", WAIT_FOR_CONTAINER_MS)) === "terminated") return showLogs();
    // Running when looked at may have ended by the time the attach reaches the runtime: then it is the
    // same case as above, once the status says so.
    const endedSince = async () => (await stateWithin((s) => s === "terminated", STATUS_LAG_MS)) === "terminated";
    let grant;
    try {
      grant = await c.exec.attach.mutate({ source, namespace, name, container, stdin, tty });
    } catch (e) {
      if (await endedSince()) return showLogs();
      throw e;
    }
    if (tty && !quiet) err("If you don't see a command prompt, try pressing enter.");
    // An attach that reached the container after its output (echo and gone) prints nothing: its logs have it.
    return runGrant(grant, { stdin, tty, quiet, afterSilence: async () => ((await endedSince()) ? showLogs() : undefined) });
  });
}
