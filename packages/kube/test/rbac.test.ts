// A user who may only read pods and events in one namespace: clear 403 messages, and a partial
// (namespace-scoped) view that still works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeError } from "@podscope/core";
import { KubeSource, loadKubeConfig } from "../src";
import { adminClient, eventually, freshNamespace, kubeErrorOf, limitedKubeconfigPath, podManifest } from "./helpers";

const admin = adminClient();
let allowed: string;
let denied: string;

beforeAll(async () => {
  allowed = await freshNamespace(admin, "team-a");
  denied = await freshNamespace(admin, "team-b");
  await admin.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${allowed}/roles`, {
    body: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "pod-reader" },
      rules: [{ apiGroups: [""], resources: ["pods", "events"], verbs: ["get", "list", "watch"] }],
    },
  });
  await admin.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${allowed}/rolebindings`, {
    body: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "limited-reads-pods" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "podscope-limited" }],
    },
  });
  for (const ns of [allowed, denied]) await admin.request("POST", `/api/v1/namespaces/${ns}/pods`, { body: podManifest(ns, "p") });
});
afterAll(async () => {
  for (const ns of [allowed, denied]) await admin.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  admin.close();
});

describe("RBAC", () => {
  it("turns a 403 into 'user X cannot list pods …' messages", async () => {
    const src = new KubeSource({ kubeconfig: limitedKubeconfigPath(), resources: ["pods"] });
    const clusterWide = await kubeErrorOf(src.client.request("GET", "/api/v1/pods", { intent: { verb: "list", resource: "pods" } }));
    expect(clusterWide).toBeInstanceOf(KubeError);
    expect(clusterWide.reason).toBe("Forbidden");
    expect(clusterWide.message).toBe('user "podscope-limited" cannot list pods cluster-wide (context "podscope-limited", 403 Forbidden)');
    const inDenied = await kubeErrorOf(
      src.client.request("GET", `/api/v1/namespaces/${denied}/pods`, { intent: { verb: "list", resource: "pods", namespace: denied } }),
    );
    expect(inDenied.message).toBe(
      `user "podscope-limited" cannot list pods in namespace "${denied}" (context "podscope-limited", 403 Forbidden)`,
    );
    // The server's Status is kept for callers that want the original.
    expect(inDenied.status?.reason).toBe("Forbidden");
    const del = await kubeErrorOf(src.deletePod(allowed, "p"));
    expect(del.message).toBe(
      `user "podscope-limited" cannot delete pods "p" in namespace "${allowed}" (context "podscope-limited", 403 Forbidden)`,
    );
    await src.stop();
  });

  it("falls back to namespace-scoped watches and shows a partial view", async () => {
    // The limited context has no namespace of its own; tell the source where to look.
    const src = new KubeSource({
      kubeconfig: limitedKubeconfigPath(),
      resources: ["pods", "nodes"],
      namespaces: [allowed, denied],
      backoffBaseMs: 500,
      backoffMaxMs: 2000,
    }).start();
    try {
      await src.whenSynced();
      const pods = src.syncStates().find((s) => s.resource === "pods")!;
      expect(pods).toMatchObject({ state: "synced", scope: "namespaces", namespaces: [allowed, denied], partial: true, count: 1 });
      expect(pods.error?.reason).toBe("Forbidden");
      expect(pods.error?.message).toBe(
        `user "podscope-limited" cannot list pods in namespace "${denied}" (context "podscope-limited", 403 Forbidden)`,
      );
      expect(src.list("pods").map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([`${allowed}/p`]);
      const nodes = src.syncStates().find((s) => s.resource === "nodes")!;
      expect(nodes.state).toBe("error");
      expect(nodes.error?.message).toBe(
        'user "podscope-limited" cannot list nodes cluster-wide (context "podscope-limited", 403 Forbidden)',
      );

      // The partial view is live: a new pod in the allowed namespace shows up.
      await admin.request("POST", `/api/v1/namespaces/${allowed}/pods`, { body: podManifest(allowed, "q") });
      await eventually("new pod seen through the namespace watch", () => src.get("pods", "q", allowed));
    } finally {
      await src.stop();
    }
  });

  it("without a namespace list, watches the namespaces the user may list (and only the context's namespace if none)", async () => {
    // No namespace list and no right to list namespaces: the context's namespace ("default").
    const blind = new KubeSource({
      kubeconfig: limitedKubeconfigPath(),
      resources: ["pods"],
      backoffBaseMs: 500,
      backoffMaxMs: 2000,
    }).start();
    try {
      await blind.whenSynced();
      expect(blind.syncStates()[0]).toMatchObject({ state: "error", scope: "namespaces", namespaces: ["default"] });
      expect(blind.syncStates()[0].error?.message).toBe(
        'user "podscope-limited" cannot list pods in namespace "default" (context "podscope-limited", 403 Forbidden)',
      );
    } finally {
      await blind.stop();
    }
    // Allowed to list namespaces: every namespace is tried, the allowed one works.
    await admin.request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", {
      body: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: `ns-reader-${allowed}` },
        rules: [{ apiGroups: [""], resources: ["namespaces"], verbs: ["list"] }],
      },
    });
    await admin.request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      body: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: `ns-reader-${allowed}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `ns-reader-${allowed}` },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "podscope-limited" }],
      },
    });
    const src = new KubeSource({
      kubeconfig: limitedKubeconfigPath(),
      resources: ["pods"],
      backoffBaseMs: 500,
      backoffMaxMs: 2000,
    }).start();
    try {
      await src.whenSynced();
      const st = src.syncStates()[0];
      expect(st).toMatchObject({ state: "synced", scope: "namespaces", partial: true });
      expect(st.namespaces).toEqual(expect.arrayContaining([allowed, denied, "default", "kube-system"]));
      expect(src.list("pods").every((p) => p.metadata.namespace === allowed)).toBe(true);
      expect(src.list("pods").length).toBeGreaterThanOrEqual(1);
    } finally {
      await src.stop();
      await admin.request("DELETE", `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ns-reader-${allowed}`).catch(() => undefined);
      await admin.request("DELETE", `/apis/rbac.authorization.k8s.io/v1/clusterroles/ns-reader-${allowed}`).catch(() => undefined);
    }
  });

  it("the limited kubeconfig has exactly one context", () => {
    expect(loadKubeConfig({ path: limitedKubeconfigPath() }).contexts.map((c) => c.name)).toEqual(["podscope-limited"]);
  });
});
