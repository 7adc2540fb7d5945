// Cluster sources on the real control plane (scripts/controlplane.sh: etcd, kube-apiserver, scheduler,
// controller-manager and KWOK nodes): each resource's sync state on the source cards — synced for the
// admin context, a readable RBAC error for the limited one — and the node page with a pod we create
// through kubectl showing up on it, its cpu request added to the node's allocated requests.
import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { shot, signIn, unique } from "./helpers";

test.describe.configure({ mode: "serial" });

const CP = join(process.cwd(), "scripts", "controlplane.sh");
const cp = (...args: string[]) =>
  execFileSync("bash", [CP, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 1_800_000 });
const SANDBOX = "kube:podscope-sandbox";
const LIMITED = "kube:podscope-limited";
const NODE = "kwok-node-0";
const podName = unique("e2e-node-pod");
let startedControlPlane = false;
let kubectlBin = "";
let kubeconfig = "";

const kubectl = (...args: string[]) =>
  execFileSync(kubectlBin, [`--kubeconfig=${kubeconfig}`, "--context=podscope-sandbox", ...args], {
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
    timeout: 60_000,
  });

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test.beforeAll(async () => {
  test.setTimeout(1_800_000); // a first start builds the control plane from Go modules
  if (/stopped/.test(cp("status"))) {
    cp("start");
    startedControlPlane = true;
  }
  kubeconfig = /KUBECONFIG=(\S+)/.exec(cp("env"))?.[1] ?? "";
  kubectlBin = join(cp("bin").trim(), "kubectl");
  if (!process.env.PODSCOPE_E2E_KUBECONFIG || process.env.PODSCOPE_E2E_KUBECONFIG !== kubeconfig) {
    throw new Error(
      `podscope up was started without the control plane's kubeconfig (${kubeconfig || "none"}): playwright.config.ts reads it from ` +
        "`bash scripts/controlplane.sh env` when the run begins. Start the control plane first (`bash scripts/controlplane.sh start`), then rerun.",
    );
  }
});

test.afterAll(() => {
  try {
    if (kubectlBin) kubectl("delete", "pod", podName, "-n", "default", "--grace-period=0", "--force", "--ignore-not-found", "--wait=false");
  } finally {
    if (startedControlPlane) cp("stop");
  }
});

const card = (page: Page, id: string) => page.locator(`li[data-source="${id}"]`);

test("source cards show each resource's sync state: synced counts for the admin context, RBAC errors for the limited one", async ({
  page,
}) => {
  await signIn(page);
  // Selecting a context starts its watches (contexts are opened on first use).
  await page.goto(`/?source=${encodeURIComponent(SANDBOX)}`);
  const sandbox = card(page, SANDBOX);
  await expect(sandbox).toBeVisible();
  await expect(sandbox.locator('[data-resource="pods"]')).toHaveAttribute("data-state", "synced", { timeout: 60_000 });
  await expect(sandbox.locator('[data-resource="nodes"]')).toHaveAttribute("data-state", "synced");
  // A synced resource shows how many objects it holds; the sandbox has at least its KWOK nodes.
  expect(Number(await sandbox.locator('[data-resource="nodes"] span').last().textContent())).toBeGreaterThanOrEqual(3);
  await expect(sandbox.locator('[data-state="error"]')).toHaveCount(0);
  await expect(page.locator(`[data-node="${NODE}"]`)).toContainText("Ready");

  await page.goto(`/?source=${encodeURIComponent(LIMITED)}`);
  const limited = card(page, LIMITED);
  // The limited user has no Role: every list is forbidden, and the card says so in RBAC's words.
  await expect(limited.locator('[data-state="error"]').first()).toBeVisible({ timeout: 60_000 });
  await expect(limited.getByRole("group", { name: "Sync errors" })).toContainText(/user "podscope-limited" cannot list/);
  await expect(limited).toContainText(/failed/);
  // The view of that source is partial, and the page says why instead of showing an empty list.
  await expect(page.getByRole("alert").filter({ hasText: "Listing nodes" })).toContainText(/cannot list/);
  await page.goto(`/?source=${encodeURIComponent(SANDBOX)}`);
  await expect(card(page, LIMITED).locator('[data-state="error"]').first()).toBeVisible();
  await shot(page, "overview-sync-light");
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "overview-sync-dark");
  await page.getByRole("button", { name: "Switch to light theme" }).click();
});

