// `podscope drain NODE --from FILE [kubectl drain flags] [-o json|text]`: rehearse a drain on a snapshot file.
// Exit 0 whatever the drain's outcome (the outcome is in the output); exit 2 on bad input, with a clear message.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  DRAIN_FLAGS,
  DrainFlagError,
  DrainInputError,
  loadSnapshot,
  parseFlagText,
  simulateRollingDrain,
  SnapshotError,
  toDrainJson,
  toKubectlText,
  type DrainRequest,
} from "@podscope/drain";

// kubectl drain's flags (and --rolling) come from @podscope/drain's table: their spelling, type and help text.
const VALUE_HINT = { int: " N", duration: " DURATION", selector: " SELECTOR", boolean: "" } as const;
const FLAG_HELP = DRAIN_FLAGS.map((s) => {
  const def = s.type === "boolean" || s.default === "" ? "" : ` (default ${s.type === "duration" ? `${s.default}s` : s.default})`;
  return `  --${s.name}${VALUE_HINT[s.type]}\n      ${s.help}${def}`;
}).join("\n");

const USAGE = `usage: podscope drain NODE [NODE…] --from FILE [flags] [-o json|text] [--now RFC3339]

Rehearses kubectl drain on a snapshot file (v1 List, multi-document YAML or JSON).
--now sets the wall-clock time of the rehearsal's start (default: the current time).

Flags:
${FLAG_HELP}`;

class UsageError extends Error {}
/** Bad input that is not about how the command was typed (no usage text after it). */
class InputError extends Error {}

const DRAIN_OPTIONS = Object.fromEntries(DRAIN_FLAGS.map((s) => [s.name, { type: s.type === "boolean" ? "boolean" : "string" } as const]));

export async function drain(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...DRAIN_OPTIONS,
        from: { type: "string", short: "f" },
        output: { type: "string", short: "o" },
        now: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    if (positionals.length === 0) throw new UsageError("a node name is required");
    if (!values.from) throw new UsageError("--from FILE is required (a snapshot: v1 List, multi-document YAML or JSON)");
    const output = values.output ?? "text";
    if (output !== "json" && output !== "text") throw new UsageError(`invalid argument "${output}" for "-o" flag: must be json or text`);
    const now = values.now ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(now))) throw new UsageError(`invalid argument "${now}" for "--now" flag: not an RFC 3339 time`);
    const request: DrainRequest = { nodes: positionals };
    const given: Record<string, string | boolean | undefined> = values;
    for (const s of DRAIN_FLAGS) {
      const v = given[s.name];
      if (v === undefined) continue;
      try {
        Object.assign(request, { [s.field]: typeof v === "string" ? parseFlagText(s, v) : v });
      } catch (e) {
        if (e instanceof DrainFlagError) throw new UsageError(e.message);
        throw e;
      }
    }
    let text: string;
    try {
      text = readFileSync(values.from, "utf8");
    } catch (e) {
      throw new InputError(`cannot read snapshot file "${values.from}": ${(e as Error).message}`);
    }
    const { snapshot } = loadSnapshot(text, values.from);
    const result = simulateRollingDrain(snapshot, request, { now });
    if (output === "json") {
      const json = result.nodes.map(toDrainJson);
      process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + "\n");
    } else {
      process.stdout.write(result.nodes.map(toKubectlText).join("\n"));
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError || e instanceof SnapshotError || e instanceof DrainInputError) {
      const msg = e.message.startsWith("error: ") || e.message.startsWith("Error from server") ? e.message : `error: ${e.message}`;
      process.stderr.write(`${msg}\n`);
      if (e instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
      return 2;
    }
    // node:util parseArgs reports unknown flags and missing values with a code.
    const code = (e as { code?: string }).code;
    if (code && code.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
