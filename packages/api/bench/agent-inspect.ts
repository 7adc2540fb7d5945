// Benchmark: a cluster pod's cgroup tree through the podscope agent (ClusterSource.inspector: pod cache →
// agent pod → GET through the API server's pods/proxy → the agent reads the node) against the same view read
// on this machine the way the local source does it (the pod map from the node's CRI, then packages/inspect over
// the node's cgroup root) — the same pod on the same node (kubelet-real), so the difference is the way there.
// Figures and the ratio are printed, never asserted. Needs the control plane (pnpm bench starts it); the real
// kubelet node is started when it is not running (and stopped again), the agent DaemonSet deployed onto it
// in a namespace of its own and deleted afterwards.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createNodeInspector, podMapFromPods } from "@podscope/inspect";
import { HistoryRecorder, KubeSource } from "@podscope/kube";
import { CriClient } from "@podscope/runtime";
import { ClusterSource } from "../src";
import { deployAgent } from "../../agent/test/real-node/deploy";
import { runTestPod } from "../../agent/test/real-node/test-pod";

const RUNS = Number(process.env.PODSCOPE_BENCH_RUNS ?? 40);
const WARMUP = 5;
const CP = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scripts", "controlplane.sh");

async function timed(fn: () => Promise<unknown>): Promise<{ median: number; p90: number; min: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], p90: ms[Math.floor(ms.length * 0.9)], min: ms[0] };
}

const d = await deployAgent({ namespacePrefix: "agent-bench" });
const dir = mkdtempSync(join(tmpdir(), "agent-bench-"));
let source: ClusterSource | undefined;
const cri = new CriClient(d.kubelet.socket);
try {
  const kubeconfig = /KUBECONFIG=(\S+)/.exec(execFileSync("bash", [CP, "env"], { encoding: "utf8" }))![1];
  const kube = new KubeSource({ kubeconfig, resources: ["pods"] }).start();
  source = new ClusterSource({ name: kube.context, server: "bench" }, () => kube, new HistoryRecorder({ file: join(dir, "h.sqlite") }), {
    agentNamespace: d.namespace,
  });
  const name = "busy";
  // The source's cache must see it running: the agent's way takes the pod's node and container IDs from there.
  await runTestPod(d, name, { seenBy: source });
  const pod = await source.getPod(d.namespace, name);
  const ref = { namespace: d.namespace, name };

  // The local source's way: ask the runtime for sandboxes on every call (as LocalSource does), then read the host.
  const local = createNodeInspector(
    async () => {
      const sandboxes = await cri.listPodSandbox({ state: { state: "SANDBOX_READY" } });
      const byUid = new Map(sandboxes.map((s) => [s.labels?.["io.kubernetes.pod.uid"] ?? "", s.id] as const));
      return podMapFromPods([pod], (p) => byUid.get(p.metadata.uid ?? ""));
    },
    { cgroupRoot: d.kubelet.cgroupRoot },
  );

  const viaAgent = await timed(() => source!.inspector.cgroups(ref));
  const direct = await timed(() => local.cgroups(ref));
  const fmt = (r: { median: number; p90: number; min: number }) =>
    `median ${r.median.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, min ${r.min.toFixed(1)} ms`;
  console.log(`inspector.cgroups(pod), ${RUNS} runs after ${WARMUP} warm-up, pod ${d.namespace}/${name} on ${d.kubelet.nodeName}`);
  console.log(`  through the agent (pods/proxy): ${fmt(viaAgent)}`);
  console.log(`  read on this machine (local):   ${fmt(direct)}`);
  console.log(`  ratio agent/local (median):     ${(viaAgent.median / direct.median).toFixed(1)}×`);
} finally {
  cri.close();
  await source?.close();
  await d.teardown();
  rmSync(dir, { recursive: true, force: true });
}
