// A window file replayed in the browser (issue 9, item 4): exported from the real local node with a
// crash-looping pod, the pod deleted, the file opened on the Snapshots page. From the first paint on a
// fresh load, and 12 s later, the pod page and the pod list show the same frozen times (never live
// ones); the node link resolves inside the file; the crashed instance's logs are there; closing works.
import { expect, test, type Page } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiMutation, openTab, signIn, token, unique } from "./helpers";

const SHOTS = "/tmp/shots-K";
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function apiQuery<T>(path: string, input: unknown): Promise<T> {
  const res = await fetch(`${process.env.PODSCOPE_E2E_API}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${token()}` },
  });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (body.error) throw new Error(`${path}: ${body.error.message}`);
  return body.result!.data;
}

/** The header's facts and the explanations, as text: everything on the page that depends on the clock. */
async function clockText(page: Page): Promise<string> {
  const header = await page
    .locator("header")
    .filter({ has: page.getByTestId("pod-status") })
    .innerText();
  const explain = await page.locator("main").innerText();
  return `${header}\n---\n${explain.split("Lifecycle")[0]}`;
}

test("a window file opens frozen at the moment it was taken, from the first paint", async ({ page }) => {
  test.setTimeout(240_000);
  const name = unique("window-crash");
  await apiMutation("pods.create", {
    source: "local",
    yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  restartPolicy: Always\n  containers:\n  - name: app\n    image: busybox\n    command: ["sh", "-c", "echo starting; echo something broke >&2; exit 1"]\n`,
  });
  await expect
    .poll(
      async () => {
        const p = await apiQuery<{ status?: { containerStatuses?: { restartCount: number }[] } }>("pods.get", {
          source: "local",
          namespace: "default",
          name,
        });
        return p.status?.containerStatuses?.[0]?.restartCount ?? 0;
      },
      { timeout: 90_000 },
    )
    .toBeGreaterThanOrEqual(2);
  const file = await apiQuery<{ takenAt: string; objects: { pods: { spec: { nodeName: string } }[] } }>("snapshots.export", {
    source: "local",
    namespace: "default",
    pod: name,
  });
  const path = join(SHOTS, `${name}.podscope.json`);
  writeFileSync(path, JSON.stringify(file, null, 2));
  await apiMutation("pods.delete", { source: "local", namespace: "default", name, gracePeriodSeconds: 0 });

  await signIn(page);
  await page.goto("/snapshots");
  await page.getByLabel("Snapshot file").setInputFiles(path);
  await page.waitForURL(new RegExp(`/pods/default/${name}\\?source=window-`), { timeout: 30_000 });
  const url = page.url();
  const source = new URL(url).searchParams.get("source")!;
  await expect(page.getByTestId("frozen-indicator")).toBeVisible();

  // A fresh load: nothing cached. The first paint of the header already shows the frozen clock.
  await page.goto("about:blank");
  await page.goto(url);
  await page.getByTestId("pod-status").waitFor();
  const first = await clockText(page);
  await shot(page, "window-pod-first-paint");
  expect(first).toContain("from snapshot of default/");
  await page.waitForTimeout(12_000);
  const later = await clockText(page);
  await shot(page, "window-pod-after-12s");
  expect(later).toBe(first);
  // A second visit later still reads the same clock.
  await page.reload();
  await page.getByTestId("pod-status").waitFor();
  expect(await clockText(page)).toBe(first);

  // The crashed instance's output came with the file.
  await openTab(page, "Containers");
  await page.getByRole("checkbox", { name: "previous instance" }).check();
  await expect(page.getByLabel("Log output")).toContainText("something broke");
  await shot(page, "window-pod-logs-previous");

  // The node link resolves inside the file.
  await openTab(page, "Lifecycle");
  await page.getByRole("link", { name: file.objects.pods[0].spec.nodeName, exact: true }).click();
  await page.waitForURL(/\/nodes\//);
  await expect(page.getByTestId("node-ready")).toBeVisible();
  await expect(page.getByText(/not among the/)).toHaveCount(0);
  await shot(page, "window-node");

  // The pod list: no live dot, ages from the moment it was taken, identical 12 s later.
  await page.goto(`/pods?source=${encodeURIComponent(source)}`);
  await expect(page.getByTestId("frozen-clock")).toBeVisible();
  const row = page.locator(`[data-pod="default/${name}"]`);
  await expect(row).toBeVisible();
  const rowFirst = await row.innerText();
  await expect(page.getByText("live", { exact: true })).toHaveCount(0);
  await shot(page, "window-pod-list");
  await page.waitForTimeout(12_000);
  expect(await row.innerText()).toBe(rowFirst);

  // Opening the same file again is the same source; closing it removes it.
  await page.goto("/snapshots");
  await page.getByLabel("Snapshot file").setInputFiles(path);
  await page.waitForURL(new RegExp(`source=${source}`));
  await page.goto("/snapshots");
  // Other specs share this server and may have files of their own open: count this file's entries only.
  const ours = page.getByRole("list", { name: "Opened files" }).locator(`li[data-source="${source}"]`);
  await expect(ours).toHaveCount(1);
  await shot(page, "window-snapshots-page");
  await ours.getByRole("button", { name: /^Close / }).click();
  await expect(ours).toHaveCount(0);
});
