// The drain rehearsal page against the real server: a teaching scenario run through drain.simulate, the
// plan with kubectl's 429 retries, playback (step and scrub), a link that reopens the rehearsal, pin-and-compare
// after editing the PDB, a broken snapshot reported at its line and column, the local node as a live source, and
// on the real control plane: check with the server, drain for real, uncordon. Light and dark screenshots.
import { expect, test, type Page } from "@playwright/test";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { e2ePort, WEB_PORT_OFFSET } from "../packages/env/src/index";
import { KubeClient, loadKubeConfig } from "../packages/kube/src";
import { ensureControlPlane, stopControlPlane, type ControlPlane } from "../packages/runtime/fidelity/cluster";
import { createFixture, deleteFixture, deployWithBudget, settled, type DrainFixture } from "../packages/kube/test/drain-fixture";
import { downloaded, shot as fullShot, signIn } from "./helpers";

// Full-page screenshots from the top: scrolled, the sticky header would be drawn mid-page.
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

test.describe.configure({ mode: "serial" });

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

const SCENARIO = "pdb-sequential-decrement";
// The three replicas of the scenario, all on n1 under a PDB with maxUnavailable 1.
const PODS = ["default/web-5d8f7c9b4-b6t3w", "default/web-5d8f7c9b4-m4q9z", "default/web-5d8f7c9b4-x7k2p"];

async function pickScenario(page: Page) {
  await page.goto("/drain?source=local");
  await expect(page.getByRole("heading", { name: "Drain rehearsal" })).toBeVisible();
  await page.locator(`[data-scenario="${SCENARIO}"]`).click();
  await expect(page.locator(`[data-scenario="${SCENARIO}"]`)).toHaveAttribute("aria-pressed", "true");
}

const board = (page: Page, node = "n1") => page.locator("#drain-current").getByRole("region", { name: `drain rehearsal of node ${node}` });

