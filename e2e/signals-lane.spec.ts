// A deleted pod's Signals lane: the deletion, SIGTERM, the 15 s grace period and SIGKILL at its end, all at a
// few pixels' distance — every text drawn in the lane must stay readable (issue 12: "TERM app" was drawn over
// "grace period 15s"). Checked on the real rendering: the boxes of the SVG texts of one row never overlap.
import { expect, test } from "@playwright/test";
import { apiMutation, shot, signIn, unique } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

const name = unique("e2e-signals");
// The app ignores SIGTERM, so kubelet's SIGKILL ends it when the 15 s grace period is over.
const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  terminationGracePeriodSeconds: 15
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"]
`;

test.afterAll(async () => {
  await apiMutation("pods.delete", { source: "local", namespace: "default", name, gracePeriodSeconds: 0 }).catch(() => undefined);
});

test("the Signals lane of a deleted pod: TERM, the grace period and KILL each readable, no text over another", async ({ page }) => {
  test.setTimeout(180_000);
  await apiMutation("pods.create", { source: "local", yaml });
  await signIn(page);
  await page.goto(`/pods/default/${name}?source=local`);
  await expect(page.getByText("Running").first()).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(3_000);
  await apiMutation("pods.delete", { source: "local", namespace: "default", name, gracePeriodSeconds: 15 });
  await expect(page.getByTestId("deleted-banner")).toBeVisible({ timeout: 90_000 });
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator("svg text.tick-text", { hasText: /^TERM/ }).first()).toBeVisible();
  await expect(timeline.locator("svg text.tick-text", { hasText: /^KILL/ }).first()).toBeVisible();

  // Every text of the timeline, as boxes grouped by row (the same vertical centre): none may overlap another.
  const overlaps = await timeline
    .locator("svg")
    .first()
    .evaluate((svg) => {
      const boxes = Array.from(svg.querySelectorAll<SVGTextElement>("text.tick-text, text.span-text")).map((t) => {
        const b = t.getBBox();
        return { text: t.textContent ?? "", row: Math.round(b.y + b.height / 2), from: b.x, to: b.x + b.width };
      });
      const out: string[] = [];
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          if (Math.abs(a.row - b.row) <= 2 && a.from < b.to && b.from < a.to) out.push(`"${a.text}" over "${b.text}"`);
        }),
      );
      return { out, texts: boxes.map((b) => b.text) };
    });
  expect(overlaps.out).toEqual([]);
  expect(overlaps.texts.some((t) => t.startsWith("grace"))).toBe(true);
  await timeline.scrollIntoViewIfNeeded();
  await timeline.screenshot({ path: "artifacts/screenshots/L-signals-lane-deleted.png" });
  await shot(page, "L-signals-lane-deleted-page");
});
