// Benchmark: draining one node of a 1,000-node / 30,000-pod cluster (goal ≤ 100 ms for plan + full simulation),
// and a rolling drain of 100 nodes. Prints figures; asserts nothing.
import { simulateDrain, simulateRollingDrain } from "../src/index";
import { bigCluster } from "./lib/big-cluster";

function time<T>(f: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [v, wall, (c.user + c.system) / 1000];
}
const GOAL_MS = 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [snap, genMs] = time(bigCluster);
console.log(
  `snapshot: ${snap.nodes.length} nodes, ${snap.pods.length} pods, ${snap.pdbs.length} PDBs (generated in ${genMs.toFixed(0)} ms)`,
);
const now = { now: "2026-01-01T00:00:00Z" };
// Warm-up (JIT), then measured runs on different nodes. CPU time is reported too: on a shared 2-core machine
// wall time mostly measures the neighbours.
for (let i = 0; i < 3; i++) simulateDrain(snap, { node: `node-${900 + i}` }, now);
const wall: number[] = [],
  cpu: number[] = [];
let last;
for (let i = 0; i < 9; i++) {
  const [r, w, c] = time(() => simulateDrain(snap, { node: `node-${i * 7}` }, now));
  wall.push(w);
  cpu.push(c);
  last = r;
}
console.log(
  `drain one node (plan + full simulation): wall median ${median(wall).toFixed(1)} ms (min ${Math.min(...wall).toFixed(1)}), cpu median ${median(cpu).toFixed(1)} ms — goal ${GOAL_MS} ms, ratio ${(median(wall) / GOAL_MS).toFixed(2)} (wall), ${(median(cpu) / GOAL_MS).toFixed(2)} (cpu)`,
);
console.log(
  `  last run: result ${last!.result}, ${last!.pods.length} pods, ${last!.timeline.length} timeline entries, ${last!.replacements.length} replacements, ended at ${last!.endedAt} s virtual`,
);
// The same on a snapshot object never simulated before (as the API server's drain answers do: one load per
// request), in case something is ever cached per snapshot.
const freshWall: number[] = [],
  freshCpu: number[] = [];
for (let i = 0; i < 5; i++) {
  const fresh = bigCluster();
  const [, w, c] = time(() => simulateDrain(fresh, { node: `node-${i * 11}` }, now));
  freshWall.push(w);
  freshCpu.push(c);
}
console.log(
  `  on a fresh snapshot each time: wall median ${median(freshWall).toFixed(1)} ms, cpu median ${median(freshCpu).toFixed(1)} ms`,
);
const heap0 = process.memoryUsage().heapUsed;
const [roll, rollMs, rollCpu] = time(() =>
  simulateRollingDrain(snap, { nodes: Array.from({ length: 100 }, (_, i) => `node-${i}`), uncordonAfterDrain: true }, now),
);
const heap1 = process.memoryUsage().heapUsed;
const results = roll.nodes.reduce((m, n) => ({ ...m, [n.result]: (m[n.result] ?? 0) + 1 }), {} as Record<string, number>);
console.log(
  `rolling drain of 100 nodes: ${rollMs.toFixed(0)} ms wall, ${rollCpu.toFixed(0)} ms cpu (${(rollMs / 100).toFixed(1)} ms per node), ${roll.timeline.length} timeline entries, ${roll.endedAt} s virtual, results ${JSON.stringify(results)}, heap after ${(heap1 / 2 ** 20).toFixed(0)} MiB (before ${(heap0 / 2 ** 20).toFixed(0)} MiB)`,
);
