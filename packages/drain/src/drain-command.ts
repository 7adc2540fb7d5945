// `kubectl drain NODE… [flags]` read from words, the one parser of a drain command line: the scenario files'
// `# drain:` header (the corpus tests, the API's scenario list, the web page's form) reads through it. Flags take
// their value after a space or "=", as pflag reads them; booleans take a value only after "=". An unknown flag is
// an error, so a scenario never silently runs with less than it says.
import { DRAIN_FLAGS, DrainFlagError, flagByName, parseFlagText, type DrainFlagField } from "./flags";
import type { DrainRequest } from "./types";

export interface DrainCommand {
  nodes: string[];
  /** Each flag given, by request field, with its text as typed ("" for a boolean given bare). */
  given: Partial<Record<DrainFlagField, string>>;
}

export function parseDrainArgs(words: string[]): DrainCommand {
  const cmd: DrainCommand = { nodes: [], given: {} };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith("-")) {
      cmd.nodes.push(w);
      continue;
    }
    const eq = w.indexOf("=");
    const name = (eq < 0 ? w : w.slice(0, eq)).replace(/^--?/, "");
    const spec = flagByName(name);
    if (!spec) throw new DrainFlagError(`unknown flag: ${eq < 0 ? w : w.slice(0, eq)}`, name);
    if (eq >= 0) cmd.given[spec.field] = w.slice(eq + 1);
    else if (spec.type === "boolean") cmd.given[spec.field] = "";
    else if (i + 1 < words.length) cmd.given[spec.field] = words[++i];
    else throw new DrainFlagError(`flag needs an argument: --${name}`, name);
  }
  return cmd;
}

/** A scenario's `# drain:` header text ("n1 n2 --force --timeout 30s --rolling"). */
export function parseDrainHeader(header: string): DrainCommand {
  return parseDrainArgs(header.trim().split(/\s+/).filter(Boolean));
}

/** The request a command stands for; throws DrainFlagError (pflag's words) for a bad value. */
export function requestFromCommand(cmd: DrainCommand): DrainRequest {
  const req: DrainRequest = { nodes: cmd.nodes };
  for (const s of DRAIN_FLAGS) {
    const text = cmd.given[s.field];
    if (text !== undefined) Object.assign(req, { [s.field]: parseFlagText(s, text) });
  }
  return req;
}

export interface ScenarioHeader {
  /** The first comment line. */
  title: string;
  /** The prose lines (every comment line but `drain:` and `expect:`), in order. */
  description: string[];
  /** The `# drain:` line's command, as written ("" when the file has none). */
  drain: string;
  /** The `# expect:` lines, in order. */
  expect: string[];
}

/** The comment header of a scenario file (packages/drain/scenarios/*.yaml): what it shows, how to drain it, what must come out. */
export function scenarioHeader(text: string): ScenarioHeader {
  const lines = text
    .split("\n")
    .filter((l) => l.startsWith("#"))
    .map((l) => l.replace(/^#\s?/, ""));
  return {
    title: lines[0] ?? "",
    description: lines.filter((l) => !/^(drain|expect):/.test(l)),
    drain:
      lines
        .find((l) => l.startsWith("drain:"))
        ?.slice("drain:".length)
        .trim() ?? "",
    expect: lines.filter((l) => l.startsWith("expect: ")).map((l) => l.slice("expect: ".length)),
  };
}
