// The drain board following the playhead on the real page (scenario picker search and groups, badge and answers
// at 0 s and 7 s, one time scale for a pinned run), and the logs viewer on the real local node (the container that
// logged last opens first, stderr marked, timestamps from the CRI log, the download's name). Screenshots into
// artifacts/screenshots/ (and $PODSCOPE_SHOTS_DIR when set).
import { expect, test, type Page } from "@playwright/test";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { apiMutation, openTab, shot as fullShot, SHOTS, signIn, unique } from "./helpers";

async function shot(page: Page, name: string) {
  await fullShot(page, name);
  if (process.env.PODSCOPE_SHOTS_DIR) copyFileSync(join(SHOTS, `${name}.png`), join(process.env.PODSCOPE_SHOTS_DIR, `${name}.png`));
}

test.describe.configure({ mode: "serial" });
let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test("scenario picker: search and groups by topic", async ({ page }) => {
  await signIn(page);
  await page.goto("/drain?source=local");
  const list = page.getByRole("list", { name: "Scenarios" });
  await expect(list.locator("[data-topic]").first()).toBeVisible();
  expect(await list.locator("[data-topic]").count()).toBeGreaterThanOrEqual(5);
  await page.getByRole("searchbox", { name: "Search scenarios" }).fill("prestop");
  await expect(list.locator("[data-scenario]")).toHaveCount(2);
  await expect(list.locator("[data-topic]")).toHaveCount(1);
  await shot(page, "drain-picker-search");
  await page.getByRole("searchbox", { name: "Search scenarios" }).fill("");
  await expect(list.locator("[data-scenario]")).toHaveCount(await list.locator("[data-scenario]").count());
});

test("the board shows the state at the playhead; a pinned run of another length shares the time axis", async ({ page }) => {
  await signIn(page);
  await page.goto("/drain?source=local&from=scenario&scenario=pdb-sequential-decrement&nodes=n1&run=1");
  const board = page.locator("#drain-current");
  await expect(board.locator("[data-result]")).toHaveText("drained", { timeout: 60_000 });
  const x7 = board.locator('tr[data-pod="default/web-5d8f7c9b4-x7k2p"]');
  for (const t of ["0", "7"]) {
    await board.getByRole("slider", { name: "virtual time" }).fill(t);
    await expect(board.locator("[data-result]")).toHaveText("draining");
    await expect(board.getByLabel("findings")).toContainText("The findings describe how the drain ends");
    await shot(page, `drain-board-page-${t}s`);
  }
  await expect(x7.locator("[data-now]")).toHaveText("blocked (429)");
  await expect(x7.locator("[data-last-answer]")).toContainText("Cannot evict pod");
  // Pin, then run again with --disable-eviction (2 s instead of 13 s): both boards draw 0–13 s.
  await page.getByRole("button", { name: /^Pin run #/ }).click();
  await page.getByLabel("--disable-eviction").check();
  await page.getByRole("button", { name: "Run rehearsal" }).click();
  await expect(page.locator("#drain-pinned")).toBeVisible({ timeout: 60_000 });
  const lastTick = (id: string) => page.locator(`#${id} svg[aria-label="drain lanes per pod"] > g > text`).last().textContent();
  await expect.poll(() => lastTick("drain-current")).toBe(await lastTick("drain-pinned"));
  await page.locator("#drain-current").getByRole("slider", { name: "virtual time" }).fill("0");
  await expect(page.locator("#drain-current [data-pdb]").first()).toHaveAttribute("data-below", "true");
  await shot(page, "drain-board-page-pinned");
});

const logger = unique("e2e-logs");
test.afterAll(async () => {
  await apiMutation("pods.delete", { source: "local", namespace: "default", name: logger, gracePeriodSeconds: 0 }).catch(() => undefined);
});

test("logs: the container that logged last opens first, stderr marked, timestamps on demand, the same lines when following", async ({
  page,
}) => {
  // "quiet" logs once; "chatty" (second) keeps logging, on stdout and on stderr.
  const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${logger}\nspec:\n  containers:\n  - name: quiet\n    image: busybox\n    command: ["sh", "-c", "echo hello; sleep 3600"]\n  - name: chatty\n    image: busybox\n    command: ["sh", "-c", "sleep 2; i=0; while true; do i=$((i+1)); echo out $i; echo err $i >&2; sleep 1; done"]\n`;
  await apiMutation("pods.create", { source: "local", yaml });
  await signIn(page);
  await page.goto(`/pods/default/${logger}?source=local`);
  await expect(page.getByRole("heading", { name: new RegExp(logger) })).toBeVisible();
  await page.waitForTimeout(4000); // let chatty write after quiet
  await page.reload();
  await openTab(page, "Containers");
  const box = page.getByLabel("Log output");
  await box.scrollIntoViewIfNeeded();
  await expect(page.getByLabel("Log container")).toHaveValue("chatty", { timeout: 30_000 });
  await expect(box.locator('[data-stream="stderr"]').first()).toContainText("err");
  await expect(box.locator('[data-stream="stdout"]').first()).toContainText("out");
  await page.getByLabel("timestamps").check();
  await expect(box).toContainText(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/);
  await shot(page, "logs-viewer");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download log" }).click();
  expect((await download).suggestedFilename()).toMatch(new RegExp(`^default_${logger}_chatty_\\d{4}-\\d\\d-\\d\\dT[\\d.-]+Z\\.log$`));
});
