// `podscope drain NODE --from FILE [kubectl drain flags] [-o json|text]`: rehearse a drain on a snapshot file.
// Exit 0 whatever the drain's outcome (the outcome is in the output); exit 2 on bad input, with a clear message.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  DrainInputError, DurationError, loadSnapshot, parseGoDuration, simulateRollingDrain, SnapshotError, toDrainJson, toKubectlText,
  type DrainRequest,
} from "@podscope/drain";

const USAGE = `usage: podscope drain NODE [NODE…] --from FILE [--force] [--ignore-daemonsets] [--delete-emptydir-data]
     [--disable-eviction] [--grace-period N] [--timeout DURATION] [--pod-selector SELECTOR]
     [--skip-wait-for-delete-timeout N] [-o json|text] [--now RFC3339] [--rolling]

--now sets the wall-clock time of the rehearsal's start (default: the current time);
--rolling drains the nodes one at a time and uncordons each before the next (a rolling upgrade).`;

class UsageError extends Error {}
/** Bad input that is not about how the command was typed (no usage text after it). */
class InputError extends Error {}

function intFlag(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim())) throw new UsageError(`invalid argument "${v}" for "--${name}" flag: not an integer`);
  const n = Number(v);
  if (n < min) throw new UsageError(`invalid argument "${v}" for "--${name}" flag: must be ≥ ${min}`);
  return n;
}

export async function drain(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        from: { type: "string", short: "f" },
        force: { type: "boolean" },
        "ignore-daemonsets": { type: "boolean" },
        "delete-emptydir-data": { type: "boolean" },
        "disable-eviction": { type: "boolean" },
        "grace-period": { type: "string" },
        timeout: { type: "string" },
        "pod-selector": { type: "string" },
        "skip-wait-for-delete-timeout": { type: "string" },
        output: { type: "string", short: "o" },
        now: { type: "string" },
        rolling: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) { process.stdout.write(USAGE + "\n"); return 0; }
    if (positionals.length === 0) throw new UsageError("a node name is required");
    if (!values.from) throw new UsageError("--from FILE is required (a snapshot: v1 List, multi-document YAML or JSON)");
    const output = values.output ?? "text";
    if (output !== "json" && output !== "text") throw new UsageError(`invalid argument "${output}" for "-o" flag: must be json or text`);
    let timeoutSeconds: number | undefined;
    if (values.timeout !== undefined) {
      try { timeoutSeconds = parseGoDuration(values.timeout); } catch (e) {
        if (e instanceof DurationError) throw new UsageError(`invalid argument "${values.timeout}" for "--timeout" flag: ${e.message}`);
        throw e;
      }
      if (timeoutSeconds < 0) throw new UsageError(`invalid argument "${values.timeout}" for "--timeout" flag: must not be negative`);
    }
    const now = values.now ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(now))) throw new UsageError(`invalid argument "${now}" for "--now" flag: not an RFC 3339 time`);
    const request: DrainRequest = {
      nodes: positionals,
      force: values.force, ignoreDaemonSets: values["ignore-daemonsets"], deleteEmptyDirData: values["delete-emptydir-data"],
      disableEviction: values["disable-eviction"],
      gracePeriodSeconds: intFlag("grace-period", values["grace-period"], -1),
      timeoutSeconds, podSelector: values["pod-selector"],
      skipWaitForDeleteTimeoutSeconds: intFlag("skip-wait-for-delete-timeout", values["skip-wait-for-delete-timeout"], 0),
      uncordonAfterDrain: values.rolling,
    };
    let text: string;
    try { text = readFileSync(values.from, "utf8"); } catch (e) {
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
