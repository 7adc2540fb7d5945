// Node views of a cluster pod (issue 11): the sandbox anatomy, cgroup tree, namespace matrix, processes and the
// container runtime come from the podscope agent on the pod's node, through the API server's pods/proxy. The shared
// control plane's KWOK nodes run no agent: each view must say so in words — which node, and the command that
// installs the agent — while the rest of the pod page and the node page stay.
import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { shot, signIn, unique } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const CP = join(process.cwd(), "scripts", "controlplane.sh");
const cp = (...args: string[]) =>
  execFileSync("bash", [CP, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
const SANDBOX = "kube:podscope-sandbox";
const NODE = "kwok-node-1";
const podName = unique("e2e-agentless");
const INSTALL = "podscope agent manifest | kubectl apply -f -";
let kubectlBin = "";
let kubeconfig = "";
const kubectl = (args: string[], input?: string) =>
  execFileSync(kubectlBin, [`--kubeconfig=${kubeconfig}`, "--context=podscope-sandbox", ...args], {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
    timeout: 60_000,
  });

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test.beforeAll(() => {
  if (/stopped/.test(cp("status")) || !process.env.PODSCOPE_E2E_KUBECONFIG)
    throw new Error("the control plane is not running or podscope up has no kubeconfig: `bash scripts/controlplane.sh start`, then rerun");
  kubeconfig = /KUBECONFIG=(\S+)/.exec(cp("env"))?.[1] ?? "";
  kubectlBin = join(cp("bin").trim(), "kubectl");
  const manifest = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: podName, namespace: "default" },
    spec: {
      nodeSelector: { "kubernetes.io/hostname": NODE },
      tolerations: [{ key: "kwok.x-k8s.io/node", operator: "Exists", effect: "NoSchedule" }],
      containers: [{ name: "app", image: "registry.k8s.io/pause:3.10" }],
    },
  };
  kubectl(["apply", "-f", "-"], JSON.stringify(manifest));
});

test.afterAll(() => {
  if (kubectlBin) kubectl(["delete", "pod", podName, "-n", "default", "--grace-period=0", "--force", "--ignore-not-found", "--wait=false"]);
});

/** The note a node view shows when the node has no agent: the heading, the node named, the install line. */
async function expectNoAgent(page: Page, action: string) {
  const note = page.getByRole("alert").filter({ hasText: action });
  await expect(note).toHaveAttribute("data-agent", "missing", { timeout: 60_000 });
  await expect(note).toContainText("No podscope agent on this node");
  await expect(note).toContainText(`no podscope agent on node "${NODE}"`);
  await expect(note).toContainText(`To install it: ${INSTALL}`);
}

test("a pod on a node without the agent: every node view says so in words, and the rest of the page stays", async ({ page }) => {
  await signIn(page);
  const url = `/pods/default/${podName}?source=${encodeURIComponent(SANDBOX)}`;
  await page.goto(`${url}&tab=cgroups`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(podName, { timeout: 60_000 });
  await expectNoAgent(page, "Reading cgroups");
  // The header and the tabs are still there: the page did not fail with its view.
  await expect(page.getByRole("tab", { name: "Lifecycle" })).toBeVisible();
  await shot(page, "cluster-pod-no-agent-cgroups");

  await page.getByRole("tab", { name: "Namespaces" }).click();
  await expectNoAgent(page, "Reading namespaces");
  await expect(page.getByRole("alert").filter({ hasText: "Reading processes" })).toHaveAttribute("data-agent", "missing");

  await page.getByRole("tab", { name: /Sandbox/ }).click();
  // The anatomy is drawn from the pod's spec; the note says the node's side is missing.
  await expectNoAgent(page, "Reading the node");
  await expectNoAgent(page, "Asking the container runtime");
  await shot(page, "cluster-pod-no-agent-sandbox");

  await page.getByRole("tab", { name: "Lifecycle" }).click();
  await expect(page.getByTestId("timeline")).toBeVisible();
});

test("the node page of a node without the agent: its kubepods tree says why, the rest of the page stays", async ({ page }) => {
  await signIn(page);
  await page.goto(`/nodes/${NODE}?source=${encodeURIComponent(SANDBOX)}`);
  await expect(page.getByTestId("node-ready")).toHaveText("Ready", { timeout: 60_000 });
  await expectNoAgent(page, "Reading the node's cgroups");
  await expect(page.locator('[data-capacity="cpu"]')).toContainText("CPU");
  await expect(page.locator(`[data-pod="default/${podName}"]`)).toBeVisible({ timeout: 60_000 });
  await page.getByRole("heading", { name: "Cgroup tree (kubepods)" }).scrollIntoViewIfNeeded();
  await shot(page, "cluster-node-no-agent");
});
