// The local node end to end: createPod → Running through the mini-kubelet, beside the bare CRI
// calls for the same pod (bench/cri.ts's measureBarePod) in the same run, then 30 pods at once,
// and the memory it takes. Figures only, never asserted. Own home, bridge and subnet; cleans up.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod } from "@podscope/core";
import { down, findProcesses, localNodePaths, readPid } from "../src/containerd";
import { CriClient } from "../src/cri";
import { LocalNode } from "../src/local-node";
import { measureBarePod } from "./cri";

const ms = (x: number) => `${x.toFixed(1)} ms`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function benchPod(name: string, containers: number): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: Array.from({ length: containers }, (_, i) => ({ name: `c${i}`, image: "busybox", command: ["sleep", "3600"] })),
    },
  };
}

const allRunning = (p: Pod) => p.status?.phase === "Running" && (p.status.containerStatuses ?? []).every((c) => c.state?.running);

/** createPod → every container running, as seen through the node's own 'pod' notifications. */
function untilRunning(node: LocalNode, names: string[]): Promise<void> {
  const left = new Set(names);
  return new Promise((resolve) => {
    const on = (p: Pod) => {
      if (left.has(p.metadata.name!) && allRunning(p)) left.delete(p.metadata.name!);
      if (left.size === 0) {
        node.off("pod", on);
        resolve();
      }
    };
    node.on("pod", on);
  });
}

async function main() {
  const home = mkdtempSync(join(tmpdir(), "podscope-bench-node-"));
  const octet = Math.floor(Math.random() * 100);
  const containerd = { bridge: `pslnbench${octet}`, podSubnet: `10.219.${octet}.0/24` };
  let node: LocalNode | undefined;
  try {
    const t = performance.now();
    node = await LocalNode.start({ home, containerd });
    console.log(`LocalNode.start (containerd, images, adoption): ${ms(performance.now() - t)}`);
    const cri = new CriClient(localNodePaths(home).socket);

    const warm = performance.now();
    const w = untilRunning(node, ["warmup"]);
    await node.createPod(benchPod("warmup", 2));
    await w;
    console.log(`first pod (cold): ${ms(performance.now() - warm)}`);

    const kubelet: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `one-${i}`;
      const t0 = performance.now();
      const done = untilRunning(node, [name]);
      await node.createPod(benchPod(name, 2));
      await done;
      kubelet.push(performance.now() - t0);
      bare.push((await measureBarePod(cri, home, `bare-${i}`, 2)).totalMs);
    }
    const k = median(kubelet);
    const b = median(bare);
    console.log("one pod, sandbox + 2 containers (median of 5):");
    console.log(`  createPod → Running (mini-kubelet)   ${ms(k)}`);
    console.log(`  bare CRI calls, same pod              ${ms(b)}`);
    console.log(`  ratio                                 ${(k / b).toFixed(2)}×`);

    // Clear the board: the 30-pod figures are for 30 pods exactly.
    for (const sb of await cri.listPodSandbox({ label_selector: { "podscope.io/bench": "true" } })) {
      await cri.stopPodSandbox(sb.id);
      await cri.removePodSandbox(sb.id);
    }
    const td = performance.now();
    await Promise.all(node.listPods().map((p) => node!.deletePod("default", p.metadata.name!, { gracePeriodSeconds: 0 })));
    console.log(`delete 6 pods at once (grace 0 → kubelet's 2 s minimum): ${ms(performance.now() - td)}`);

    const names = Array.from({ length: 30 }, (_, i) => `pod-${i}`);
    const t30 = performance.now();
    const all = untilRunning(node, names);
    for (const n of names) await node.createPod(benchPod(n, 1));
    await all;
    const total30 = performance.now() - t30;
    console.log(`30 pods (1 container each) created at once → all Running: ${ms(total30)} (${ms(total30 / 30)} per pod)`);

    // Let probes/relists settle a moment, then measure memory with 30 pods.
    await new Promise((r) => setTimeout(r, 2000));
    const paths = localNodePaths(home);
    const cPid = readPid(paths.pidFile);
    const shims = findProcesses(["containerd-shim", "-address", paths.socket]);
    const shimKiB = shims.reduce((a, p) => a + rssKiB(p), 0);
    const selfMiB = process.memoryUsage().rss / 2 ** 20;
    console.log(
      `RSS with 30 pods: this process (LocalNode) ${selfMiB.toFixed(1)} MiB; containerd ${cPid ? (rssKiB(cPid) / 1024).toFixed(1) : "?"} MiB; ${shims.length} shims ${(shimKiB / 1024).toFixed(1)} MiB`,
    );

    const tdel = performance.now();
    await Promise.all(names.map((n) => node!.deletePod("default", n, { gracePeriodSeconds: 0 })));
    console.log(`delete 30 pods at once: ${ms(performance.now() - tdel)}`);
    cri.close();
  } finally {
    await node?.stop();
    const report = await down({ home, ...containerd });
    if (report.errors.length) console.log(`down errors: ${report.errors.join("; ")}`);
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
