// Benchmark: initial sync of a KubeSource beside `kubectl get pods -A -o json` on the same
// cluster in the same run, the process RSS, and watch events processed per second under churn.
// Figures are printed, never asserted. Sizes: PODSCOPE_BENCH_NODES (default 100) KWOK nodes and
// PODSCOPE_BENCH_PODS (default 5000) pods — the 1,000 nodes / 30,000 pods take far longer
// to create on a 2-core machine shared with other work; set the variables to run that size.
import { execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { KubeList } from "@podscope/core";
import { KubeClient, loadKubeConfig } from "../src";

const NODES = Number(process.env.PODSCOPE_BENCH_NODES ?? 100);
const PODS = Number(process.env.PODSCOPE_BENCH_PODS ?? 5000);
const CHURN_SECONDS = Number(process.env.PODSCOPE_BENCH_CHURN_SECONDS ?? 10);
const NS = "podscope-bench";

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, "..", "..", "..", "scripts", "controlplane.sh");
const cp = (...args: string[]) => execFileSync("bash", [script, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<unknown>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

async function main() {
  cp("build");
  const wasRunning = /kube-apiserver running/.test(cp("status"));
  const kubeconfig = cp("start").trim().split("\n").pop() as string;
  const binDir = cp("bin").trim();
  const admin = new KubeClient(loadKubeConfig({ path: kubeconfig }));
  try {
    console.log(`setting up ${NODES} KWOK nodes and ${PODS} pods…`);
    const t0 = Date.now();
    const nodeNames = Array.from({ length: NODES }, (_, i) => `bench-node-${i}`);
    await pool(nodeNames, 16, (name) =>
      admin
        .request("POST", "/api/v1/nodes", {
          body: {
            apiVersion: "v1",
            kind: "Node",
            metadata: { name, annotations: { "kwok.x-k8s.io/node": "fake" }, labels: { type: "kwok-bench" } },
            // Tainted so other users' pods on a shared sandbox cluster are never scheduled here
            // (bench pods are bound by nodeName and skip the scheduler).
            spec: { taints: [{ key: "podscope.dev/bench", value: "true", effect: "NoSchedule" }] },
            status: { allocatable: { cpu: "1000", memory: "4Ti", pods: "2000" }, capacity: { cpu: "1000", memory: "4Ti", pods: "2000" } },
          },
        })
        .catch((e) => (e.code === 409 ? undefined : Promise.reject(e))),
    );
    await admin
      .request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } } })
      .catch((e) => (e.code === 409 ? undefined : Promise.reject(e)));
    for (;;) {
      try {
        await admin.request("GET", `/api/v1/namespaces/${NS}/serviceaccounts/default`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const existing = await admin.request<KubeList>("GET", `/api/v1/namespaces/${NS}/pods`, { query: { limit: 1 } });
    const have = Number(existing.metadata.remainingItemCount ?? 0) + existing.items.length;
    const podNames = Array.from({ length: Math.max(0, PODS - have) }, (_, i) => `bench-${have + i}`);
    await pool(podNames, 32, (name) =>
      admin
        .request("POST", `/api/v1/namespaces/${NS}/pods`, {
          body: {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name, labels: { app: "bench" } },
            // Bound directly to a node: the benchmark measures watching, not the scheduler.
            spec: {
              nodeName: nodeNames[Number(name.split("-")[1]) % NODES],
              containers: [{ name: "c", image: "localhost/busybox:latest" }],
              terminationGracePeriodSeconds: 0,
            },
          },
        })
        .catch((e) => (e.code === 409 ? undefined : Promise.reject(e))),
    );
    console.log(`set-up took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // kubectl: the same data, fetched and decoded once (it pages by 500 too).
    const kubectlTimes: number[] = [];
    let kubectlBytes = 0;
    for (let i = 0; i < 2; i++) {
      const k0 = performance.now();
      const out = execFileSync(join(binDir, "kubectl"), ["--kubeconfig", kubeconfig, "get", "pods", "-A", "-o", "json"], {
        maxBuffer: 2 ** 31 - 1,
      });
      kubectlTimes.push(performance.now() - k0);
      kubectlBytes = out.length;
    }

    // The source runs in a child process: its RSS and CPU are then only the server's.
    const child = spawn(process.execPath, ["--import", "tsx", join(here, "child", "sync-server.ts"), kubeconfig], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout });
    // The child's report lines (child/sync-server.ts): "SYNCED {…}" once synced, "RESULT {…}" after the churn.
    const next = <T>(prefix: string) =>
      new Promise<T>((resolve, reject) => {
        const onLine = (l: string) => {
          if (!l.startsWith(prefix + " ")) return;
          lines.off("line", onLine);
          resolve(JSON.parse(l.slice(prefix.length + 1)) as T);
        };
        lines.on("line", onLine);
        child.once("exit", (code) => reject(new Error(`sync-server exited with ${code} before ${prefix}`)));
      });
    const synced = await next<{ syncMs: number; count: number; rss0: number; rss1: number }>("SYNCED");
    const { syncMs, count: syncedCount, rss0, rss1 } = synced;

    // Churn: relabel pods as fast as the API server takes it, while the child counts watch events.
    const resultP = next<{ events: number; seconds: number; cpuMs: number; rss2: number }>("RESULT");
    child.stdin.write(`churn ${CHURN_SECONDS}\n`);
    const end = Date.now() + CHURN_SECONDS * 1000;
    let patches = 0;
    await pool(Array.from({ length: 32 }), 32, async () => {
      while (Date.now() < end) {
        const name = `bench-${Math.floor(Math.random() * PODS)}`;
        await admin
          .request("PATCH", `/api/v1/namespaces/${NS}/pods/${name}`, {
            body: { metadata: { labels: { churn: String(patches) } } },
            contentType: "application/merge-patch+json",
          })
          .then(() => patches++)
          .catch(() => undefined);
      }
    });
    const { events, seconds: churnSec, cpuMs, rss2 } = await resultP;

    const kubectlMs = Math.min(...kubectlTimes);
    console.log(`pods in cluster (all namespaces): ${syncedCount}; nodes: ${NODES} bench + sandbox`);
    console.log(
      `kubectl get pods -A -o json: ${kubectlTimes.map((t) => (t / 1000).toFixed(2)).join(" s, ")} s (best ${(kubectlMs / 1000).toFixed(2)} s, ${mb(kubectlBytes)} MB JSON)`,
    );
    console.log(`KubeSource initial sync (pods, pages of 500, + history recorder): ${(syncMs / 1000).toFixed(2)} s`);
    console.log(`ratio sync/kubectl: ${(syncMs / kubectlMs).toFixed(2)}`);
    console.log(
      `server process RSS: at start ${mb(rss0)} MB, after sync ${mb(rss1)} MB (+${mb(rss1 - rss0)} MB, ${((rss1 - rss0) / Math.max(1, syncedCount) / 1024).toFixed(1)} KiB/pod), after churn ${mb(rss2)} MB`,
    );
    console.log(
      `churn: ${patches} patches in ${churnSec.toFixed(1)} s; watch events processed: ${events} (${(events / churnSec).toFixed(0)}/s, recorder on)`,
    );
    console.log(
      `  server CPU during churn: ${cpuMs.toFixed(0)} ms, ${((cpuMs * 1000) / Math.max(1, events)).toFixed(0)} µs per watch event (decode, cache, fan-out, SQLite) — the rate is bounded by how fast the API server takes patches, not by the source`,
    );
  } finally {
    if (wasRunning) {
      // Someone else's control plane: leave it as we found it. Pods first, without grace and many
      // at a time: a namespace deletion alone takes many minutes for 30,000 pods (and a DELETE
      // collection hits the API server's request timeout), keeping the cluster busy for others.
      console.log("cleaning up…");
      await pool(
        Array.from({ length: PODS }, (_, i) => `bench-${i}`),
        32,
        (n) => admin.request("DELETE", `/api/v1/namespaces/${NS}/pods/${n}`, { body: { gracePeriodSeconds: 0 } }).catch(() => undefined),
      );
      await admin.request("DELETE", `/api/v1/namespaces/${NS}`).catch(() => undefined);
      await pool(
        Array.from({ length: NODES }, (_, i) => `bench-node-${i}`),
        16,
        (n) => admin.request("DELETE", `/api/v1/nodes/${n}`).catch(() => undefined),
      );
    }
    admin.close();
    if (!wasRunning) cp("stop");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
