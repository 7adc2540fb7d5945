// The whole story of a pod in the dashboard, against the real server and the real local node:
// create from the gallery, Running on the timeline, pause in the cgroup tree, the shared network
// namespace, exports, a snapshot opened read-only, a crash loop, and deletion.
import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiMutation, createFromGallery, deletePod, downloaded, openTab, shot, SHOTS, signIn, svgParseError, unique } from "./helpers";

test.describe.configure({ mode: "serial" });

const sidecar = unique("e2e-sidecar");
const crasher = unique("e2e-crash");
let snapshotFile = "";

// Any uncaught error in the page fails the test that caused it.
let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test("create a pod from the gallery and watch it reach Running on the timeline", async ({ page }) => {
  await signIn(page);
  await expect(page.locator('[data-source="local"]')).toContainText("available");
  // The local node lists itself as a Node with capacity and allocatable.
  await expect(page.locator("[data-node]").first()).toContainText("allocatable");
  await shot(page, "01-overview");
  await page.goto("/create?source=local");
  await shot(page, "02-create");
  await createFromGallery(page, "Sidecar sharing localhost", sidecar);
  await expect(page.getByTestId("pod-phase")).toHaveText("Running", { timeout: 60_000 });
  await expect(page.getByTestId("pod-status")).toHaveText("Running");
  // The phase lane of the timeline shows a Running span.
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator("svg rect.s-running").first()).toBeVisible();
  await expect(timeline.locator("svg text", { hasText: /^Running$/ }).first()).toBeVisible();
  await shot(page, "03-pod-lifecycle");
});

test("pause is in the cgroup tree and the containers share its network namespace", async ({ page }) => {
  await signIn(page);
  await page.goto(`/pods/default/${sidecar}?source=local&tab=cgroups`);
  const sandbox = page.locator('li[data-kind="sandbox"]');
  await expect(sandbox).toHaveCount(1);
  await expect(sandbox).toContainText("sandbox (pause)");
  await expect(page.locator('li[data-kind="container"]')).toHaveCount(2);
  await expect(page.locator('[role="tree"]')).toContainText("pause");
  await shot(page, "04-pod-cgroups");

  await openTab(page, "Namespaces");
  const net = page.locator('td[data-ns="net"]');
  await expect.poll(() => net.count()).toBeGreaterThanOrEqual(3); // pause + web + poller
  const inodes = new Set(await net.evaluateAll((cells) => cells.map((c) => c.getAttribute("data-inode"))));
  expect(inodes.size).toBe(1);
  expect([...inodes][0]).toMatch(/^\d+$/);
  await expect(page.locator('td[data-ns="net"][data-shared="true"]')).toHaveCount(await net.count());
  // Each container keeps its own mount namespace: mnt differs between pause and the containers.
  const mnt = new Set(await page.locator('td[data-ns="mnt"]').evaluateAll((cells) => cells.map((c) => c.getAttribute("data-inode"))));
  expect(mnt.size).toBeGreaterThanOrEqual(3);
  await shot(page, "05-pod-namespaces");

  await openTab(page, "Sandbox");
  await expect(page.getByRole("figure", { name: "Sandbox anatomy" })).toContainText("pause — the sandbox");
  await expect(page.locator('[data-container="POD"] [data-ns="net"]')).toBeVisible();
  await shot(page, "06-pod-sandbox");

  await openTab(page, "Containers");
  await expect(page.getByRole("table", { name: "Containers" })).toContainText("poller");
  // The poller fetches http://127.0.0.1:8080 — the web container's server, over the shared localhost.
  await page.getByLabel("Log container").selectOption("poller");
  await expect(page.getByLabel("Log output")).toContainText("hello from web");
  await page.getByLabel("follow").check();
  await expect(page.getByLabel("Log output")).toContainText("hello from web", { timeout: 30_000 });
  await shot(page, "07-pod-containers");
  await openTab(page, "Events");
  await expect(page.getByRole("table", { name: "Events" })).toContainText("Started");
  await shot(page, "08-pod-events");
});

