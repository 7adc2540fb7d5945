// Shared bits of the browser tests: the access token of the podscope the config started, screenshots
// into artifacts/screenshots/, and names unique per run so reruns never collide with leftovers.
import { expect, type Download, type Page } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const SHOTS = join(process.cwd(), "artifacts", "screenshots");
mkdirSync(SHOTS, { recursive: true });

export function token(): string {
  const home = process.env.PODSCOPE_E2E_HOME;
  if (!home) throw new Error("PODSCOPE_E2E_HOME is not set: run the browser tests through playwright.config.ts");
  return readFileSync(join(home, "token"), "utf8").trim();
}

/**
 * A full-page screenshot taken from the top: of a scrolled page, Chromium draws the sticky header where the
 * viewport was, so it would show a second time mid-page. The scroll position is put back afterwards.
 */
export async function shot(page: Page, name: string): Promise<void> {
  const y = await page.evaluate(() => {
    const at = window.scrollY;
    window.scrollTo(0, 0);
    return at;
  });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.evaluate((at) => window.scrollTo(0, at), y);
}

export const unique = (base: string) => `${base}-${Date.now().toString(36).slice(-5)}`;

/** Opens the UI with the token in the URL, as the link `podscope up` prints. */
export async function signIn(page: Page): Promise<void> {
  await page.goto(`/?token=${token()}`);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // The token moved to localStorage and left the address bar.
  await expect.poll(() => new URL(page.url()).searchParams.has("token")).toBe(false);
}

/** Picks a gallery example, renames its pod and creates it; returns once the pod page shows. */
export async function createFromGallery(page: Page, example: string, name: string): Promise<void> {
  await page.goto("/create?source=local");
  await page.getByRole("button", { name: new RegExp(example) }).click();
  const editor = page.getByRole("textbox", { name: "Pod YAML" });
  const yaml = await editor.inputValue();
  const renamed = yaml.replace(/^ {2}name: .*$/m, `  name: ${name}`);
  expect(renamed).not.toBe(yaml);
  await editor.fill(renamed);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL(new RegExp(`/pods/default/${name}\\?`), { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
}

export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
}

export async function downloaded(download: Download): Promise<Buffer> {
  const path = await download.path();
  if (!path) throw new Error(`download ${download.suggestedFilename()} failed: ${await download.failure()}`);
  return readFileSync(path);
}

/** Parses an SVG document in the browser; returns the parser's error text, or null when it parsed. */
export async function svgParseError(page: Page, svg: string): Promise<string | null> {
  return page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, "image/svg+xml");
    const err = doc.querySelector("parsererror");
    return err ? err.textContent : doc.documentElement.tagName === "svg" ? null : `root is <${doc.documentElement.tagName}>`;
  }, svg);
}

export async function deletePod(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Delete pod default/${name}?`);
  await dialog.getByLabel("Grace period in seconds").fill("soon");
  await expect(dialog.getByRole("alert")).toContainText("whole number of seconds");
  await expect(dialog.getByRole("button", { name: "Delete pod" })).toBeDisabled();
  await dialog.getByLabel("Grace period in seconds").fill("0");
  await dialog.getByRole("button", { name: "Delete pod" }).click();
  // The dialog closes once the deletion is accepted; the page stays and, the pod gone, says when it went.
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId("deleted-banner")).toBeVisible({ timeout: 60_000 });
  await page.goto("/pods?source=local");
  await expect(page.locator(`[data-pod="default/${name}"]`)).toHaveCount(0, { timeout: 60_000 });
}

/** Calls a tRPC mutation on the API server directly, as another client (the CLI, a colleague) would. */
export async function apiMutation(path: string, input: unknown): Promise<unknown> {
  const res = await fetch(`${process.env.PODSCOPE_E2E_API}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token()}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
  if (body.error) throw new Error(`${path}: ${body.error.message}`);
  return body.result?.data;
}
