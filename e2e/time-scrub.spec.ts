// Play and scrub "as of" (issue 9, time travel): with ?at= set, the pod page steps to the previous and next
// recorded status change of its pod and the pod list a minute back and forth; the slider and the buttons
// work from the keyboard, and every move lands in the URL (?at=) so the permalink follows.
import { expect, test, type Page } from "@playwright/test";
import { createFromGallery, shot, signIn, unique } from "./helpers";

const crasher = unique("scrub");
let createdAt = 0;
const atOf = (page: Page) => Date.parse(new URL(page.url()).searchParams.get("at") ?? "");

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page);
  await page.goto(`/pods/default/${crasher}?source=local`);
  await page.getByRole("button", { name: "Delete…" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /Delete/ })
    .click();
  await page.close();
});

test("the pod page steps through its recorded changes; the list by a minute; URL-backed, keyboard too", async ({ page }) => {
  await signIn(page);
  createdAt = Date.now();
  await createFromGallery(page, "Crash loop", crasher);
  await expect(page.getByTestId("pod-status")).toHaveText("CrashLoopBackOff", { timeout: 90_000 });
  // Live: no scrubber.
  await expect(page.getByTestId("time-scrubber")).toHaveCount(0);

  const t0 = new Date(Date.now() - 2_000).toISOString();
  await page.goto(`/pods/default/${crasher}?source=local&at=${encodeURIComponent(t0)}`);
  const scrubber = page.getByTestId("time-scrubber");
  await expect(scrubber).toBeVisible();
  await expect(page.getByRole("button", { name: "Next change" })).toBeVisible();
  const start = atOf(page);

  // Back to the previous recorded change, then forward again past it.
  await page.getByRole("button", { name: "Previous change" }).click();
  await expect.poll(() => atOf(page)).toBeLessThan(start);
  const prev = atOf(page);
  await page.getByRole("button", { name: "Previous change" }).click();
  await expect.poll(() => atOf(page)).toBeLessThan(prev);
  const earlier = atOf(page);
  await page.getByRole("button", { name: "Next change" }).click();
  await expect.poll(() => atOf(page)).toBe(prev);
  await expect(page.getByTestId("time-travel")).toContainText("As it was at");
  await shot(page, "T-01-pod-page-scrubber");

  // The slider from the keyboard: Home goes to the start of the pod's history (its first recorded status).
  const slider = page.getByRole("slider", { name: "Time" });
  await slider.focus();
  await page.keyboard.press("Home");
  await expect.poll(() => atOf(page)).toBeLessThanOrEqual(earlier);
  const first = atOf(page);
  await expect(page.getByTestId("pod-status")).toBeVisible();
  // Keyboard on the buttons: Tab order reaches them, Enter works them.
  await page.getByRole("button", { name: "Next change" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => atOf(page)).toBeGreaterThan(first);

  // The pod list: a minute back and forth, exactly.
  const t1 = new Date(Date.now() - 30_000).toISOString();
  await page.goto(`/pods?source=local&at=${encodeURIComponent(t1)}`);
  await expect(page.getByTestId("time-scrubber")).toBeVisible();
  await page.getByRole("button", { name: "Back 1 min" }).click();
  await expect.poll(() => atOf(page)).toBe(Date.parse(t1) - 60_000);
  await page.getByRole("button", { name: "Forward 1 min" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => atOf(page)).toBe(Date.parse(t1));
  await shot(page, "T-02-pod-list-scrubber");
});

test("the Events page and the node page at T: as they were then", async ({ page }) => {
  await signIn(page);
  // Events: before the pod was created, none of its events existed yet; now they do.
  await page.goto(`/events?source=local&object=${crasher}`);
  await expect.poll(() => page.locator("tr[data-event]").count()).toBeGreaterThan(0);
  await page.goto(`/events?source=local&object=${crasher}&at=${encodeURIComponent(new Date(createdAt - 1_000).toISOString())}`);
  await expect(page.getByTestId("time-travel")).toContainText("As it was at");
  await expect(page.locator("tr[data-event]")).toHaveCount(0);
  // The scrubber steps to the next moment an event of the filtered ones was seen: the pod's first events
  // appear, T in the URL.
  const before = atOf(page);
  await page.getByRole("button", { name: "Next change" }).click();
  await expect.poll(() => atOf(page)).toBeGreaterThan(before);
  await expect.poll(() => page.locator("tr[data-event]").count()).toBeGreaterThan(0);
  await shot(page, "T-04-events-page-stepped");

  // The node as recorded at T: its conditions then (heartbeats are not recorded), read-only.
  await page.goto(`/pods/default/${crasher}?source=local`);
  const href = (await page.locator('a[href^="/nodes/"]').first().getAttribute("href")) ?? "";
  const node = decodeURIComponent(href.split("?")[0].slice("/nodes/".length));
  expect(node).not.toBe("");
  await page.goto(`/nodes/${node}?source=local&at=${encodeURIComponent(new Date(Date.now() - 5_000).toISOString())}`);
  await expect(page.getByTestId("time-travel")).toContainText("As it was at");
  await expect(page.getByTestId("node-ready")).toHaveText("Ready");
  await expect(page.getByTestId("time-scrubber")).toBeVisible();
  await shot(page, "T-03-node-page-at-T");
  // Before the node's history begins: said, not shown live.
  await page.goto(`/nodes/${node}?source=local&at=2001-01-01T00:00:00.000Z`);
  await expect(page.getByRole("alert").filter({ hasText: "is not among" })).toContainText(
    `Node ${node} is not among the 0 nodes recorded at`,
  );
  await expect(page.getByTestId("time-travel")).toContainText("History reaches back to");
});
