// Actions against the real API server: server-side apply, eviction (dry run, PDB-blocked,
// real), cordon/uncordon, deletion with a grace period, and readable errors for bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Node, Pod, PodDisruptionBudget } from "@podscope/core";
import { KubeError } from "@podscope/core";
import { FIELD_MANAGER, KubeSource } from "../src";
import { adminClient, eventually, freshNamespace, kubeconfigPath, kubeErrorOf, podManifest } from "./helpers";

const admin = adminClient();
let ns: string;
let src: KubeSource;

beforeAll(async () => {
  ns = await freshNamespace(admin, "actions");
  src = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["pods", "nodes", "poddisruptionbudgets"] }).start();
  await src.whenSynced();
});
afterAll(async () => {
  await src?.stop();
  await admin.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  admin.close();
});

describe("actions", () => {
  it("creates a pod by server-side apply with field manager podscope", async () => {
    const pod = await src.apply<Pod>(podManifest(ns, "a", { app: "a" }));
    expect(pod.metadata.uid).toBeTruthy();
    expect(pod.metadata.managedFields?.map((f) => f.manager)).toContain(FIELD_MANAGER);
    await eventually("pod Running in the cache", () => src.get<Pod>("pods", "a", ns)?.status?.phase === "Running");
  });

  it("evicts with a server-side dry run without removing the pod, then for real", async () => {
    await src.apply(podManifest(ns, "e"));
    await eventually("pod e Running", () => src.get<Pod>("pods", "e", ns)?.status?.phase === "Running");
    const dry = await src.evictPod(ns, "e", { dryRun: true });
    expect(dry).toMatchObject({ status: "Success" });
    const still: Pod = await admin.request("GET", `/api/v1/namespaces/${ns}/pods/e`);
    expect(still.metadata.deletionTimestamp).toBeUndefined();
    await src.evictPod(ns, "e", { gracePeriodSeconds: 0 });
    await eventually("evicted pod gone from the cache", () => !src.get("pods", "e", ns));
  });

  it("reports a PodDisruptionBudget that blocks an eviction as 429 with the server's reason", async () => {
    await src.apply({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "a-pdb", namespace: ns },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "a" } } },
    });
    await eventually(
      "PDB status computed",
      () => src.get<PodDisruptionBudget>("poddisruptionbudgets", "a-pdb", ns)?.status?.currentHealthy === 1,
    );
    const err = await kubeErrorOf(src.evictPod(ns, "a", { dryRun: true }));
    expect(err).toBeInstanceOf(KubeError);
    expect(err.reason).toBe("TooManyRequests");
    expect(err.code).toBe(429);
    expect(err.message).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
  });

  it("cordons and uncordons a node", async () => {
    const node = "kwok-node-0";
    expect((await src.cordon(node)).spec?.unschedulable).toBe(true);
    await eventually("cordon seen by the watch", () => src.get<Node>("nodes", node)?.spec?.unschedulable === true);
    expect((await src.uncordon(node)).spec?.unschedulable).toBeUndefined();
    await eventually("uncordon seen by the watch", () => !src.get<Node>("nodes", node)?.spec?.unschedulable);
  });

  it("deletes a pod with a grace period", async () => {
    await src.apply({ ...podManifest(ns, "d"), spec: { ...podManifest(ns, "d").spec, terminationGracePeriodSeconds: 30 } });
    await eventually("pod d Running", () => src.get<Pod>("pods", "d", ns)?.status?.phase === "Running");
    const deleted = await src.deletePod(ns, "d", { gracePeriodSeconds: 7 });
    expect(deleted.metadata.deletionGracePeriodSeconds).toBe(7);
    await eventually("pod d gone", () => !src.get("pods", "d", ns));
  });

  it("explains bad input instead of sending it", async () => {
    await expect(src.apply({ apiVersion: "v1", kind: "Pod", metadata: {} })).rejects.toThrow(
      "cannot apply Pod: metadata.name is required for server-side apply",
    );
    await expect(src.apply({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).rejects.toThrow(
      "cannot apply example.com/v1/Widget: podscope does not know this kind",
    );
    const invalid = await kubeErrorOf(
      src.apply({ apiVersion: "v1", kind: "Pod", metadata: { name: "bad", namespace: ns }, spec: { containers: [] } }),
    );
    expect(invalid.reason).toBe("Invalid");
    expect(invalid.message).toMatch(
      /^patch pods "bad" in namespace "actions-[a-z0-9]+" failed in context "podscope-sandbox" \(422 Invalid\): .*spec\.containers: Required value/,
    );
    const missing = await kubeErrorOf(src.deletePod(ns, "nope"));
    expect(missing.reason).toBe("NotFound");
    expect(missing.message).toBe(
      `delete pods "nope" in namespace "${ns}" failed in context "podscope-sandbox" (404 NotFound): pods "nope" not found`,
    );
  });
});
