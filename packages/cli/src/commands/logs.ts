// `podscope logs POD [-c CONTAINER] [-f] [--previous] [--tail N] [--timestamps] [--since D | --since-time T]`.
import { SINCE_BOTH_MESSAGE, sinceSecondsOf } from "@podscope/core";
import { defaultContainer } from "@podscope/runtime";
import type { Api } from "../client";
import { parse, sourceOf, UsageError } from "../flags";
import { err } from "../print";
import { withClient } from "../run";

export async function logs(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {
      container: { type: "string", short: "c" },
      follow: { type: "boolean", short: "f" },
      previous: { type: "boolean", short: "p" },
      tail: { type: "string" },
      timestamps: { type: "boolean" },
      since: { type: "string" },
      "since-time": { type: "string" },
    });
    const name = positionals[0]?.replace(/^pods?\//, "");
    if (!name) throw new UsageError(`expected POD: podscope logs POD [-c CONTAINER] [-f]`);
    const tail = values.tail === undefined ? undefined : Number(values.tail);
    if (tail !== undefined && !(Number.isInteger(tail) && tail >= -1))
      throw new UsageError(`invalid argument "${values.tail}" for "--tail" flag`);
    const input = {
      source: sourceOf(values),
      namespace: (values.namespace as string | undefined) ?? "default",
      name,
      container: values.container as string | undefined,
      previous: !!values.previous,
      tailLines: tail !== undefined && tail >= 0 ? tail : undefined,
      ...since(values.since as string | undefined, values["since-time"] as string | undefined),
    };
    const cluster = (await c.sources.list.query()).find((s) => s.id === input.source)?.kind === "kube";
    // kubectl reads the pod and picks the container itself (the API server would refuse a pod with several);
    // the same on every source, so `podscope logs POD` reads alike whichever node runs the pod.
    if (!input.container) input.container = await defaulted(c, input);
    // With --timestamps, kubectl's prefix: the time the runtime wrote the line (RFC 3339, nanoseconds) and a space.
    const print = (l: { time: string | null; line: string }) =>
      process.stdout.write(values.timestamps && l.time ? `${l.time} ${l.line}\n` : `${l.line}\n`);
    if (!values.follow) {
      if (values.timestamps) for (const l of await c.logs.lines.query(input)) print(l);
      else {
        const text = await c.logs.get.query(input);
        if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      }
      return 0;
    }
    // Make sure the pod exists first so a typo fails fast instead of waiting on an empty stream (a cluster's
    // API server answers a wrong name at once, in its own words: no need to ask, nor the right to list pods).
    if (!cluster) await c.pods.get.query({ source: input.source, namespace: input.namespace, name });
    await new Promise<void>((resolve, reject) => {
      const sub = c.logs.follow.subscribe(input, {
        onData: print,
        onError: (e) => reject(e),
        onComplete: () => resolve(),
      });
      process.once("SIGINT", () => {
        sub.unsubscribe();
        resolve();
      });
    });
    return 0;
  });
}

/** kubectl's default container for a pod, with its notes on stderr (FindOrDefaultContainerByName). */
async function defaulted(c: Api, ref: { source: string; namespace: string; name: string }): Promise<string> {
  const pod = await c.pods.get.query(ref);
  const d = defaultContainer(pod);
  if (d.missingDefault) err(`Default container name "${d.missingDefault}" not found in pod ${ref.name}`);
  if (d.defaultedFrom) err(`Defaulted container "${d.container}" out of: ${d.defaultedFrom.join(", ")}`);
  return d.container;
}

/** kubectl's --since (a Go duration, whole seconds rounded up; 0 is unset) and --since-time, with its refusals. */
function since(duration: string | undefined, time: string | undefined): { sinceSeconds?: number; sinceTime?: string } {
  let sinceSeconds: number | undefined;
  if (duration !== undefined) {
    try {
      sinceSeconds = sinceSecondsOf(duration);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (time !== undefined && Number.isNaN(Date.parse(time)))
    throw new UsageError(`invalid --since-time "${time}": not an RFC 3339 time such as 2006-01-02T15:04:05Z`);
  if (time !== undefined && sinceSeconds) throw new UsageError(SINCE_BOTH_MESSAGE);
  if (sinceSeconds !== undefined && sinceSeconds < 0) throw new UsageError("--since must be greater than 0");
  return { ...(sinceSeconds ? { sinceSeconds } : {}), ...(time !== undefined ? { sinceTime: time } : {}) };
}
