// The teaching scenarios shipped with the drain simulator (packages/drain/scenarios/*.yaml), offered
// in the drain page. Each file's comment header says what it shows and how to drain it (read by
// @podscope/drain's scenarioHeader, the one reader of that header).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { scenarioHeader } from "@podscope/drain";

export interface DrainScenario {
  name: string;
  /** The header's prose lines, in order. */
  description: string[];
  /** `# drain: n1 --force …` — the node(s) and kubectl flags the scenario is meant for. */
  drain: string;
  yaml: string;
}

const dir = join(dirname(createRequire(import.meta.url).resolve("@podscope/drain/package.json")), "scenarios");

let cache: DrainScenario[] | undefined;

export function drainScenarios(): DrainScenario[] {
  cache ??= readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const yaml = readFileSync(join(dir, f), "utf8");
      const { description, drain } = scenarioHeader(yaml);
      return { name: f.replace(/\.yaml$/, ""), description, drain, yaml };
    });
  return cache;
}
