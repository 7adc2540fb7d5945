// Getting around like an SRE: the Nodes and Events pages, one namespace filter carried from page to page,
// breadcrumbs, k9s's keys (`:pods`, `:nodes`, `:events`, `:ns`, `/`, Esc) — and what a tab without a working
// access token says and offers (issue 12, items 1 and 6). Screenshots at 1440×900 into artifacts/screenshots/.
import { expect, test, type Page } from "@playwright/test";
import { apiMutation, shot, signIn, token, unique } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const sleeper = unique("e2e-nav");
const crasher = unique("e2e-nav-crash");
const podYaml = (name: string, command: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: ["sh", "-c", "${command}"]\n`;

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test.beforeAll(async () => {
  await apiMutation("pods.create", { source: "local", yaml: podYaml(sleeper, "sleep 3600") });
  await apiMutation("pods.create", { source: "local", yaml: podYaml(crasher, "exit 1") });
});
test.afterAll(async () => {
  for (const name of [sleeper, crasher])
    await apiMutation("pods.delete", { source: "local", namespace: "default", name, gracePeriodSeconds: 0 }).catch(() => undefined);
});

const storedToken = (page: Page) => page.evaluate(() => window.localStorage.getItem("podscope.token"));

test("without a token: one notice says what is missing and where the token is; Delete is disabled; the pod list is not stuck reconnecting", async ({
  browser,
}) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`/pods/default/${sleeper}?source=local`);
  const notice = page.getByTestId("token-notice");
  await expect(notice).toContainText("No access token in this tab");
  await expect(notice).toContainText("$PODSCOPE_HOME/token");
  await expect(notice).toContainText("`podscope up` prints the URL with it");
  await expect(page.getByRole("button", { name: "Delete…" })).toBeDisabled();
  await shot(page, "L-no-token-pod");
  await page.goto("/pods?source=local");
  await expect(page.locator(`[data-pod="default/${sleeper}"]`)).toBeVisible();
  await expect(page.getByText(/\d+ of \d+ pods/)).toBeVisible();
  // Give a reconnect loop time to show itself: the header must never say "reconnecting…".
  await page.waitForTimeout(3_000);
  await expect(page.getByText("reconnecting…")).toHaveCount(0);
  await expect(page.getByTestId("token-notice")).toHaveCount(1); // said once, not per view
  await shot(page, "L-no-token-pods");
  await page.close();
});

test("a stored token the server no longer accepts: the list is polled, not stuck reconnecting, and the notice says why", async ({
  browser,
}) => {
  // The list's subscription goes out with the stored token before the check answers (see the client's
  // subscriptionsNeedToken): the check's refusal must still end it and fall back to polling.
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => window.localStorage.setItem("podscope.token", "a-token-of-another-home"));
  await page.goto("/pods?source=local");
  await expect(page.getByTestId("token-notice")).toContainText("The stored access token is not this server's");
  await expect(page.locator(`[data-pod="default/${sleeper}"]`)).toBeVisible();
  await page.waitForTimeout(3_000);
  await expect(page.getByText("reconnecting…")).toHaveCount(0);
  await expect(page.getByText(/\d+ of \d+ pods/)).toBeVisible();
  await page.close();
});

test("a fresh load of the pod list shows its first rows before its WebSocket has answered (the boot script asked for them)", async ({
  page,
}) => {
  await signIn(page);
  // The live stream never answers: any row on screen came from the page's own early request.
  await page.routeWebSocket(/.*/, () => {});
  await page.goto("/pods?ns=default");
  await expect(page.locator(`[data-pod="default/${sleeper}"]`)).toBeVisible();
  await expect(page.locator(`[data-pod="default/${crasher}"]`)).toBeVisible();
  // The source came with them (no ?source= in the URL), and the ages wait for its clock, not for the stream.
  await expect(page.getByRole("combobox", { name: "Source" })).toHaveValue("local");
  await expect(page.locator(`[data-pod="default/${sleeper}"] [role=gridcell]`).nth(5)).toHaveText(/^\d+[smhd]/);
  await shot(page, "pods-first-rows-before-stream");
  // Not for a list at a past time, and not twice: a list opened again in the tab waits for its stream.
  await page.getByRole("link", { name: "Nodes", exact: true }).click();
  await expect(page).toHaveURL(/\/nodes/);
  await page.getByRole("link", { name: "Pods", exact: true }).click();
  await expect(page).toHaveURL(/\/pods/);
  await expect(page.getByText("connecting…")).toBeVisible();
  await expect(page.locator("[data-pod]")).toHaveCount(0);
});

test("?token=wrong never replaces a working token; the user is told and keeps deleting rights", async ({ page }) => {
  await signIn(page);
  expect(await storedToken(page)).toBe(token());
  await page.goto(`/pods/default/${sleeper}?source=local&token=wrong-token`);
  await expect(page.getByTestId("token-notice")).toContainText(
    "The token in the link was refused by this podscope server; the token you had still works and was kept.",
  );
  await expect.poll(() => new URL(page.url()).searchParams.has("token")).toBe(false);
  expect(await storedToken(page)).toBe(token());
  await expect(page.getByRole("button", { name: "Delete…" })).toBeEnabled();
  await shot(page, "L-link-token-refused");
  // A good link still signs in, and a clean load shows no notice at all.
  await page.goto(`/?token=${token()}`);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("token-notice")).toHaveCount(0);
});

test("Nodes page: a table with status, conditions, allocatable, pod counts and requests; a node opens its page with breadcrumbs", async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Nodes" }).click();
  // The link carries ?source= only once a source was chosen in this tab: /nodes alone is the default source.
  await page.waitForURL(/\/nodes(\?|$)/);
  const row = page.locator("[data-node-row]").first();
  await expect(row).toContainText("Ready");
  const name = (await row.getAttribute("data-node-row"))!;
  await expect(row.locator('[data-cell="pods"]')).toHaveText(/^\d+( \/ \d+)?$/);
  await expect(row.locator('[data-cell="cpu-requests"]')).toContainText(/\d+%|—/);
  await expect(page.getByRole("table", { name: "Nodes" })).toContainText("Pressure / conditions");
  await shot(page, "L-nodes");
  // A filter typed just before a click goes along (Back shows it), and does not pull the page back to the list.
  await page.getByLabel("Filter nodes").fill(name);
  await row.getByRole("link", { name, exact: true }).click();
  await page.waitForURL(new RegExp(`/nodes/${name}\\?`));
  await page.goBack();
  await expect(page.getByLabel("Filter nodes")).toHaveValue(name);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${name}`));
  await row.getByRole("link", { name, exact: true }).click();
  await page.waitForURL(new RegExp(`/nodes/${name}\\?`));
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs.locator('[data-crumb="node"]')).toHaveText(name);
  await expect(crumbs.getByRole("link", { name: "Nodes" })).toBeVisible();
  await shot(page, "L-node-breadcrumbs");
});

