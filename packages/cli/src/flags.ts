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
  const all: Options = { ...COMMON, ...options };
  try {
    return parseArgs({ args: joinNegativeValues(argv, all), options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const m = (e as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(m)?.[1];
    throw new UsageError(flag ? `unknown flag: ${flag}` : m);
  }
}

/**
 * `--at -15m` as kubectl users write it: node's parser refuses a value that starts with "-" (it could be a
 * flag), so a string flag followed by a negative number or duration takes it as `--at=-15m`.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const long = /^--([^=]+)$/.exec(a)?.[1];
    if (long && options[long]?.type === "string" && /^-\d/.test(argv[i + 1] ?? "") && !argv.slice(0, i).includes("--")) {
      out.push(`${a}=${argv[++i]}`);
      continue;
    }
    out.push(a);
  }
  return out;
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
