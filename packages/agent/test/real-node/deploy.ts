// The agent on the real kubelet node, for tests: the test control plane (scripts/controlplane.sh), the
// Go-built kubelet registered to it as kubelet-real (scripts/kubelet.sh, started here when it is not
// running), the agent image built and loaded into that node's containerd (scripts/agent-image.sh's code),
// and `agentManifest` applied into a namespace of the caller's own, restricted to kubelet-real. The real
// scheduler and DaemonSet controller put the pod there; deployAgent waits until it is Ready.
//
// The shared cluster also runs kubectl drain on its KWOK nodes: the DaemonSet is pinned to kubelet-real by
// a nodeSelector and teardown deletes its namespace, so nothing of ours is ever left for a drain to meet.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { KubeEvent, Pod } from "@podscope/core";
// The fidelity suite's real-cluster harness: admin API calls and starting/stopping kubelet-real, defined once.
import { adminApi, call, ok, ensureRealKubelet, stopRealKubelet, type Api, type RealKubelet } from "../../../runtime/fidelity/cluster";
import { AGENT_IMAGE, AGENT_PORT, AGENT_SELECTOR_LABELS, AGENT_VERSION } from "../../src/constants";
import { agentManifest, type AgentManifestOptions } from "../../src/manifest";
import { ensureAgentImage, loadAgentImage } from "../../bundle/image";

export { adminApi, call, ok, type Api, type RealKubelet };

/** kubelet.sh's pod log directory (its podLogsDirectory); PODSCOPE_KUBELET_DIR as in the script. */
const KUBELET_POD_LOGS = join(process.env.PODSCOPE_KUBELET_DIR ?? "/tmp/podscope-kubelet", "pods");

export interface AgentDeployment {
  api: Api;
  kubelet: RealKubelet;
  namespace: string;
  podName: string;
  podIP: string;
  nodeName: string;
  /** The agent pod as the API server had it when it became Ready. */
  pod: Pod;
  /** Deletes the namespace, waits until the agent pod is gone; stops kubelet-real only if deployAgent started it. */
  teardown(): Promise<void>;
}