test("a node page: Ready, capacity and allocatable, requests allocated, and a new pod's cpu request added", async ({ page }) => {
  await signIn(page);
  await page.goto(`/?source=${encodeURIComponent(SANDBOX)}`);
  // The overview's node name links to the node page, keeping the source.
  await page.locator(`[data-node="${NODE}"]`).getByRole("link", { name: NODE, exact: true }).click();
  await page.waitForURL(new RegExp(`/nodes/${NODE}\\?source=`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(NODE);
  await expect(page.getByTestId("node-ready")).toHaveText("Ready");
  await expect(page.locator('[data-condition="Ready"]')).toHaveAttribute("data-health", "good");
  // For a pressure condition False is the healthy answer: coloured as good, like Ready True.
  await expect(page.locator('[data-condition="MemoryPressure"]')).toContainText("False");
  await expect(page.locator('[data-condition="MemoryPressure"]')).toHaveAttribute("data-health", "good");
  const cap = page.locator('[data-capacity="cpu"]');
  await expect(cap).toContainText("32 CPU");
  await expect(page.locator('[data-capacity="memory"]')).toContainText("256Gi");
  await expect(page.locator('[data-capacity="pods"]')).toContainText(/\d+/);
  const cpu = page.locator('[data-allocated="cpu"]');
  await expect(cpu).toContainText("of 32 allocatable");
  const before = Number(await cpu.getAttribute("data-requests"));

  // A pod with a cpu request, placed on this node by the real scheduler (nodeSelector), through kubectl.
  const manifest = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: podName, namespace: "default" },
    spec: {
      nodeSelector: { "kubernetes.io/hostname": NODE },
      tolerations: [{ key: "kwok.x-k8s.io/node", operator: "Exists", effect: "NoSchedule" }],
      containers: [{ name: "app", image: "registry.k8s.io/pause:3.10", resources: { requests: { cpu: "1500m", memory: "64Mi" } } }],
    },
  };
  execFileSync(kubectlBin, [`--kubeconfig=${kubeconfig}`, "--context=podscope-sandbox", "apply", "-f", "-"], {
    input: JSON.stringify(manifest),
    encoding: "utf8",
    timeout: 60_000,
  });
  const row = page.locator(`[data-pod="default/${podName}"]`);
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText("1500m");
  await expect(row).toContainText("64Mi");
  await expect(row).toContainText("Running", { timeout: 60_000 });
  // The node's allocated cpu went up by the pod's request (other tests may churn the shared cluster,
  // so compare against the sum before plus this pod, not an exact total).
  await expect.poll(async () => Number(await cpu.getAttribute("data-requests"))).toBeGreaterThanOrEqual(before + 1500);
  await expect(cpu.getByRole("meter", { name: "requests" })).toBeVisible();
  await row.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "node-light");
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "node-dark");
  await page.getByRole("button", { name: "Switch to light theme" }).click();

  // The pod link opens the pod page, whose Node fact links back here.
  await row.getByRole("link").click();
  await page.waitForURL(new RegExp(`/pods/default/${podName}\\?`));
  await page.getByRole("link", { name: NODE, exact: true }).click();
  await page.waitForURL(new RegExp(`/nodes/${NODE}\\?`));
  await expect(page.getByTestId("node-ready")).toHaveText("Ready");

  // Clean up: once the pod is gone, its row leaves and its request is released.
  kubectl("delete", "pod", podName, "-n", "default", "--grace-period=0", "--force", "--wait=true");
  await expect(page.locator(`[data-pod="default/${podName}"]`)).toHaveCount(0, { timeout: 60_000 });
});

test("a node the source does not have says so plainly", async ({ page }) => {
  await signIn(page);
  await page.goto(`/nodes/no-such-node?source=${encodeURIComponent(SANDBOX)}`);
  await expect(page.getByRole("alert").filter({ hasText: "no-such-node" })).toContainText(
    /Node no-such-node is not among the \d+ nodes of source podscope-sandbox/,
  );
});

test("the local node has a node page too, reached from the overview", async ({ page }) => {
  await signIn(page);
  await page.goto("/?source=local");
  const nodeCard = page.locator("[data-node]").first();
  const name = await nodeCard.getAttribute("data-node");
  expect(name).toBeTruthy();
  await nodeCard.getByRole("link", { name: name!, exact: true }).click();
  await page.waitForURL(/\/nodes\/[^?]+\?source=local/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name!);
  await expect(page.getByTestId("node-ready")).toHaveText("Ready");
  await expect(page.locator('[data-capacity="cpu"]')).toContainText("CPU");
  await expect(page.locator('[data-allocated="cpu"]')).toContainText("allocatable");
  await shot(page, "node-local");
});
