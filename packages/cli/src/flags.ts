// Flag parsing shared by the commands: kubectl's common flags, and errors worded as kubectl words them.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

export const COMMON: Options = {
  namespace: { type: "string", short: "n" },
  "all-namespaces": { type: "boolean", short: "A" },
  output: { type: "string", short: "o" },
  context: { type: "string" },
  source: { type: "string" },
};

export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const m = (e as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(m)?.[1];
    throw new UsageError(flag ? `unknown flag: ${flag}` : m);
  }
}

/** The source a command talks to: a kube context (`--context`), a named source, or the local node. */
export function sourceOf(values: Record<string, unknown>): string {
  if (typeof values.source === "string") return values.source;
  if (typeof values.context === "string") return `kube:${values.context}`;
  return "local";
}

export function outputFormat(values: Record<string, unknown>, allowed: string[]): string | undefined {
  const o = values.output as string | undefined;
  if (o !== undefined && !allowed.includes(o)) {
    throw new UsageError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed.join(",")}`);
  }
  return o;
}
