// apply → Running → Ready for a busybox httpd pod with an httpGet readiness probe, on podscope's local
// node and on the real kubelet (v1.34, scripts/kubelet.sh, node kubelet-real of the test control
// plane) on the same machine, alternating, median of 5 after one unmeasured pod each. The real pod is
// bound by nodeName (no scheduler in the figure) and tolerates the node's taint; its statuses come from
// an API watch, the local node's from its own notifications. Figures only, never asserted. Needs the
// control plane (bash scripts/controlplane.sh start); starts the kubelet and stops it again unless it
// was already running.
import { randomBytes } from "node:crypto";
import type { Pod, PodSpec } from "@podscope/core";
import { adminApi, applyPod, call, ensureNamespace, ensureRealKubelet, stopRealKubelet, watchPod, type Api } from "../fidelity/cluster";
import { BUSYBOX } from "../fidelity/scenarios";
import type { LocalNode } from "../src/local-node";
import { startTestNode } from "../test/kubelet-helpers";

const RUNS = 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const list = (xs: number[]) => `[${xs.map((x) => x.toFixed(0)).join(", ")}]`;

const spec = (): PodSpec => ({
  restartPolicy: "Always",
  terminationGracePeriodSeconds: 0,
  automountServiceAccountToken: false,
  containers: [
    {
      name: "web",
      image: BUSYBOX,
      imagePullPolicy: "IfNotPresent",
      command: ["sh", "-c", "mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 8080 -h /www"],
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
      readinessProbe: { httpGet: { path: "/index.html", port: "http", scheme: "HTTP" }, periodSeconds: 1, failureThreshold: 1 },
    },
  ],
});

const running = (p: Pod) => p.status?.phase === "Running";
const ready = (p: Pod) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

interface Timing {
  runningMs: number;
  readyMs: number;
  /** creationTimestamp → the Ready condition's lastTransitionTime, in whole seconds as the API keeps them. */
  stampedS: number;
}

/** Calls start, then resolves when the statuses handed to `feed` reach Running and Ready. */
function timeUntilReady(subscribe: (feed: (p: Pod) => void) => () => void, start: () => Promise<unknown>): Promise<Timing> {
  return new Promise((resolve, reject) => {
    let runningMs: number | undefined;
    let t0 = 0;
    const unsubscribe = subscribe((p) => {
      if (!t0) return;
      const now = performance.now() - t0;
      if (runningMs === undefined && running(p)) runningMs = now;
      if (ready(p)) {
        unsubscribe();
        const created = Date.parse(p.metadata.creationTimestamp ?? "");
        const readyAt = Date.parse(p.status?.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime ?? "");
        resolve({ runningMs: runningMs ?? now, readyMs: now, stampedS: (readyAt - created) / 1000 });
      }
    });
    t0 = performance.now();
    start().catch((err: unknown) => {
      unsubscribe();
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}

function onReal(api: Api, namespace: string, nodeName: string, taintKey: string, name: string): Promise<Timing> {
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace },
    spec: { ...spec(), nodeName, tolerations: [{ key: taintKey, operator: "Exists", effect: "NoSchedule" }] },
  };
  return timeUntilReady(
    (feed) => watchPod(api, namespace, name, feed, () => undefined),
    () => applyPod(api, pod),
  );
}

function onLocal(node: LocalNode, namespace: string, name: string): Promise<Timing> {
  const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec: spec() };
  return timeUntilReady(
    (feed) => {
      const on = (p: Pod) => {
        if (p.metadata.namespace === namespace && p.metadata.name === name) feed(p);
      };
      node.on("pod", on);
      return () => node.off("pod", on);
    },
    () => node.createPod(pod),
  );
}

async function deleteReal(api: Api, namespace: string, name: string): Promise<void> {
  await call(api, "DELETE", `/api/v1/namespaces/${namespace}/pods/${name}`, {
    apiVersion: "v1",
    kind: "DeleteOptions",
    gracePeriodSeconds: 0,
  });
  // Gone before the next one starts, so the kubelet is not still tearing down while measured.
  const end = Date.now() + 60_000;
  while ((await call(api, "GET", `/api/v1/namespaces/${namespace}/pods/${name}`)).status !== 404 && Date.now() < end)
    await new Promise((r) => setTimeout(r, 200));
}

async function main() {
  const api = adminApi();
  const kubelet = ensureRealKubelet();
  const namespace = `bench-${randomBytes(3).toString("hex")}`;
  const local = await startTestNode("rdy");
  try {
    await ensureNamespace(api, namespace);
    const real: Timing[] = [];
    const mine: Timing[] = [];
    for (let i = -1; i < RUNS; i++) {
      const name = i < 0 ? "warmup" : `web-${i}`;
      const r = await onReal(api, namespace, kubelet.nodeName, kubelet.taintKey, name);
      await deleteReal(api, namespace, name);
      const p = await onLocal(local.node, namespace, name);
      await local.node.deletePod(namespace, name, { gracePeriodSeconds: 0 });
      if (i >= 0) {
        real.push(r);
        mine.push(p);
      }
    }
    const row = (label: string, f: (t: Timing) => number) => {
      const k = median(real.map(f));
      const m = median(mine.map(f));
      console.log(`  ${label.padEnd(34)} kubelet ${k.toFixed(0).padStart(5)} ms ${list(real.map(f))}`);
      console.log(`  ${"".padEnd(34)} podscope ${m.toFixed(0).padStart(4)} ms ${list(mine.map(f))}   ratio ${(m / k).toFixed(2)}×`);
    };
    console.log(`busybox httpd pod with an httpGet readiness probe (period 1 s), median of ${RUNS}:`);
    row("apply → Running", (t) => t.runningMs);
    row("apply → Ready", (t) => t.readyMs);
    const stamped = (ts: Timing[]) => `${median(ts.map((t) => t.stampedS))} s`;
    console.log(`  creationTimestamp → Ready (API seconds): kubelet ${stamped(real)}, podscope ${stamped(mine)}`);
  } finally {
    await call(api, "DELETE", `/api/v1/namespaces/${namespace}`).catch(() => undefined);
    await local.close();
    if (kubelet.startedHere && !process.env.PODSCOPE_KEEP_KUBELET) stopRealKubelet();
  }
}

await main();
