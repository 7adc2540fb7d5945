// A private corner of the shared control plane for the live drain tests: two KWOK fake nodes of our own (tainted
// so nobody else's pods land there) run by a KWOK process of our own (so another suite's 30,000 benchmark pods
// queued in the shared KWOK do not delay ours), a Deployment whose pods may run only on them, and its budget.
// The destination node starts cordoned, so every replica lands on the source node; draining the source then moves
// them to the destination.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node, Pod, PodDisruptionBudget } from "@podscope/core";
import type { KubeClient } from "../src";
// Not from helpers.ts: that one reads vitest's inject(), which the API tests and Playwright cannot give.
import { eventually } from "./eventually";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scripts", "controlplane.sh");

export const TEST_LABEL = "podscope.dev/drain-live-test";

export interface DrainFixture {
  id: string;
  ns: string;
  src: string;
  dst: string;
  app: string;
  kwok?: ChildProcess;
}

/** A KWOK controller for the nodes annotated kwok.x-k8s.io/node=<id> only, with the control plane's own stages. */
function startKwok(kubeconfig: string, id: string): ChildProcess {
  const KWOK = join(execFileSync("bash", [SCRIPT, "bin"], { encoding: "utf8" }).trim(), "kwok");
  const stages = join(dirname(kubeconfig), "kwok-stages.yaml");
  if (!existsSync(KWOK) || !existsSync(stages))
    throw new Error(`KWOK not found (${KWOK}, ${stages}): build and start the control plane with scripts/controlplane.sh`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const p = spawn(
    KWOK,
    [
      `--kubeconfig=${kubeconfig}`,
      `--config=${stages}`,
      "--manage-all-nodes=false",
      `--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=${id}`,
      "--node-ip=10.89.0.1",
      "--cidr=10.89.0.0/16",
      "--node-lease-duration-seconds=40",
      `--server-address=127.0.0.1:${port}`,
    ],
    { stdio: "ignore" },
  );
  return p;
}

function nodeManifest(name: string, id: string, unschedulable: boolean) {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      annotations: { "kwok.x-k8s.io/node": id, "node.alpha.kubernetes.io/ttl": "0" },
      labels: { type: "kwok", [TEST_LABEL]: id, "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" },
    },
    spec: { unschedulable: unschedulable || undefined, taints: [{ key: TEST_LABEL, value: id, effect: "NoSchedule" }] },
    status: { allocatable: { cpu: "8", memory: "32Gi", pods: "50" }, capacity: { cpu: "8", memory: "32Gi", pods: "50" } },
  };
}

const nodeReady = (n: Node) =>
  n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") &&
  !(n.spec?.taints ?? []).some((t) => t.key.startsWith("node.kubernetes.io/") && t.key !== "node.kubernetes.io/unschedulable");

export async function createFixture(admin: KubeClient, kubeconfig: string, prefix: string): Promise<DrainFixture> {
  const id = `${prefix}-${Date.now().toString(36)}`;
  const fx: DrainFixture = { id, ns: id, src: `${id}-src`, dst: `${id}-dst`, app: `web-${id}` };
  try {
    fx.kwok = startKwok(kubeconfig, id);
    await admin.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: fx.ns } } });
    await eventually(`service account default in ${fx.ns}`, () =>
      admin.request("GET", `/api/v1/namespaces/${fx.ns}/serviceaccounts/default`).then(() => true),
    );
    await admin.request("POST", "/api/v1/nodes", { body: nodeManifest(fx.src, id, false) });
    await admin.request("POST", "/api/v1/nodes", { body: nodeManifest(fx.dst, id, true) });
    for (const n of [fx.src, fx.dst])
      await eventually(`KWOK node ${n} Ready`, () => admin.request<Node>("GET", `/api/v1/nodes/${n}`).then(nodeReady), 90_000, 300);
    return fx;
  } catch (e) {
    await deleteFixture(admin, fx); // never leave a half-made fixture in the shared cluster
    throw e;
  }
}

