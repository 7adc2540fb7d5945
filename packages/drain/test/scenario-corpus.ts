// Reads the scenario corpus (scenarios/*.yaml): each file's header says how to drain it (`# drain: NODE… flags`)
// and what must come out (`# expect: …`). Shared by the corpus test and the CLI tests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGoDuration, type DrainRequest } from "../src/index";

export const SCENARIO_DIR = join(import.meta.dirname, "..", "scenarios");
/** Every scenario runs at this wall-clock time (deletionTimestamps in the files are relative to it). */
export const SCENARIO_NOW = "2026-01-01T12:00:00Z";

export interface Scenario { file: string; path: string; text: string; args: string[]; request: DrainRequest; expect: string[]; title: string }

export function drainArgsToRequest(args: string[]): DrainRequest {
  const req: DrainRequest = { nodes: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = () => args[++i];
    switch (a) {
      case "--force": req.force = true; break;
      case "--ignore-daemonsets": req.ignoreDaemonSets = true; break;
      case "--delete-emptydir-data": req.deleteEmptyDirData = true; break;
      case "--disable-eviction": req.disableEviction = true; break;
      case "--rolling": req.uncordonAfterDrain = true; break;
      case "--grace-period": req.gracePeriodSeconds = Number(val()); break;
      case "--timeout": req.timeoutSeconds = parseGoDuration(val()); break;
      case "--pod-selector": req.podSelector = val(); break;
      case "--skip-wait-for-delete-timeout": req.skipWaitForDeleteTimeoutSeconds = Number(val()); break;
      default:
        if (a.startsWith("-")) throw new Error(`scenario header uses an unknown flag ${a}`);
        req.nodes.push(a);
    }
  }
  return req;
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR).filter((f) => f.endsWith(".yaml")).sort().map((file) => {
    const path = join(SCENARIO_DIR, file);
    const text = readFileSync(path, "utf8");
    const header = text.split("\n").filter((l) => l.startsWith("#"));
    const drainLine = header.find((l) => l.startsWith("# drain: "));
    if (!drainLine) throw new Error(`${file}: no "# drain:" line in its header`);
    const args = drainLine.slice("# drain: ".length).trim().split(/\s+/);
    const expect = header.filter((l) => l.startsWith("# expect: ")).map((l) => l.slice("# expect: ".length));
    return { file, path, text, args, request: drainArgsToRequest(args), expect, title: header[0].slice(2) };
  });
}
