// Test helpers around the real control plane: a kubectl-like admin client, control-plane
// operations (restart kube-apiserver, compact etcd) and polling.
import { execFileSync } from "node:child_process";
import { inject } from "vitest";
import { KubeError, type KubeList } from "@podscope/core";
import { KubeClient, loadKubeConfig } from "../src";
import { eventually } from "./eventually";

export { eventually };

export const kubeconfigPath = () => inject("kubeconfig");
export const limitedKubeconfigPath = () => inject("limitedKubeconfig");

export function adminClient(): KubeClient {
  return new KubeClient(loadKubeConfig({ path: kubeconfigPath() }));
}

export function controlplane(...args: string[]): string {
  return execFileSync("bash", [inject("controlplaneScript"), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 180_000,
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh namespace per test file, so files do not see each other's objects. */
export async function freshNamespace(client: KubeClient, prefix: string): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}`;
  await client.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name } } });
  // The service-account controller must create "default" before pods can be admitted.
  await eventually(`service account default in ${name}`, () =>
    client.request("GET", `/api/v1/namespaces/${name}/serviceaccounts/default`).then(() => true),
  );
  return name;
}

export function podManifest(namespace: string, name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: {
      containers: [{ name: "app", image: "localhost/busybox:latest", command: ["sleep", "3600"] }],
      terminationGracePeriodSeconds: 0,
    },
  };
}

/** Fresh LIST of a collection, as a map key → resourceVersion, for comparing with a cache. */
export async function freshList(client: KubeClient, path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cont: string | undefined;
  do {
    const page = await client.request<KubeList>("GET", path, { query: { limit: 500, continue: cont } });
    for (const { metadata: m } of page.items)
      out.set(m.namespace ? `${m.namespace}/${m.name ?? ""}` : (m.name ?? ""), m.resourceVersion ?? "");
    cont = page.metadata.continue || undefined;
  } while (cont);
  return out;
}

/** The KubeError a call fails with; fails the test when the call succeeds or fails with anything else. */
export async function kubeErrorOf(call: Promise<unknown>): Promise<KubeError> {
  try {
    await call;
  } catch (e) {
    if (e instanceof KubeError) return e;
    throw e;
  }
  throw new Error("expected the call to fail with a KubeError, but it succeeded");
}

export { execFileSync };
