// Benchmark: read the host's whole cgroup tree (with stats and command lines) and the namespaces
// of every process. Prints figures and a ratio against systemd-cgls; asserts nothing.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rmdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import {
  controllerDir,
  detectCgroupLayout,
  formatCgls,
  listPids,
  readCgroupTree,
  readProcessNamespaces,
  treeHierarchy,
  type CgroupNode,
  type PodMapEntry,
} from "../src/index";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let value!: T;
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    value = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), value };
}

function count(n: CgroupNode): { cgroups: number; processes: number } {
  return n.children.map(count).reduce((a, b) => ({ cgroups: a.cgroups + b.cgroups, processes: a.processes + b.processes }), {
    cgroups: 1,
    processes: n.processes.length,
  });
}

const layout = await detectCgroupLayout();
const tree = treeHierarchy(layout);
console.log(`layout ${layout.version}, tree from the ${tree.name} hierarchy at ${tree.mount.mountPoint}; median of ${RUNS} runs`);

const full = await time(() => readCgroupTree());
const c = count(full.value);
console.log(
  `readCgroupTree("/") with stats: ${full.ms.toFixed(1)} ms for ${c.cgroups} cgroups, ${c.processes} processes (${((full.ms * 1000) / c.cgroups).toFixed(0)} µs/cgroup)`,
);
const bare = await time(() => readCgroupTree({ stats: false }));
console.log(`readCgroupTree("/") without stats: ${bare.ms.toFixed(1)} ms`);
const fmt = await time(() => formatCgls(full.value, { all: true, kernelThreads: true }));
console.log(`formatCgls: ${fmt.ms.toFixed(2)} ms, ${fmt.value.split("\n").length - 1} lines`);

const cgls = "/usr/bin/systemd-cgls";
if (existsSync(cgls)) {
  const spec = tree.name === "cgroup2" ? "/" : `${tree.name}:/`;
  const sys = await time(() => execFileSync(cgls, ["--no-pager", "--full", "--all", "-k", spec], { encoding: "utf8" }));
  const ours = await time(async () => formatCgls(await readCgroupTree({ stats: false }), { all: true, kernelThreads: true }));
  console.log(
    `systemd-cgls --all -k ${spec} (process start included): ${sys.ms.toFixed(1)} ms; ours read+format without stats: ${ours.ms.toFixed(1)} ms; ratio ours/systemd-cgls ${(ours.ms / sys.ms).toFixed(2)}`,
  );
} else {
  console.log("systemd-cgls not installed: no ratio");
}

const nsRun = await time(async () => {
  const pids = await listPids();
  const all = await Promise.all(pids.map((p) => readProcessNamespaces(p).catch(() => null)));
  return { pids: pids.length, read: all.filter(Boolean) };
});
const distinct = new Set(nsRun.value.read.flatMap((n) => Object.entries(n!).map(([t, i]) => `${t}:${i}`)));
console.log(
  `readProcessNamespaces for all ${nsRun.value.pids} processes: ${nsRun.ms.toFixed(1)} ms (${((nsRun.ms * 1000) / nsRun.value.pids).toFixed(0)} µs/process), ${distinct.size} distinct namespaces`,
);
// A node-sized kubepods tree: PODS pods (sandbox + 2 containers, one process each) under a
// scratch root in the tree hierarchy, read with the pod map. Removed again at the end.
const PODS = Number(process.env.BENCH_PODS ?? 30);
if (process.getuid?.() === 0) {
  const root = `/podscope-bench-${randomBytes(4).toString("hex")}`;
  const hier = tree.name === "cgroup2" ? "" : tree.name;
  const dirs: string[] = [];
  const procs: ChildProcess[] = [];
  const podMap: PodMapEntry[] = [];
  try {
    for (let i = 0; i < PODS; i++) {
      const h = randomBytes(16).toString("hex");
      const uid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      const ids = [0, 1, 2].map(() => randomBytes(32).toString("hex"));
      podMap.push({
        uid,
        namespace: "bench",
        name: `pod-${i}`,
        sandboxId: ids[0],
        containers: [
          { id: ids[1], name: "a" },
          { id: ids[2], name: "b" },
        ],
      });
      const qos = ["", "/burstable", "/besteffort"][i % 3];
      for (const id of ids) {
        const path = `${root}/kubepods${qos}/pod${uid}/${id}`;
        const dir = controllerDir(layout, hier, path)!;
        await mkdir(dir, { recursive: true });
        const p = spawn("sleep", ["600"], { stdio: "ignore" });
        procs.push(p);
        await new Promise((r) => p.once("spawn", r));
        await writeFile(`${dir}/cgroup.procs`, String(p.pid));
      }
    }
    const r = await time(() => readCgroupTree({ root, podMap }));
    const n = count(r.value);
    console.log(
      `synthetic node, ${PODS} pods × (sandbox + 2 containers): readCgroupTree ${r.ms.toFixed(1)} ms for ${n.cgroups} cgroups, ${n.processes} processes`,
    );
  } finally {
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : (p.once("exit", r), p.kill("SIGKILL"))))));
    const walk = async (path: string): Promise<void> => {
      const dir = controllerDir(layout, hier, path)!;
      const { readdir } = await import("node:fs/promises");
      for (const e of await readdir(dir, { withFileTypes: true })) if (e.isDirectory()) await walk(`${path}/${e.name}`);
      dirs.push(dir);
    };
    await walk(root).catch(() => {});
    for (const d of dirs) await rmdir(d).catch((e) => console.error(`cleanup: ${d}: ${e.message}`));
  }
} else {
  console.log("not root: synthetic node section not run");
}

const mem = process.memoryUsage();
console.log(`RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
