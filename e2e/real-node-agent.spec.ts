// A cluster pod's node views for real (issue 11): the podscope agent DaemonSet deployed onto the real kubelet node
// (kubelet-real, through the agent package's deploy helper: a namespace of this test's own, pinned to that node,
// deleted afterwards), a busybox pod beside it, and the web UI — the production build served by `next start` —
// over an API server whose cluster source looks for the agent in that namespace. The pod page must draw the cgroup
// tree (pause among the pod's cgroups), the namespace matrix and the runtime's account from the node; the node page
// the node's kubepods tree. Its own API and web ports (PODSCOPE_E2E_PORT + 2 and + 12), apart from the suite's server.
import { expect, test, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ClusterSource, SourceRegistry } from "../packages/api/src/index";
import { e2ePort, WEB_PORT_OFFSET } from "../packages/env/src/index";
import { makePolicy, startApiServer, type ApiServer } from "../packages/host/src/index";
import { HistoryRecorder, KubeSource } from "../packages/kube/src/index";
import { deployAgent, type AgentDeployment } from "../packages/agent/test/real-node/deploy";
import { runTestPod } from "../packages/agent/test/real-node/test-pod";
import { downloaded, shot } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const API = e2ePort() + 2;
const WEB = API + WEB_PORT_OFFSET;
const TOKEN = "e2e-real-node";
const POD = "busy";
const webDir = join(process.cwd(), "apps", "web");
let d: AgentDeployment | undefined;
let api: ApiServer | undefined;
let web: ChildProcess | undefined;
let kube: KubeSource | undefined;
let source = "";

test.beforeAll(async () => {
  test.setTimeout(600_000);
  d = await deployAgent({ namespacePrefix: "e2e-web-agent" });
  const kubeconfig = /KUBECONFIG=(\S+)/.exec(execFileSync("bash", ["scripts/controlplane.sh", "env"], { encoding: "utf8" }))![1];
  kube = new KubeSource({ kubeconfig, resources: ["pods", "nodes", "events"] }).start();
  const recorder = new HistoryRecorder({ file: join(mkdtempSync(join(tmpdir(), "e2e-agent-")), "history.sqlite") });
  const cluster = new ClusterSource({ name: kube.context, server: "sandbox" }, () => kube!, recorder, { agentNamespace: d.namespace });
  source = cluster.id;
  const registry = new SourceRegistry();
  registry.add(cluster);
  api = await startApiServer({
    registry,
    policy: makePolicy({ bind: "127.0.0.1", ports: [API, WEB], token: TOKEN }),
    bind: "127.0.0.1",
    port: API,
  });
  const nextBin = join(dirname(createRequire(join(webDir, "package.json")).resolve("next/package.json")), "dist", "bin", "next");
  web = spawn(process.execPath, [nextBin, "start", "-p", String(WEB), "-H", "127.0.0.1"], {
    cwd: webDir,
    env: { ...process.env, PODSCOPE_API_PORT: String(API), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
    detached: true, // its own process group: next start's server child is stopped with it
  });
  await runTestPod(d, POD); // while next start boots
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://127.0.0.1:${WEB}/podscope-config`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 300) throw new Error("next start did not answer in 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
});

test.afterAll(async () => {
  test.setTimeout(300_000);
  if (web?.pid) process.kill(-web.pid, "SIGTERM");
  await api?.close();
  await kube?.stop();
  await d?.teardown();
});

/** The notes a node view shows when it could not read the node (Next's route announcer is an alert too: not counted). */
const viewNotes = (page: Page) => page.getByRole("alert").filter({ hasText: /^(Reading|Asking)/ });

test("a pod on the real node with the agent: cgroup tree with pause, namespace matrix, runtime; the node's kubepods tree", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const node = d!.kubelet.nodeName;
  await page.goto(`http://127.0.0.1:${WEB}/?token=${TOKEN}`);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const pod = `http://127.0.0.1:${WEB}/pods/${d!.namespace}/${POD}?source=${encodeURIComponent(source)}`;
  await page.goto(`${pod}&tab=cgroups`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(POD, { timeout: 60_000 });
  const tree = page.getByRole("tree", { name: "Cgroup tree" });
  await expect(tree).toBeVisible({ timeout: 90_000 });
  await expect(
    tree
      .getByRole("treeitem")
      .filter({ hasText: /pause|sandbox/i })
      .first(),
  ).toBeVisible();
  await expect(tree.getByRole("treeitem").filter({ hasText: /app/ }).first()).toBeVisible();
  await expect(viewNotes(page)).toHaveCount(0);
  await shot(page, "cluster-pod-agent-cgroups");

  await page.getByRole("tab", { name: "Namespaces" }).click();
  await expect(page.getByRole("table").filter({ hasText: "net" }).first()).toBeVisible({ timeout: 60_000 });
  await expect(viewNotes(page)).toHaveCount(0);
  await shot(page, "cluster-pod-agent-namespaces");

  await page.getByRole("tab", { name: "Sandbox" }).click();
  const runtime = page.getByRole("table", { name: "runtime containers" });
  await expect(runtime.locator('[data-runtime-container="app"]')).toContainText("RUNNING", { timeout: 60_000 });
  await expect(page.getByLabel("sandbox", { exact: true })).toContainText("containerd");
  await expect(viewNotes(page)).toHaveCount(0);
  await shot(page, "cluster-pod-agent-sandbox");

  // The one-pod snapshot carries what the node showed: the pod's cgroups (with pause), namespaces and processes.
  const dl = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download snapshot" }).click();
  const snap = JSON.parse((await downloaded(await dl)).toString("utf8")) as {
    objects: { pods: { metadata: { uid: string; name: string } }[] };
    inspection?: Record<string, { cgroups?: unknown; namespaces?: unknown; processes?: unknown }>;
  };
  const uid = snap.objects.pods.find((p) => p.metadata.name === POD)?.metadata.uid ?? "";
  const saved = snap.inspection?.[uid];
  expect(Object.keys(saved ?? {}).sort()).toEqual(["cgroups", "namespaces", "processes"]);
  expect(JSON.stringify(saved?.cgroups)).toContain('"kind":"sandbox"');

  await page.goto(`http://127.0.0.1:${WEB}/nodes/${node}?source=${encodeURIComponent(source)}`);
  await expect(page.getByTestId("node-cgroup-summary")).toContainText(/kubepods.*\d+ pod cgroups?/, { timeout: 90_000 });
  await page.getByRole("heading", { name: "Cgroup tree (kubepods)" }).scrollIntoViewIfNeeded();
  await shot(page, "cluster-node-agent-kubepods");
});