export async function deleteFixture(admin: KubeClient, fx: DrainFixture | undefined): Promise<void> {
  if (!fx) return;
  const ns = `/namespaces/${fx.ns}`;
  const orphan = { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Orphan" };
  // Remove the controllers first (nothing recreates the pods), then the pods while our KWOK still runs to finalize
  // them: on a busy shared cluster the namespace controller may reach them only after our KWOK is gone.
  await admin.request("DELETE", `/apis/apps/v1${ns}/deployments`, { body: orphan }).catch(() => undefined);
  await admin.request("DELETE", `/apis/apps/v1${ns}/replicasets`, { body: orphan }).catch(() => undefined);
  await admin.request("DELETE", `/api/v1${ns}/pods`).catch(() => undefined);
  const left = () =>
    admin.request<{ items: Pod[] }>("GET", `/api/v1${ns}/pods`).then(
      (l) => l.items,
      () => [] as Pod[],
    );
  await eventually(`pods of ${fx.ns} gone`, async () => (await left()).length === 0, 30_000, 500).catch(() => undefined);
  // Fake pods our KWOK did not finalize in time: remove their objects so the namespace can go.
  for (const p of await left())
    await admin.request("DELETE", `/api/v1${ns}/pods/${p.metadata.name}`, { body: { gracePeriodSeconds: 0 } }).catch(() => undefined);
  await admin.request("DELETE", `/api/v1/namespaces/${fx.ns}`).catch(() => undefined);
  for (const n of [fx.src, fx.dst]) await admin.request("DELETE", `/api/v1/nodes/${n}`).catch(() => undefined);
  fx.kwok?.kill("SIGTERM");
}

/** A Deployment of `replicas` pods that may run only on the fixture's nodes, and a PDB with minAvailable. */
export async function deployWithBudget(admin: KubeClient, fx: DrainFixture, replicas: number, minAvailable: number): Promise<void> {
  const labels = { app: fx.app };
  await admin.request("POST", `/apis/apps/v1/namespaces/${fx.ns}/deployments`, {
    body: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: fx.ns },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: TEST_LABEL, operator: "In", values: [fx.id] }] }],
                },
              },
            },
            tolerations: [{ key: TEST_LABEL, operator: "Equal", value: fx.id, effect: "NoSchedule" }],
            containers: [{ name: "app", image: "localhost/busybox:latest", command: ["sleep", "3600"] }],
            terminationGracePeriodSeconds: 5,
          },
        },
      },
    },
  });
  await admin.request("POST", `/apis/policy/v1/namespaces/${fx.ns}/poddisruptionbudgets`, {
    body: {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "web", namespace: fx.ns },
      spec: { minAvailable, selector: { matchLabels: labels } },
    },
  });
}

export async function appPods(admin: KubeClient, fx: DrainFixture): Promise<Pod[]> {
  const l = await admin.request<{ items: Pod[] }>("GET", `/api/v1/namespaces/${fx.ns}/pods`, { query: { labelSelector: `app=${fx.app}` } });
  return l.items;
}

export const isReady = (p: Pod) =>
  !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;

/** Waits until `count` ready pods run on `node` and the budget, observed, allows `allowed` disruptions. */
export async function settled(
  admin: KubeClient,
  fx: DrainFixture,
  where: Record<string, number>,
  allowed: number,
): Promise<PodDisruptionBudget> {
  await eventually(
    `pods of ${fx.app} ready at ${JSON.stringify(where)}`,
    async () => {
      const pods = (await appPods(admin, fx)).filter(isReady);
      return (
        Object.entries(where).every(([node, n]) => pods.filter((p) => p.spec?.nodeName === node).length === n) &&
        pods.length === Object.values(where).reduce((a, b) => a + b, 0)
      );
    },
    180_000,
    300,
  );
  return eventually(
    `PDB web allowing ${allowed}`,
    async () => {
      const d = await admin.request<PodDisruptionBudget>("GET", `/apis/policy/v1/namespaces/${fx.ns}/poddisruptionbudgets/web`);
      return d.status &&
        d.status.observedGeneration === d.metadata.generation &&
        d.status.disruptionsAllowed === allowed &&
        Object.keys(d.status.disruptedPods ?? {}).length === 0
        ? d
        : undefined;
    },
    180_000,
    300,
  );
}