test("a teaching scenario: plan with 429 retries, drained, step and scrub", async ({ page }) => {
  await signIn(page);
  await pickScenario(page);
  // Its description is shown and its `# drain: n1` header filled the node picker.
  await expect(page.getByTestId("scenario-description")).toContainText("one eviction passes at a time");
  await expect(page.getByLabel("node n1")).toBeChecked();
  await expect(page.getByLabel("node n2")).not.toBeChecked();
  await expect(page.getByTestId("command-line")).toHaveText("kubectl drain n1");
  await page.getByRole("button", { name: "Run rehearsal" }).click();

  const b = board(page);
  await expect(b.locator("[data-result]").first()).toHaveText("drained");
  // Per pod: attempts and when the eviction was granted — one at a time, 5 s apart, as the budget refills.
  const expected = [
    [PODS[0], "1", "evicted at 0s"],
    [PODS[1], "2", "evicted at 5.5s"],
    [PODS[2], "3", "evicted at 11s"],
  ];
  for (const [pod, attempts, outcome] of expected) {
    const row = b.locator(`tr[data-pod="${pod}"]`);
    await expect(row.locator("td").nth(3)).toHaveText(attempts);
    await expect(row.locator("td").nth(4)).toHaveText(outcome);
    await expect(row.locator("td").nth(2)).toHaveText("default/web");
  }
  // kubectl's own 429 retry line, verbatim.
  const kubectl = b.getByLabel("kubectl output");
  await expect(kubectl).toContainText(
    `error when evicting pods/"web-5d8f7c9b4-m4q9z" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
  );
  await expect(b.getByLabel("findings")).toContainText("--dry-run=server would answer");
  // The URL carries the rehearsal.
  await expect.poll(() => new URL(page.url()).searchParams.get("scenario")).toBe(SCENARIO);
  expect(new URL(page.url()).searchParams.get("nodes")).toBe("n1");
  await shot(page, "drain-01-scenario-light");

  // Scrub to the start: nothing has happened yet, kubectl has printed nothing about evictions.
  const time = b.getByLabel("virtual time");
  await time.fill("0");
  await expect(b.locator("output")).toContainText(/^0s \//);
  await expect(b.locator(`tr[data-pod="${PODS[2]}"] td`).nth(5)).not.toHaveText("gone");
  await expect(kubectl).not.toContainText("will retry after 5s");
  // Step forward until the second pod meets the budget: its state says so.
  for (let i = 0; i < 6; i++) {
    const state = await b.locator(`tr[data-pod="${PODS[1]}"] td`).nth(5).textContent();
    if (state === "blocked (429)") break;
    await b.getByRole("button", { name: "step forward" }).click();
  }
  await expect(b.locator(`tr[data-pod="${PODS[1]}"] td`).nth(5)).toHaveText("blocked (429)");
  await expect(kubectl).toContainText("will retry after 5s");
  const atStep = await b.locator("output").textContent();
  expect(atStep).not.toMatch(/^0s \//);
  await shot(page, "drain-02-stepped-light");
  // Scrubbing to the end: every pod is gone.
  const end = Number(await time.getAttribute("max"));
  expect(end).toBeGreaterThan(11);
  await time.fill(String(end));
  for (const pod of PODS) await expect(b.locator(`tr[data-pod="${pod}"] td`).nth(5)).toHaveText("gone");
  // Step back leaves the end.
  await b.getByRole("button", { name: "step back" }).click();
  await expect(b.locator("output")).not.toHaveText(`${end}s / ${end}s`);

  // The board's JSON export opens again on the page, as it was: same plan, same kubectl lines.
  const [download] = await Promise.all([page.waitForEvent("download"), b.getByRole("button", { name: "export JSON" }).click()]);
  const file = join(mkdtempSync(join(tmpdir(), "drain-json-")), download.suggestedFilename());
  writeFileSync(file, await downloaded(download));
  expect(download.suggestedFilename()).toBe("drain-n1.json");
  await page.getByRole("tab", { name: "Snapshot" }).click();
  await page.getByLabel("Upload a snapshot file").setInputFiles(file);
  await expect(page.locator("#drain-current")).toContainText("opened from drain-n1.json");
  for (const [pod, attempts] of expected) await expect(b.locator(`tr[data-pod="${pod}"] td`).nth(3)).toHaveText(attempts);
  await expect(b.getByLabel("kubectl output")).toContainText("will retry after 5s");
});

test("a link reopens the rehearsal; pin, change the PDB, run again side by side", async ({ page }) => {
  await signIn(page);
  await page.goto(`/drain?source=local&from=scenario&scenario=${SCENARIO}&nodes=n1&run=1`);
  const b = board(page);
  await expect(b.locator("[data-result]").first()).toHaveText("drained");
  await expect(b.locator(`tr[data-pod="${PODS[2]}"] td`).nth(3)).toHaveText("3");

  await page.getByRole("button", { name: "Pin run #1" }).click();
  await expect(page.getByRole("button", { name: "Run #1 pinned" })).toBeDisabled();
  // Let the budget allow all three at once.
  await page.getByText("Cluster YAML").click();
  const editor = page.getByRole("textbox", { name: "Cluster YAML" });
  const yaml = await editor.inputValue();
  const changed = yaml.replace("maxUnavailable: 1", "maxUnavailable: 3");
  expect(changed).not.toBe(yaml);
  await editor.fill(changed);
  await expect(page.getByText("edited", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Run rehearsal" }).click();

  const compare = page.getByRole("region", { name: "compare runs" });
  await expect(compare).toContainText("Pinned run #1 → this run #2");
  await expect(compare.getByTestId("yaml-diff")).toContainText("- maxUnavailable: 1");
  await expect(compare.getByTestId("yaml-diff")).toContainText("+ maxUnavailable: 3");
  // With room for three disruptions nobody waits: every pod goes on its first attempt.
  for (const pod of PODS) await expect(b.locator(`tr[data-pod="${pod}"] td`).nth(3)).toHaveText("1");
  await expect(compare.locator('tr[data-differs="true"]')).toHaveCount(2);
  // The pinned run still shows the old story below.
  const pinned = page.locator("#drain-pinned").getByRole("region", { name: "drain rehearsal of node n1" });
  await expect(pinned.locator(`tr[data-pod="${PODS[2]}"] td`).nth(3)).toHaveText("3");
  await shot(page, "drain-03-compare-light");

  // Beside: the two runs share a row, and the link remembers it.
  await page.getByRole("group", { name: "Compare layout" }).getByRole("button", { name: "beside" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("compare")).toBe("beside");
  const [now, then] = [await page.locator("#drain-current").boundingBox(), await page.locator("#drain-pinned").boundingBox()];
  expect(then!.x).toBeGreaterThan(now!.x + now!.width - 1);
  expect(Math.abs(then!.y - now!.y)).toBeLessThan(2);

  // Dark theme, same page.
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await shot(page, "drain-04-compare-dark");
  await page.getByRole("button", { name: "Switch to light theme" }).click();
});

test("flags: a bad --timeout is explained and blocks Run; a scenario header fills the flags", async ({ page }) => {
  await signIn(page);
  await pickScenario(page);
  await page.getByLabel("--timeout").fill("30 seconds");
  await expect(page.getByRole("alert").filter({ hasText: "--timeout" })).toContainText(
    'time: unknown unit " seconds" in duration "30 seconds"',
  );
  await expect(page.getByRole("button", { name: "Run rehearsal" })).toBeDisabled();
  await page.getByLabel("--timeout").fill("1m30s");
  await expect(page.getByTestId("command-line")).toHaveText("kubectl drain n1 --timeout=1m30s");
  await expect.poll(() => new URL(page.url()).searchParams.get("timeout")).toBe("1m30s");
  await expect(page.getByRole("button", { name: "Run rehearsal" })).toBeEnabled();
});

test("a malformed pasted snapshot shows the YAML error at its line and column", async ({ page }) => {
  await signIn(page);
  await page.goto("/drain?source=local&from=snapshot");
  const editor = page.getByRole("textbox", { name: "Cluster YAML" });
  // A valid Node, then a Pod whose metadata is mis-indented on line 10.
  await editor.fill(
    [
      "apiVersion: v1",
      "kind: Node",
      "metadata:",
      "  name: n1",
      "---",
      "apiVersion: v1",
      "kind: Pod",
      "metadata:",
      "  name: web",
      "   namespace: default",
      "",
    ].join("\n"),
  );
  await page.getByLabel("node n1").check();
  await page.getByRole("button", { name: "Run rehearsal" }).click();
  const err = page.getByTestId("drain-yaml-error");
  await expect(err).toContainText("line 9, column 9");
  await expect(err).toContainText("YAML error");
  // The server's answer (drain.simulate refused it), not only the editor's own check; no board was drawn.
  await expect(err).toHaveAttribute("data-from", "server");
  await expect(page.locator("#drain-current")).toHaveCount(0);
  await shot(page, "drain-05-yaml-error-light");
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await shot(page, "drain-06-yaml-error-dark");
  await page.getByRole("button", { name: "Switch to light theme" }).click();
});

test("a live source: the local node's own pods rehearsed, no real drain offered where eviction is impossible", async ({ page }) => {
  await signIn(page);
  await page.goto("/drain?source=local&from=source");
  await expect(page.getByRole("tab", { name: "Live source" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Drain source")).toHaveValue("local");
  // The node picker lists what nodes.list says for the source.
  const node = page.getByRole("group", { name: "Nodes" }).getByRole("checkbox").first();
  await node.check();
  const name = (await node.getAttribute("aria-label"))!.replace(/^node /, "");
  await page.getByLabel("--force").check();
  await page.getByLabel("--ignore-daemonsets").check();
  await expect(page.getByTestId("command-line")).toHaveText(`kubectl drain ${name} --force --ignore-daemonsets`);
  await page.getByRole("button", { name: "Run rehearsal" }).click();
  const b = board(page, name);
  await expect(b.locator("[data-result]").first()).toHaveText(/^(drained|refused|stalled|timeout|failed)$/);
  await expect(b.getByLabel("kubectl output")).toContainText(`node/${name} cordoned`);
  // The local node cannot evict: the page says so and offers no "Drain for real".
  await expect(page.getByText("cannot evict pods")).toBeVisible();
  await expect(page.getByRole("button", { name: "Drain for real" })).toHaveCount(0);
  const url = new URL(page.url());
  expect([
    url.searchParams.get("from"),
    url.searchParams.get("nodes"),
    url.searchParams.get("force"),
    url.searchParams.get("ignore-daemonsets"),
  ]).toEqual(["source", name, "1", "1"]);
  await shot(page, "drain-07-local-source-light");
});

// The live half on the real control plane (scripts/controlplane.sh, shared with the API tests): a private pair of
// KWOK nodes with three replicas under minAvailable 2, served by a second podscope that can see the cluster (the
// configured one starts before any spec is loaded, without KUBECONFIG). Check with the server, then drain for
// real and uncordon — only our own fixture node is ever touched.
test.describe("live cluster", () => {
  const port = e2ePort() + 50;
  const web = `http://127.0.0.1:${port + WEB_PORT_OFFSET}`;
  let cp: ControlPlane | undefined;
  let admin: KubeClient;
  let fx: DrainFixture | undefined;
  let home = "";
  let up: ChildProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(1_900_000);
    cp = ensureControlPlane();
    const { kubeconfig } = cp;
    admin = new KubeClient(loadKubeConfig({ path: kubeconfig }));
    fx = await createFixture(admin, kubeconfig, "drain-e2e");
    await deployWithBudget(admin, fx, 3, 2);
    await settled(admin, fx, { [fx.src]: 3 }, 1);
    await admin.request("PATCH", `/api/v1/nodes/${fx.dst}`, {
      body: { spec: { unschedulable: null } },
      contentType: "application/strategic-merge-patch+json",
    });
    home = mkdtempSync(join(tmpdir(), "podscope-e2e-live-"));
    up = spawn("pnpm", ["-s", "podscope", "up", "--port", String(port)], {
      env: { ...process.env, KUBECONFIG: kubeconfig, PODSCOPE_HOME: home, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "ignore",
      detached: true,
    });
    await expect
      .poll(
        () =>
          fetch(`${web}/podscope-config`).then(
            (r) => r.ok,
            () => false,
          ),
        { timeout: 120_000 },
      )
      .toBe(true);
  });

  test.afterAll(async () => {
    test.setTimeout(300_000);
    if (up?.pid) {
      process.kill(-up.pid, "SIGINT");
      await new Promise((r) => up!.once("exit", r));
    }
    if (home)
      execFileSync("pnpm", ["-s", "podscope", "down"], { env: { ...process.env, PODSCOPE_HOME: home }, stdio: "ignore", timeout: 120_000 });
    if (admin) {
      await deleteFixture(admin, fx);
      admin.close();
    }
    if (cp?.startedHere) stopControlPlane();
  });

  test("check with the server beside the simulation, drain for real, uncordon", async ({ page }) => {
    const node = fx!.src;
    await page.goto(`${web}/?token=${readFileSync(join(home, "token"), "utf8").trim()}`);
    await expect.poll(() => new URL(page.url()).searchParams.has("token")).toBe(false);
    await page.goto(`${web}/drain?source=kube:podscope-sandbox&from=source&nodes=${node}&run=1`);
    const b = page.getByRole("region", { name: `drain rehearsal of node ${node}` });
    // The source's caches may not have the budget's status yet: rerun until the simulation sees the 429s.
    await expect(async () => {
      await page.getByRole("button", { name: "Run rehearsal" }).click();
      await expect(b.locator("tbody tr td:nth-child(4)")).toHaveText(["1", "2", "3"], { timeout: 2_000 });
    }).toPass({ timeout: 90_000 });
    await expect(b.locator("[data-result]").first()).toHaveText("drained");

    await page.getByRole("button", { name: "Check with the server" }).click();
    const check = page.getByRole("table", { name: "server check per pod" });
    // The dry-run allows all three; the sequential simulation makes two of them wait: those two rows differ.
    await expect(check.locator("tbody tr")).toHaveCount(3, { timeout: 60_000 });
    await expect(check.locator('tr[data-differs="true"]')).toHaveCount(2);
    await expect(check).toContainText("never writes the budget's decrement");
    await shot(page, "drain-08-live-check-light");

    // Drain for real: refused until the node's name is typed exactly.
    const live = page.getByRole("region", { name: `live drain of node ${node}` });
    await expect(live.getByRole("button", { name: "Drain for real" })).toBeDisabled();
    await live.getByLabel("type the node name to confirm").fill(node);
    await live.getByRole("button", { name: "Drain for real" }).click();
    await expect(live.locator("[data-result]")).toHaveText("drained", { timeout: 150_000 });
    await expect(live.getByLabel("kubectl output")).toContainText(`node/${node} cordoned`);
    await expect(live.getByLabel("kubectl output")).toContainText(`node/${node} drained`);
    const left = await admin.request<{ items: { spec?: { nodeName?: string } }[] }>("GET", `/api/v1/namespaces/${fx!.ns}/pods`);
    expect(left.items.filter((p) => p.spec?.nodeName === node)).toEqual([]);
    await live.getByRole("button", { name: `Uncordon ${node}` }).click();
    await expect(live.getByText(`node/${node} uncordoned`)).toBeVisible();
    const n = await admin.request<{ spec?: { unschedulable?: boolean } }>("GET", `/api/v1/nodes/${node}`);
    expect(n.spec?.unschedulable ?? false).toBe(false);
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await shot(page, "drain-09-live-drained-dark");
    await page.getByRole("button", { name: "Switch to light theme" }).click();
  });

  test("a drain the budget blocks forever can be stopped; the node stays cordoned until Uncordon", async ({ page }) => {
    const node = fx!.dst;
    // All three replicas now run on the destination; a budget needing all three blocks every eviction.
    await admin.request("PATCH", `/apis/policy/v1/namespaces/${fx!.ns}/poddisruptionbudgets/web`, {
      body: { spec: { minAvailable: 3 } },
      contentType: "application/merge-patch+json",
    });
    await settled(admin, fx!, { [node]: 3 }, 0);
    await page.goto(`${web}/?token=${readFileSync(join(home, "token"), "utf8").trim()}`);
    await expect.poll(() => new URL(page.url()).searchParams.has("token")).toBe(false);
    await page.goto(`${web}/drain?source=kube:podscope-sandbox&from=source&nodes=${node}`);
    const live = page.getByRole("region", { name: `live drain of node ${node}` });
    await live.getByLabel("type the node name to confirm").fill(node);
    await live.getByRole("button", { name: "Drain for real" }).click();
    await expect(live.getByLabel("kubectl output")).toContainText(
      "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.",
      { timeout: 60_000 },
    );
    await live.getByRole("button", { name: "Stop" }).click();
    await expect(live.locator("[data-result]")).toHaveText("stopped", { timeout: 30_000 });
    await expect(live).toContainText("Stopped: the node stays cordoned.");
    expect((await admin.request<{ spec?: { unschedulable?: boolean } }>("GET", `/api/v1/nodes/${node}`)).spec?.unschedulable).toBe(true);
    await live.getByRole("button", { name: `Uncordon ${node}` }).click();
    await expect(live.getByText(`node/${node} uncordoned`)).toBeVisible();
    expect((await admin.request<{ spec?: { unschedulable?: boolean } }>("GET", `/api/v1/nodes/${node}`)).spec?.unschedulable ?? false).toBe(
      false,
    );
    await shot(page, "drain-10-live-stopped-light");
  });
});
