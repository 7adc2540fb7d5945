// The same CLI against a real Kubernetes control plane (etcd, kube-apiserver, controller-manager,
// scheduler, KWOK nodes — built from Go modules by scripts/controlplane.sh), through the podscope
// server's cluster source: list+watch caches, server-side apply, RBAC errors in plain words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureControlPlane, stopControlPlane, type ControlPlane } from "../../runtime/fidelity/cluster";
import { podscope, startServer, until, type ServerProc } from "./helpers";

let cp: ControlPlane | undefined;
let server: ServerProc;
let E: Record<string, string>;
const cli = (...args: string[]) => podscope(args, E);

beforeAll(async () => {
  cp = ensureControlPlane();
  const { kubeconfig } = cp;
  // Cluster sources only: no local node (and so no containerd of its own to clean up).
  server = await startServer({ port: 17813, env: { KUBECONFIG: kubeconfig }, args: ["--no-local"] });
  E = { ...server.env, KUBECONFIG: kubeconfig };
}, 1_900_000);

afterAll(async () => {
  await cli("delete", "pod", "cli-cluster-pod", "--context", "podscope-sandbox", "--grace-period", "0").catch(() => {});
  await server?.stop();
  if (cp?.startedHere) stopControlPlane();
}, 120_000);

describe("podscope CLI on a real cluster", () => {
  it("lists the cluster's nodes", async () => {
    const r = await cli("get", "nodes", "--context", "podscope-sandbox");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(r.stdout).toMatch(/\n\S+\s+Ready\s+/);
  }, 60_000);

  it("creates a pod with server-side apply, sees it scheduled and Running, describes and deletes it", async () => {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: cli-cluster-pod\n  namespace: default\nspec:\n  containers:\n  - name: app\n    image: busybox\n`;
    const a = await podscope(["apply", "-f", "-", "--context", "podscope-sandbox"], E, pod);
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe("pod/cli-cluster-pod created\n");
    const p = await until(
      "pod Running on a KWOK node",
      async () => {
        const g = await cli("get", "pod", "cli-cluster-pod", "--context", "podscope-sandbox", "-o", "json");
        const j = g.code === 0 ? JSON.parse(g.stdout) : undefined;
        return j?.status?.phase === "Running" && j;
      },
      60_000,
    );
    expect(p.spec.nodeName).toBeTruthy();
    const d = await until(
      "Scheduled event recorded",
      async () => {
        const r = await cli("describe", "pod", "cli-cluster-pod", "--context", "podscope-sandbox");
        return /Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/cli-cluster-pod/.test(r.stdout) && r;
      },
      60_000,
    );
    expect(d.stdout).toMatch(/^Node:\s+\S+\//m);
    const del = await cli("delete", "pod", "cli-cluster-pod", "--context", "podscope-sandbox", "--grace-period", "0");
    expect(del.stdout).toBe(`pod "cli-cluster-pod" deleted\n`);
    await until(
      "pod gone from the cache",
      async () => (await cli("get", "pod", "cli-cluster-pod", "--context", "podscope-sandbox")).code === 1,
      30_000,
    );
  }, 180_000);

  it("says in plain words when RBAC forbids listing pods", async () => {
    const r = await cli("get", "pods", "--context", "podscope-limited");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/podscope-limited.*cannot list .*pods|cannot list resource "pods"|forbidden/i);
  }, 60_000);

  it("runs no local node when told not to", async () => {
    const r = await cli("get", "pods");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no source "local"`);
  }, 30_000);

  it("names the known sources when a context does not exist", async () => {
    const r = await cli("get", "pods", "--context", "nowhere");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no source "kube:nowhere"`);
    expect(r.stderr).toContain("kube:podscope-sandbox");
  }, 30_000);
});
