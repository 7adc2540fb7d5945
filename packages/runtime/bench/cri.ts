// Bare CRI timings on podscope's containerd: what one pod (sandbox + 2 containers) costs in
// RunPodSandbox / CreateContainer / StartContainer, and 30 pods one after another.
// Figures only, never asserted. Runs on its own home, bridge and subnet, and cleans up (down).
//
// measureBarePod() is exported so a kubelet-level benchmark can put the same pod's bare CRI
// time beside its own apply → Running in one run.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { down, ensureContainerd, findProcesses, type LocalNodeOptions } from "../src/containerd";
import type { CRI, CriClient } from "../src/cri";

export interface BarePodTimings {
  runPodSandboxMs: number;
  createContainerMs: number[];
  startContainerMs: number[];
  totalMs: number;
  sandboxId: string;
}

function sandboxConfig(home: string, name: string): CRI.PodSandboxConfig {
  const uid = randomUUID();
  return {
    metadata: { name, uid, namespace: "bench", attempt: 0 },
    hostname: name,
    log_directory: join(home, "node", "pods", `bench_${name}_${uid}`),
    labels: { "podscope.io/bench": "true" },
    linux: {
      cgroup_parent: `/kubepods/besteffort/pod${uid}`,
      security_context: { namespace_options: { network: "POD", pid: "CONTAINER", ipc: "POD" } },
    },
  };
}

function container(name: string): CRI.ContainerConfig {
  return {
    metadata: { name, attempt: 0 },
    image: { image: "localhost/busybox:latest" },
    command: ["sleep", "3600"],
    log_path: `${name}/0.log`,
    linux: { security_context: { namespace_options: { network: "POD", pid: "CONTAINER", ipc: "POD" } } },
  };
}

/** Runs one pod the way kubelet would (sandbox, then each container created and started). */
export async function measureBarePod(cri: CriClient, home: string, name: string, containers = 2): Promise<BarePodTimings> {
  const sb = sandboxConfig(home, name);
  const t0 = performance.now();
  const sandboxId = await cri.runPodSandbox(sb);
  const t1 = performance.now();
  const createContainerMs: number[] = [];
  const startContainerMs: number[] = [];
  for (let i = 0; i < containers; i++) {
    const a = performance.now();
    const id = await cri.createContainer(sandboxId, container(`c${i}`), sb);
    const b = performance.now();
    await cri.startContainer(id);
    const c = performance.now();
    createContainerMs.push(b - a);
    startContainerMs.push(c - b);
  }
  return { runPodSandboxMs: t1 - t0, createContainerMs, startContainerMs, totalMs: performance.now() - t0, sandboxId };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function main() {
  const home = mkdtempSync(join(tmpdir(), "podscope-bench-cri-"));
  const octet = 100 + Math.floor(Math.random() * 100);
  const opts: LocalNodeOptions = { home, bridge: `pscbench${octet}`, podSubnet: `10.219.${octet}.0/24` };
  try {
    const t = performance.now();
    const node = await ensureContainerd(opts);
    console.log(`containerd start + CRI answering + local image import: ${ms(performance.now() - t)} (started: ${node.started})`);
    const cri = node.cri;

    // Warm-up pod: the first sandbox pays for creating the bridge and the pause snapshot.
    const warm = await measureBarePod(cri, home, "warmup");
    console.log(`first pod (cold: bridge, snapshots): ${ms(warm.totalMs)}`);

    const runs: BarePodTimings[] = [];
    for (let i = 0; i < 5; i++) runs.push(await measureBarePod(cri, home, `one-${i}`));
    console.log("one pod, sandbox + 2 containers (median of 5):");
    console.log(`  RunPodSandbox     ${ms(median(runs.map((r) => r.runPodSandboxMs)))}`);
    console.log(`  CreateContainer   ${ms(median(runs.flatMap((r) => r.createContainerMs)))} each`);
    console.log(`  StartContainer    ${ms(median(runs.flatMap((r) => r.startContainerMs)))} each`);
    console.log(`  total             ${ms(median(runs.map((r) => r.totalMs)))}`);

    // Clear the board so the 30-pod figure and RSS are for 30 pods exactly.
    for (const sb of await cri.listPodSandbox()) {
      await cri.stopPodSandbox(sb.id);
      await cri.removePodSandbox(sb.id);
    }

    const t30 = performance.now();
    const thirty: BarePodTimings[] = [];
    for (let i = 0; i < 30; i++) thirty.push(await measureBarePod(cri, home, `pod-${i}`, 1));
    const total30 = performance.now() - t30;
    console.log(`30 pods (sandbox + 1 container each), one after another: ${ms(total30)} (${ms(total30 / 30)} per pod)`);
    console.log(
      `  RunPodSandbox median ${ms(median(thirty.map((r) => r.runPodSandboxMs)))}, max ${ms(Math.max(...thirty.map((r) => r.runPodSandboxMs)))}`,
    );

    // The same again, all 30 at once (kubelet's pod workers run in parallel).
    const tPar = performance.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => measureBarePod(cri, home, `par-${i}`, 1)));
    console.log(`30 more pods, all at once: ${ms(performance.now() - tPar)}`);

    const shims = findProcesses(["containerd-shim", "-address", node.socket]);
    const containerdRss = rssKiB(node.pid!);
    const shimRss = shims.reduce((a, p) => a + rssKiB(p), 0);
    console.log(
      `RSS with 60 pods: containerd ${(containerdRss / 1024).toFixed(1)} MiB; ${shims.length} shims ${(shimRss / 1024).toFixed(1)} MiB (${(shimRss / 1024 / Math.max(1, shims.length)).toFixed(1)} MiB each)`,
    );

    const tl = performance.now();
    const listed = await cri.listContainers();
    console.log(`ListContainers (${listed.length} containers): ${ms(performance.now() - tl)}`);
    cri.close();
  } finally {
    const td = performance.now();
    const report = await down(opts);
    console.log(
      `down (${report.sandboxesRemoved.length} pods, containerd, cgroups, bridge): ${ms(performance.now() - td)}${report.errors.length ? ` errors: ${report.errors.join("; ")}` : ""}`,
    );
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