test("export the timeline, cgroup tree and namespace matrix as PNG and SVG", async ({ page }) => {
  await signIn(page);
  for (const [tab, what] of [
    ["lifecycle", "timeline"],
    ["cgroups", "cgroups"],
    ["namespaces", "namespaces"],
  ] as const) {
    await page.goto(`/pods/default/${sidecar}?source=local&tab=${tab}`);
    const png = page.waitForEvent("download");
    await page.getByRole("button", { name: `Export ${what} as PNG` }).click();
    const pngBytes = await downloaded(await png);
    expect(pngBytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(pngBytes.length).toBeGreaterThan(5_000);
    writeFileSync(join(SHOTS, `export-${what}.png`), pngBytes);

    const svg = page.waitForEvent("download");
    await page.getByRole("button", { name: `Export ${what} as SVG` }).click();
    const d = await svg;
    // Named like a snapshot: namespace, pod, view, export time.
    expect(d.suggestedFilename()).toMatch(
      new RegExp(`^default_${sidecar}_${what}_\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z\\.svg$`),
    );
    const text = (await downloaded(d)).toString("utf8");
    expect(await svgParseError(page, text)).toBeNull();
    expect(text).toContain(`default/${sidecar}`); // the title names the pod
    expect(text).toContain("local node"); // … and the source
    writeFileSync(join(SHOTS, `export-${what}.svg`), text);
  }
});

test("download a snapshot and open it read-only", async ({ page }) => {
  await signIn(page);
  await page.goto(`/pods/default/${sidecar}?source=local`);
  const dl = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download snapshot" }).click();
  const d = await dl;
  const snap = JSON.parse((await downloaded(d)).toString("utf8"));
  // A one-pod window file: the pod, its history and events, and its containers' last log lines.
  expect(snap).toMatchObject({ kind: "PodscopeWindow", version: 1, scope: { pod: sidecar } });
  expect(snap.objects.pods.map((p: { metadata: { name: string } }) => p.metadata.name)).toContain(sidecar);
  snapshotFile = join(SHOTS, "..", `${sidecar}.podscope.json`);
  writeFileSync(snapshotFile, JSON.stringify(snap));

  await page.goto("/snapshots");
  // A file that is not a snapshot is refused in words, and nothing is opened.
  const notSnapshot = join(SHOTS, "..", "not-a-snapshot.json");
  writeFileSync(notSnapshot, "this is not json");
  await page.locator('input[type="file"][aria-label="Snapshot file"]').setInputFiles(notSnapshot);
  await expect(page.getByRole("region", { name: "Open a window file" }).getByRole("alert")).toContainText(
    "line 1, column 1: not valid JSON",
  );
  await shot(page, "09-snapshots");
  await page.locator('input[type="file"][aria-label="Snapshot file"]').setInputFiles(snapshotFile);
  await page.waitForURL(new RegExp(`/pods/default/${sidecar}\\?.*source=window-`), { timeout: 30_000 });
  await expect(page.getByTestId("pod-phase")).toHaveText("Running");
  await expect(page.getByText(/^from snapshot of/)).toBeVisible();
  await expect(page.getByTestId("frozen-indicator")).toBeVisible();
  // Read-only: a snapshot cannot delete, and its inspection data is the frozen copy.
  await expect(page.getByRole("button", { name: "Delete…" })).toHaveCount(0);
  await openTab(page, "Cgroups");
  await expect(page.locator('li[data-kind="sandbox"]')).toHaveCount(1);
  await openTab(page, "Lifecycle");
  await shot(page, "10-snapshot-pod");
});

test("a crashing container shows restarts and CrashLoopBackOff on the timeline", async ({ page }) => {
  await signIn(page);
  await createFromGallery(page, "Crash loop", crasher);
  await expect(page.getByTestId("pod-status")).toHaveText("CrashLoopBackOff", { timeout: 90_000 });
  await expect(page.getByRole("region", { name: "What is wrong" })).toContainText("keeps crashing");
  await expect(page.getByTestId("restart-countdown")).toContainText(/next restart in \d+s|restart due now/);
  const timeline = page.getByTestId("timeline");
  await expect.poll(() => timeline.locator("svg .exit-cap").count()).toBeGreaterThanOrEqual(2); // runs that ended with exit ≠ 0
  await expect.poll(() => timeline.locator("svg .s-backoff-edge").count()).toBeGreaterThanOrEqual(1); // the back-off wait
  await shot(page, "11-crashloop-lifecycle");
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await shot(page, "12-crashloop-lifecycle-dark");
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
});

test("an OOM kill is explained, with the memory limit and exit code 137", async ({ page }) => {
  await signIn(page);
  const name = unique("e2e-oom");
  await createFromGallery(page, "OOM kill", name);
  await expect(page.getByTestId("pod-status")).toHaveText("OOMKilled", { timeout: 60_000 });
  const why = page.getByRole("region", { name: "What is wrong" });
  await expect(why).toContainText("OOMKilled");
  await expect(why).toContainText("137");
  await expect(why).toContainText("32Mi");
  await expect(
    page
      .getByTestId("timeline")
      .locator("svg text", { hasText: /OOMKilled/ })
      .first(),
  ).toBeVisible();
  await shot(page, "18-oom-lifecycle");
  await deletePod(page, name);
});

test("the pod list finds pods by keyboard and shows kubectl's columns", async ({ page }) => {
  await signIn(page);
  await page.goto("/pods?source=local");
  const row = page.locator(`[data-pod="default/${crasher}"]`);
  await expect(row).toContainText("CrashLoopBackOff");
  await expect(row).toContainText(/\d+ \(\d+s ago\)/); // restarts with "x ago"
  await expect(page.locator(`[data-pod="default/${sidecar}"]`)).toContainText("2/2");
  await shot(page, "13-pods");
  await page.keyboard.press("/");
  await expect(page.getByLabel("Filter pods")).toBeFocused();
  await page.keyboard.type(crasher);
  await expect(page.locator("[data-pod]")).toHaveCount(1);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/pods/default/${crasher}\\?`), { timeout: 30_000 });
  // Back returns to the filtered list, even when Enter came before the filter reached the URL (300 ms later) —
  // which once took the page back to the list instead of opening the pod.
  await page.goBack();
  await expect(page.getByLabel("Filter pods")).toHaveValue(crasher);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${crasher}`));
  await page.getByLabel("Filter pods").fill(sidecar);
  await expect(page.locator("[data-pod]")).toHaveCount(1);
  await page.getByLabel("Filter pods").press("Enter");
  await page.waitForURL(new RegExp(`/pods/default/${sidecar}\\?`), { timeout: 30_000 });
  await page.goBack();
  await expect(page.getByLabel("Filter pods")).toHaveValue(sidecar);
});

