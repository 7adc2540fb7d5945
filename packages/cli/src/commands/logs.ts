// `podscope logs POD [-c CONTAINER] [-f] [--previous] [--tail N]`.
import { parse, sourceOf, UsageError } from "../flags";
import { withClient } from "../run";

export async function logs(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {
      container: { type: "string", short: "c" },
      follow: { type: "boolean", short: "f" },
      previous: { type: "boolean", short: "p" },
      tail: { type: "string" },
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
    };
    if (!values.follow) {
      const text = await c.logs.get.query(input);
      if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      return 0;
    }
    // Make sure the pod exists first so a typo fails fast instead of waiting on an empty stream.
    await c.pods.get.query({ source: input.source, namespace: input.namespace, name });
    await new Promise<void>((resolve, reject) => {
      const sub = c.logs.follow.subscribe(input, {
        onData: (d) => process.stdout.write(`${d.line}\n`),
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
