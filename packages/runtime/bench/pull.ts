// A registry pull of a 5-layer image (the local busybox layer + 4 generated 1 MiB layers) through
// podscope's CRI pull (LocalNode.pullImage → containerd's PullImage) beside `ctr image pull` of the
// same kind of image into the same containerd, alternating, median of 5. Every pull gets fresh
// random layers (a repository of its own), so neither side finds a blob the other already fetched;
// the busybox base layer is in the store for both (the node imports it). Figures only, never asserted.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { localNodePaths } from "../src/containerd";
import { buildBusyboxImage } from "../src/images/local-images";
import { writeTar } from "../src/images/tar";
import { startTestNode } from "../test/kubelet-helpers";
import { pushImage, startRegistry } from "../test/registry-fixture";

const run = promisify(execFile);
const RUNS = 5;
const LAYERS = 4;
const LAYER_BYTES = 1 << 20;

const ms = (x: number) => `${x.toFixed(1)} ms`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** 4 small layers of random bytes (incompressible, so the registry serves their full size). */
function generatedLayers(tag: string): Buffer[] {
  return Array.from({ length: LAYERS }, (_, i) =>
    writeTar([
      { type: "dir", path: "bench" },
      { type: "file", path: `bench/${tag}-${i}.bin`, data: randomBytes(LAYER_BYTES) },
    ]),
  );
}

async function main() {
  const registry = await startRegistry();
  const t = await startTestNode("pull");
  try {
    const busybox = readFileSync((await buildBusyboxImage()).file);
    const socket = localNodePaths(t.opts.home).socket;
    const push = async (repo: string) => {
      await pushImage(busybox, registry.host, repo, "v1", undefined, generatedLayers(repo));
      return `${registry.host}/${repo}:v1`;
    };
    const viaCri = async (ref: string) => {
      const t0 = performance.now();
      await t.node.pullImage(ref);
      return performance.now() - t0;
    };
    const viaCtr = async (ref: string) => {
      const t0 = performance.now();
      await run("ctr", ["--address", socket, "-n", "k8s.io", "images", "pull", "--plain-http", ref]);
      return performance.now() - t0;
    };
    // One of each unmeasured first: warms the registry, the node's gRPC channel and ctr's page cache.
    await viaCri(await push("bench/warm-cri"));
    await viaCtr(await push("bench/warm-ctr"));

    const cri: number[] = [];
    const ctr: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const a = await push(`bench/cri-${i}`);
      const b = await push(`bench/ctr-${i}`);
      // Alternate who goes first, so neither always pulls on a just-busy disk.
      if (i % 2) {
        ctr.push(await viaCtr(b));
        cri.push(await viaCri(a));
      } else {
        cri.push(await viaCri(a));
        ctr.push(await viaCtr(b));
      }
    }
    const c = median(cri);
    const r = median(ctr);
    console.log(
      `pull of a ${LAYERS + 1}-layer image (busybox + ${LAYERS} × ${LAYER_BYTES >> 20} MiB), loopback registry (median of ${RUNS}):`,
    );
    console.log(`  podscope CRI pull (LocalNode.pullImage)  ${ms(c)}   [${cri.map((x) => x.toFixed(0)).join(", ")}]`);
    console.log(`  ctr images pull --plain-http             ${ms(r)}   [${ctr.map((x) => x.toFixed(0)).join(", ")}]`);
    console.log(`  ratio                                    ${(c / r).toFixed(2)}×`);
  } finally {
    await t.close();
    await registry.stop();
  }
}

await main();