test("the pod list follows changes made elsewhere, live, and flashes the changed row", async ({ page }) => {
  await signIn(page);
  await page.goto("/pods?source=local");
  await expect(page.locator(`[data-pod="default/${sidecar}"]`)).toBeVisible();
  await expect(page.locator('header [role="status"]', { hasText: /^live$/ })).toBeVisible();
  const name = unique("e2e-live");
  const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: ["sleep", "3600"]\n`;
  await apiMutation("pods.create", { source: "local", yaml });
  const row = page.locator(`[data-pod="default/${name}"]`);
  await expect(row).toBeVisible(); // no reload: it came over the WebSocket
  await expect(row).toContainText("Running", { timeout: 60_000 });
  await expect(row.locator(".row-flash")).toHaveCount(1); // just changed
  await apiMutation("pods.delete", { source: "local", namespace: "default", name, gracePeriodSeconds: 0 });
  await expect(row).toHaveCount(0, { timeout: 60_000 });
});

test("bad YAML is reported inline with its line, and nothing is created", async ({ page }) => {
  await signIn(page);
  await page.goto("/create?source=local");
  const bad = [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    "  name: e2e-bad",
    "spec:",
    "  containers:",
    "  - name: app",
    "    image: busybox",
    "    imagePullPolicyy: Never",
    "",
  ].join("\n");
  await page.getByRole("textbox", { name: "Pod YAML" }).fill(bad);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const err = page.getByTestId("create-error");
  await expect(err).toContainText("line 9");
  await expect(err).toContainText("imagePullPolicyy");
  await shot(page, "14-create-error");
  await page.goto("/pods?source=local");
  await expect(page.locator("[data-pod]").first()).toBeVisible();
  await expect(page.locator('[data-pod="default/e2e-bad"]')).toHaveCount(0);
});

test("the theme and presenter mode survive a reload (applied before first paint)", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await page.getByRole("button", { name: "Presenter mode (larger text)" }).click();
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(page.locator("html")).toHaveClass(/presenter/);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe("20px");
  await shot(page, "17-overview-dark-presenter");
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await page.getByRole("button", { name: "Presenter mode (larger text)" }).click();
  await expect(page.locator("html")).not.toHaveClass(/dark|presenter/);
});

test("without the token, creating a pod says how to get it", async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto("/create?source=local");
  // Create is disabled rather than refused when clicked, and says why — in its title and beside the editor.
  const create = page.getByRole("button", { name: "Create", exact: true });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAttribute("title", /open the URL printed by `podscope up`/);
  await expect(page.getByTestId("change-refused")).toContainText("open the URL printed by `podscope up`");
  await page.close();
});

test("delete both pods with a grace period", async ({ page }) => {
  await signIn(page);
  // Before deleting: the overview lists the pods under the node and the crash loop's warnings.
  await expect(page.locator("[data-node]").first()).toContainText(crasher);
  await expect(page.getByRole("region", { name: "Recent warnings" })).toContainText("BackOff");
  await shot(page, "15-overview-with-pods");
  for (const name of [crasher, sidecar]) {
    await page.goto(`/pods/default/${name}?source=local`);
    await deletePod(page, name);
  }
  await shot(page, "16-pods-after-delete");
});
