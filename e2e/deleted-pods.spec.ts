// Deleted pods stay reachable (issue 9): a preStop pod deleted with its page open keeps showing its
// termination live (the dialog closes once the deletion is accepted, the page stays), then the
// "deleted at" banner; the pod list shows it greyed with its deletion time when asked to, and its
// page is named by UID once the name is used again.
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createFromGallery, shot, signIn, unique } from "./helpers";

// Screenshots for the review go beside the suite's own, and to PODSCOPE_SHOTS_J when set.
async function shots(page: import("@playwright/test").Page, name: string): Promise<void> {
  await shot(page, name);
  const extra = process.env.PODSCOPE_SHOTS_J;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    await page.screenshot({ path: join(extra, `${name}.png`), fullPage: true });
  }
}

test("a preStop pod deleted with its page open plays its termination, then says it was deleted", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page);
  const name = unique("e2e-prestop");
  await createFromGallery(page, "preStop hook", name);
  await expect(page.getByTestId("pod-status")).toHaveText("Running", { timeout: 60_000 });
  const url = page.url();
  await page.waitForTimeout(1500);
  const whileRunning = new Date().toISOString(); // for time travel below
  await page.waitForTimeout(1500);

  await page.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Delete pod" }).click(); // the spec's grace period (15 s)
  // Accepted: the dialog is gone while the pod is still terminating (preStop sleeps 5 s), the page stays.
  await expect(dialog).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId("pod-status")).toHaveText("Terminating", { timeout: 10_000 });
  expect(page.url()).toBe(url);
  await expect(page.getByText(/^Terminating: grace period 15s/)).toBeVisible();
  await shots(page, "J-01-terminating-live");

  // Gone: the banner, the recorded termination on the timeline, the Killing event.
  const banner = page.getByTestId("deleted-banner");
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toContainText("Deleted at");
  expect(page.url()).toBe(url);
  await expect(page.getByText(/not found/)).toHaveCount(0);
  await expect(
    page
      .getByTestId("timeline")
      .locator("svg text", { hasText: /preStop|TERM|KILL/ })
      .first(),
  ).toBeVisible();
  await page.getByRole("tab", { name: "Events" }).click();
  await expect(page.getByRole("tabpanel")).toContainText("Killing");
  await page.getByRole("tab", { name: "Lifecycle" }).click();
  await shots(page, "J-02-deleted-pod-page");

  // The pod list: not there, until deleted pods are asked for — then greyed, with the deletion time.
  await page.goto("/pods?source=local");
  const toggle = page.getByLabel("Show deleted pods");
  await expect(toggle).not.toBeChecked();
  await expect(page.locator(`[data-pod^="default/${name}"]`)).toHaveCount(0);
  await toggle.check();
  const row = page.locator(`[data-pod^="default/${name}@"]`);
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await expect(row).toHaveAttribute("data-deleted", "");
  await expect(row.getByTestId("deleted-status")).toContainText(/^Deleted .* ago$/);
  expect(new URL(page.url()).searchParams.get("deleted")).toBe("1");
  await shots(page, "J-03-pod-list-with-deleted");

  // Its page is named by UID, and with the name in use again, each life is its own page.
  await row.getByRole("link", { name }).click();
  await page.waitForURL(/\?.*uid=/);
  const uid = new URL(page.url()).searchParams.get("uid");
  expect(uid).toBeTruthy();
  await expect(page.getByTestId("deleted-banner")).toBeVisible();
  await createFromGallery(page, "preStop hook", name);
  await expect(page.getByTestId("pod-status")).toHaveText("Running", { timeout: 60_000 });
  await expect(page.getByTestId("deleted-banner")).toHaveCount(0);
  const lives = page.getByRole("navigation", { name: "Incarnations of this name" });
  await expect(lives.getByRole("link")).toHaveCount(2, { timeout: 15_000 });
  await lives.getByRole("link", { name: /deleted/ }).click();
  await page.waitForURL(new RegExp(`uid=${uid}`));
  await expect(page.getByTestId("deleted-banner")).toBeVisible();
  await shots(page, "J-04-incarnations");

  // Time travel: the list and the page as they were while the first one ran (T in the URL).
  await page.goto(`/pods?source=local&at=${encodeURIComponent(whileRunning)}`);
  await expect(page.getByTestId("time-travel")).toContainText("As it was at");
  const then = page.locator(`[data-pod="default/${name}"]`);
  await expect(then).toHaveCount(1);
  await expect(then).toContainText("Running");
  await expect(page.getByLabel("Show as of")).not.toHaveValue("");
  await shots(page, "J-05-pod-list-at-T");
  await page.goto(`/pods/default/${name}?source=local&at=${encodeURIComponent(whileRunning)}`);
  await expect(page.getByTestId("pod-status")).toHaveText("Running");
  await expect(page.getByTestId("time-travel")).toBeVisible();
  await expect(page.getByTestId("deleted-banner")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete…" })).toHaveCount(0);
  await shots(page, "J-06-pod-page-at-T");
  await page.goto("/pods?source=local&at=2001-01-01T00:00:00.000Z");
  await expect(page.getByTestId("time-travel")).toContainText("History reaches back to");
});
