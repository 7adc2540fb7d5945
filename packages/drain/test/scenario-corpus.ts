// Reads the scenario corpus (scenarios/*.yaml): each file's header says how to drain it (`# drain: NODE… flags`)
// and what must come out (`# expect: …`), read by the package's one header parser. Shared by the corpus test,
// the fidelity suite and the CLI tests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDrainArgs, requestFromCommand, scenarioHeader, type DrainRequest } from "../src/index";

export const SCENARIO_DIR = join(import.meta.dirname, "..", "scenarios");
/** Every scenario runs at this wall-clock time (deletionTimestamps in the files are relative to it). */
export const SCENARIO_NOW = "2026-01-01T12:00:00Z";

export interface Scenario {
  file: string;
  path: string;
  text: string;
  args: string[];
  request: DrainRequest;
  expect: string[];
  title: string;
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const path = join(SCENARIO_DIR, file);
      const text = readFileSync(path, "utf8");
      const header = scenarioHeader(text);
      if (!header.drain) throw new Error(`${file}: no "# drain:" line in its header`);
      const args = header.drain.split(/\s+/);
      return { file, path, text, args, request: requestFromCommand(parseDrainArgs(args)), expect: header.expect, title: header.title };
    });
}
