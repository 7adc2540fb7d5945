// Determinism check for refactors of the simulator: dumps every scenario's full result (rolling drain and server
// dry-run answers) plus a slice of the big benchmark cluster as JSON, to diff before and after a change.
// Usage: pnpm -s exec tsx packages/drain/bench/lib/golden.ts > before.json
import { createHash } from "node:crypto";
import { loadSnapshot, serverDryRunAnswers, simulateRollingDrain, simulateDrain } from "../../src/index";
import { loadScenarios, SCENARIO_NOW } from "../../test/scenario-corpus";
import { bigCluster } from "./big-cluster";

const now = { now: SCENARIO_NOW };
const out: Record<string, unknown> = {};
for (const s of loadScenarios()) {
  const { snapshot } = loadSnapshot(s.text, s.file);
  const run = (f: () => unknown) => {
    try {
      return f();
    } catch (e) {
      return { error: String(e) };
    }
  };
  out[s.file] = {
    rolling: run(() => simulateRollingDrain(snapshot, s.request, now)),
    dryRun: run(() => serverDryRunAnswers(snapshot, { ...s.request, node: s.request.nodes[0] }, now)),
  };
}
const big = bigCluster();
const hash = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex");
out["big:one-node"] = hash(simulateDrain(big, { node: "node-7" }, now));
out["big:rolling-20"] = hash(
  simulateRollingDrain(big, { nodes: Array.from({ length: 20 }, (_, i) => `node-${i}`), uncordonAfterDrain: true }, now),
);
process.stdout.write(JSON.stringify(out, null, 1));