export interface DeployOptions {
  /** Prefix of the namespace this deployment owns (a unique suffix is added). */
  namespacePrefix?: string;
  /** How long the pod may take to become Ready; the default allows a cold image import. */
  readyTimeoutMs?: number;
  /**
   * Manifest options over the test's own (e.g. an image the node does not have, to see the agent missing). The
   * namespace and the nodeSelector stay the helper's: the agent never lands on the shared cluster's KWOK nodes.
   */
  manifest?: Omit<AgentManifestOptions, "namespace" | "nodeSelector">;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resource path of an object the manifest produces (the kinds it may contain, nothing more). */
function objectPath(o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): string {
  const plural: Record<string, [string, boolean]> = {
    "v1/Namespace": ["/api/v1/namespaces", false],
    "v1/ServiceAccount": ["/api/v1/namespaces/{ns}/serviceaccounts", true],
    "v1/ConfigMap": ["/api/v1/namespaces/{ns}/configmaps", true],
    "apps/v1/DaemonSet": ["/apis/apps/v1/namespaces/{ns}/daemonsets", true],
    "rbac.authorization.k8s.io/v1/Role": ["/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles", true],
    "rbac.authorization.k8s.io/v1/RoleBinding": ["/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings", true],
  };
  const entry = plural[`${o.apiVersion}/${o.kind}`];
  if (!entry) throw new Error(`deploy helper: no API path for ${o.apiVersion} ${o.kind} (add it here)`);
  const [base, namespaced] = entry;
  if (namespaced && !o.metadata.namespace) throw new Error(`${o.kind} ${o.metadata.name} has no namespace`);
  return `${base.replace("{ns}", o.metadata.namespace ?? "")}/${o.metadata.name}`;
}

type ManifestObject = Parameters<typeof objectPath>[0];

function manifestObjects(m: unknown): ManifestObject[] {
  if (Array.isArray(m)) return m as ManifestObject[];
  const list = m as { kind?: string; items?: ManifestObject[] };
  if (list.kind === "List" && Array.isArray(list.items)) return list.items;
  return [m as ManifestObject];
}

/** Server-side apply of every object, in the manifest's order (the Namespace first). */
async function apply(api: Api, objects: ManifestObject[]): Promise<void> {
  for (const o of objects) {
    await ok(api, "PATCH", `${objectPath(o)}?fieldManager=podscope-agent-test&force=true`, o, "application/apply-patch+yaml");
  }
}

function agentPodsPath(namespace: string, nodeName: string): string {
  const labels = Object.entries(AGENT_SELECTOR_LABELS)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(labels)}&fieldSelector=${encodeURIComponent(`spec.nodeName=${nodeName}`)}`;
}

function isReady(p: Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** What a failed start looks like, in words: the pod's status, the namespace's events, the container logs. */
export async function describeFailure(api: Api, namespace: string, pod: Pod | undefined): Promise<string> {
  const lines: string[] = [];
  if (pod) {
    const s = pod.status ?? {};
    lines.push(`pod ${namespace}/${pod.metadata.name} on ${pod.spec.nodeName ?? "(unscheduled)"}: phase ${s.phase ?? "?"}`);
    for (const c of s.conditions ?? [])
      lines.push(`  condition ${c.type}=${c.status}${c.reason ? ` (${c.reason}: ${c.message ?? ""})` : ""}`);
    for (const c of s.containerStatuses ?? []) lines.push(`  container ${c.name}: ${JSON.stringify(c.state)} restarts ${c.restartCount}`);
  } else {
    lines.push(`no agent pod in ${namespace} on the node`);
  }
  const events = (await call(api, "GET", `/api/v1/namespaces/${namespace}/events`)).body as { items?: KubeEvent[] };
  lines.push("events:");
  for (const e of events.items ?? [])
    lines.push(`  ${e.type ?? ""} ${e.reason ?? ""} ${e.involvedObject.kind ?? ""}/${e.involvedObject.name ?? ""}: ${e.message ?? ""}`);
  if (pod) lines.push(...(await containerLogs(api, namespace, pod)));
  return lines.join("\n");
}

/** The containers' logs through the API server (kubectl logs), else from kubelet-real's pod log directory. */
async function containerLogs(api: Api, namespace: string, pod: Pod): Promise<string[]> {
  const out: string[] = [];
  for (const c of pod.spec.containers) {
    for (const previous of [false, true]) {
      const r = await call(
        api,
        "GET",
        `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/log?container=${c.name}&previous=${previous}&tailLines=50`,
      );
      if (r.status === 200) out.push(`logs of ${c.name}${previous ? " (previous)" : ""}:`, String(r.body).trimEnd());
    }
  }
  if (out.length > 0) return out;
  // The API server could not reach the kubelet: read its files (namespace_name_uid/container/N.log).
  const dir = join(KUBELET_POD_LOGS, `${namespace}_${pod.metadata.name}_${pod.metadata.uid}`);
  try {
    for (const c of readdirSync(dir))
      for (const f of readdirSync(join(dir, c)))
        out.push(
          `${dir}/${c}/${f}:`,
          readFileSync(join(dir, c, f), "utf8")
            .split("\n")
            .slice(-50)
            .join("\n"),
        );
  } catch (err) {
    out.push(`no logs: the API server gave none and ${dir} cannot be read (${(err as Error).message})`);
  }
  return out;
}

async function waitForAgentPod(api: Api, namespace: string, nodeName: string, timeoutMs: number): Promise<Pod> {
  const end = Date.now() + timeoutMs;
  let last: Pod | undefined;
  for (;;) {
    const list = (await ok(api, "GET", agentPodsPath(namespace, nodeName))) as { items: Pod[] };
    last = list.items[0];
    if (last && isReady(last) && last.status?.podIP) return last;
    // A container that keeps failing will not get better: say why now rather than at the deadline.
    const crashing = last?.status?.containerStatuses?.find((c) => c.restartCount >= 2 || c.state?.waiting?.reason === "ErrImageNeverPull");
    if (Date.now() > end || crashing) {
      const why = crashing ? "is failing" : `not Ready after ${Math.round(timeoutMs / 1000)} s`;
      throw new Error(`the podscope agent on ${nodeName} ${why}:\n${await describeFailure(api, namespace, last)}`);
    }
    await sleep(500);
  }
}

async function waitGone(api: Api, path: string, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await call(api, "GET", path);
    if (r.status === 404) return;
    const items = (r.body as { items?: unknown[] }).items;
    if (r.status === 200 && Array.isArray(items) && items.length === 0) return;
    if (Date.now() > end) throw new Error(`${what} still there after ${timeoutMs / 1000} s: ${JSON.stringify(r.body).slice(0, 500)}`);
    await sleep(500);
  }
}

/**
 * Deploys the agent DaemonSet onto kubelet-real and waits for its pod. The control plane must run (it is
 * shared and never started here); kubelet-real is started when it is not running, and a failure to start
 * it is an error, never a skip.
 */
export async function deployAgent(opts: DeployOptions = {}): Promise<AgentDeployment> {
  const api = adminApi();
  const kubelet = ensureRealKubelet();
  const namespace = `${opts.namespacePrefix ?? "agent-test"}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, "0")}`;
  let applied = false;
  let tornDown: Promise<void> | undefined;
  // Once only: a test's afterAll may call it after a failed deploy already did.
  const teardown = () => (tornDown ??= removeAll());
  const removeAll = async () => {
    try {
      if (applied) {
        const r = await call(api, "DELETE", `/api/v1/namespaces/${namespace}`);
        if (r.status >= 300 && r.status !== 404)
          throw new Error(`deleting namespace ${namespace}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
        await waitGone(api, `/api/v1/namespaces/${namespace}/pods`, `pods of namespace ${namespace}`);
        await waitGone(api, `/apis/apps/v1/namespaces/${namespace}/daemonsets`, `DaemonSets of namespace ${namespace}`);
      }
    } finally {
      if (kubelet.startedHere) stopRealKubelet();
    }
  };
  try {
    const image = await ensureAgentImage({ name: AGENT_IMAGE, version: AGENT_VERSION });
    await loadAgentImage(kubelet.socket, image.file);
    const objects = manifestObjects(
      agentManifest({
        criSocket: kubelet.socket,
        pullPolicy: "Never",
        ...opts.manifest,
        namespace,
        nodeSelector: { "kubernetes.io/hostname": kubelet.nodeName },
      }),
    );
    applied = true;
    await apply(api, objects);
    const pod = await waitForAgentPod(api, namespace, kubelet.nodeName, opts.readyTimeoutMs ?? 180_000);
    return { api, kubelet, namespace, podName: pod.metadata.name!, podIP: pod.status!.podIP!, nodeName: pod.spec.nodeName!, pod, teardown };
  } catch (err) {
    await teardown().catch((e: unknown) => {
      (err as Error).message += `\n(teardown also failed: ${(e as Error).message})`;
    });
    throw err;
  }
}

/** GET through the API server's pod proxy to the agent's port: what the podscope server does with the user's credentials. */
export async function viaProxy(
  d: Pick<AgentDeployment, "api" | "namespace" | "podName">,
  path: string,
  port = AGENT_PORT,
): Promise<{ status: number; body: unknown }> {
  return call(d.api, "GET", `/api/v1/namespaces/${d.namespace}/pods/${d.podName}:${port}/proxy${path}`);
}
