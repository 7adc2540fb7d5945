// The "server" side of bench/sync.ts, in its own process so its RSS and CPU are only what a
// podscope server holding one context's pods would use: start a KubeSource (pods + history
// recorder), report the initial sync, then count watch events during the churn window the
// parent announces on stdin ("churn <seconds>").
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { HistoryRecorder, KubeSource } from "../../src";

async function main() {
  const kubeconfig = process.argv[2];
  const rss0 = process.memoryUsage().rss;
  const recorder = new HistoryRecorder({ file: join(mkdtempSync(join(tmpdir(), "podscope-bench-")), "history.sqlite") });
  const s0 = performance.now();
  const src = new KubeSource({ kubeconfig, resources: ["pods"], recorder }).start();
  await src.whenSynced();
  const syncMs = performance.now() - s0;
  recorder.flush();
  const count = src.list("pods").length;
  const rss1 = process.memoryUsage().rss;
  console.log(`SYNCED ${JSON.stringify({ syncMs, count, rss0, rss1 })}`);

  let events = 0;
  src.subscribe("pods", (e) => {
    if (e.type !== "STATE") events++;
  });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const m = /^churn (\d+(?:\.\d+)?)$/.exec(line.trim());
    if (!m) continue;
    events = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, Number(m[1]) * 1000 + 1000)); // +1 s for the last events
    const cpu = process.cpuUsage(cpu0);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`RESULT ${JSON.stringify({ events, seconds, cpuMs: (cpu.user + cpu.system) / 1000, rss2: process.memoryUsage().rss })}`);
    break;
  }
  await src.stop();
  recorder.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
