// The teaching scenarios shipped with the drain simulator (packages/drain/scenarios/*.yaml), offered
// in the drain page. Each file's comment header says what it shows and how to drain it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

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
  cache ??= readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => {
    const yaml = readFileSync(join(dir, f), "utf8");
    const header = yaml.split("\n").filter((l) => l.startsWith("#")).map((l) => l.replace(/^#\s?/, ""));
    return {
      name: f.replace(/\.yaml$/, ""),
      description: header.filter((l) => !/^(drain|expect):/.test(l)),
      drain: header.find((l) => l.startsWith("drain:"))?.slice(6).trim() ?? "",
      yaml,
    };
  });
  return cache;
}