test("Events page: kubectl's columns, 'xN over' for repeats, warnings first, filters in the URL", async ({ page }) => {
  await signIn(page);
  await page.goto("/events?source=local");
  const table = page.getByRole("table", { name: "Events" });
  for (const h of ["Last seen", "Type", "Reason", "Object", "Message"]) await expect(table.locator("th", { hasText: h })).toBeVisible();
  // The crash loop repeats its back-off: one row, counted.
  const backOff = page.locator(`tr[data-event="BackOff"]`, { hasText: `pod/${crasher}` });
  await expect(backOff.locator('[data-cell="last-seen"]')).toHaveText(/^\d+\w* \(x\d+ over \d+\w*\)$/, { timeout: 120_000 });
  // Warnings come first.
  await expect(page.locator("tbody tr").first()).toHaveAttribute("data-type", "Warning");
  await page.getByLabel("Type").selectOption("Normal");
  await expect(page).toHaveURL(/type=Normal/);
  await expect(page.locator('tbody tr[data-type="Warning"]')).toHaveCount(0);
  await page.getByLabel("Type").selectOption("");
  // `/` focuses the object filter; typing narrows; Esc clears.
  await page.locator("h1").click();
  await page.keyboard.press("/");
  await expect(page.getByLabel("Filter by object")).toBeFocused();
  await page.keyboard.type(`pod/${sleeper}`);
  await expect(page.locator("tbody tr").first()).toContainText(sleeper);
  await expect(page.locator("tbody tr", { hasText: crasher })).toHaveCount(0);
  await expect(page).toHaveURL(/object=pod%2F/);
  await shot(page, "L-events-filtered");
  await page.keyboard.press("Escape");
  await expect(page.getByLabel("Filter by object")).toHaveValue("");
  await expect(page.locator("tbody tr", { hasText: crasher }).first()).toBeVisible();
  await shot(page, "L-events");
  // The object links to its page — also straight after typing a filter (before it reached the URL, 200 ms later,
  // a delayed write once could land after the navigation); Back returns to the filtered list.
  await page.getByLabel("Filter by reason").fill("BackOff");
  await page
    .locator("tbody tr", { hasText: `pod/${crasher}` })
    .first()
    .getByRole("link", { name: `pod/${crasher}` })
    .click();
  await page.waitForURL(new RegExp(`/pods/default/${crasher}\\?`));
  await page.goBack();
  await expect(page.getByLabel("Filter by reason")).toHaveValue("BackOff");
  await expect(page).toHaveURL(/reason=BackOff/);
  await expect(page.locator("tbody tr").first()).toContainText("BackOff");
});

test("one namespace filter: chosen on the pod list, carried by the nav to Events, cleared by :ns all; k9s jumps", async ({ page }) => {
  await signIn(page);
  await page.goto("/pods?source=local");
  await page.getByLabel("Namespace").selectOption("default");
  await expect(page).toHaveURL(/ns=default/);
  await expect(page.locator(`[data-pod="default/${sleeper}"]`)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("default");
  await shot(page, "L-pods-namespace");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Events" }).click();
  await page.waitForURL(/\/events\?.*ns=default/);
  await expect(page.getByLabel("Namespace")).toHaveValue("default");
  // `:` opens the command bar; `:nodes` jumps and keeps the namespace for the lists after it.
  await page.locator("h1").click();
  await page.keyboard.press(":");
  await expect(page.getByLabel("Command")).toBeFocused();
  await page.keyboard.type("nodes");
  await shot(page, "L-command-bar");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/nodes\?.*ns=default/);
  await page.keyboard.press(":");
  await page.keyboard.type("pods");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/pods\?.*ns=default/);
  await expect(page.getByLabel("Namespace")).toHaveValue("default");
  await page.keyboard.press(":");
  await page.keyboard.type("ns all");
  await page.keyboard.press("Enter");
  await expect.poll(() => new URL(page.url()).searchParams.has("ns")).toBe(false);
  await page.keyboard.press(":");
  await page.keyboard.type("deploy");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Unknown command" })).toContainText(":pods");
  await page.keyboard.press("Escape");
  await expect(page.getByLabel("Command")).toHaveCount(0);
  await page.keyboard.press(":");
  await page.keyboard.type("ev");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/events\?/);
  // The pod list's filter: `/` focuses it, Esc clears it.
  await page.goto("/pods?source=local");
  await page.locator("h1").click();
  await page.keyboard.press("/");
  await page.keyboard.type(sleeper);
  await expect(page.locator("[data-pod]")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(page.getByLabel("Filter pods")).toHaveValue("");
  await expect.poll(() => page.locator("[data-pod]").count()).toBeGreaterThan(1);
});

test("a pod page's breadcrumbs: source › namespace › pod; the namespace opens the filtered pod list", async ({ page }) => {
  await signIn(page);
  await page.goto(`/pods/default/${sleeper}?source=local`);
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs.locator('[data-crumb="source"]')).toContainText("local node");
  await expect(crumbs.locator('[data-crumb="pod"]')).toHaveText(sleeper);
  await shot(page, "L-pod-breadcrumbs");
  await crumbs.getByRole("link", { name: "default" }).click();
  await page.waitForURL(/\/pods\?.*ns=default/);
  await expect(page.getByLabel("Namespace")).toHaveValue("default");
});
