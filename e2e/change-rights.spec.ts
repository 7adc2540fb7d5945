// Without an access token the tab can look but not change anything: every control that would create, delete,
// drain, uncordon, or open/close a source on the server is disabled and says why (the same words as the header's
// notice), instead of failing when clicked (issue 12, item 6 — one right for all of them: apps/web/lib/token.ts).
// Stop and Uncordon only show during and after a real drain, which a tab without a token cannot start: the
// LiveDrainPanel unit test (packages/ui/test/live-drain-panel.test.tsx) covers them.
import { expect, test } from "@playwright/test";
import { apiMutation, shot, unique } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

const REASON = "This action needs the access token — open the URL printed by `podscope up`.";
const SANDBOX = "kube:podscope-sandbox";
const NODE = "kwok-node-0";
const pod = unique("e2e-rights");

let pageErrors: string[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
});
test.afterEach(() => expect(pageErrors).toEqual([]));

test.beforeAll(async () => {
  await apiMutation("pods.create", {
    source: "local",
    yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: ["sleep", "3600"]\n`,
  });
});
test.afterAll(async () => {
  await apiMutation("pods.delete", { source: "local", namespace: "default", name: pod, gracePeriodSeconds: 0 }).catch(() => undefined);
});

// The default context has no stored token: these pages are what a tab opened without the printed URL sees.
test("without a token: Create, Delete, opening and closing window files are disabled and say why", async ({ page }) => {
  await page.goto("/create?source=local");
  await expect(page.getByTestId("token-notice")).toContainText("No access token in this tab");
  const create = page.getByRole("button", { name: "Create", exact: true });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAttribute("title", REASON);
  await expect(page.getByTestId("change-refused")).toHaveText(REASON);
  await shot(page, "L-no-token-create");

  await page.goto(`/pods/default/${pod}?source=local`);
  const del = page.getByRole("button", { name: "Delete…" });
  await expect(del).toBeDisabled();
  await expect(del).toHaveAttribute("title", REASON);

  await page.goto("/snapshots?source=local");
  const file = page.getByLabel("Snapshot file");
  await expect(file).toBeDisabled();
  await expect(file).toHaveAttribute("title", REASON);
  await expect(page.getByTestId("change-refused")).toHaveText(REASON);
});

test("without a token: Drain for real stays disabled even with the node's name typed, and says why", async ({ page }) => {
  if (!process.env.PODSCOPE_E2E_KUBECONFIG)
    throw new Error("no control plane kubeconfig: start it (`bash scripts/controlplane.sh start`) before the browser tests");
  await page.goto(`/drain?source=${encodeURIComponent(SANDBOX)}&from=source&nodes=${NODE}`);
  const live = page.getByRole("region", { name: `live drain of node ${NODE}` });
  await live.getByLabel("type the node name to confirm").fill(NODE);
  const drain = live.getByRole("button", { name: "Drain for real" });
  await expect(drain).toBeDisabled();
  await expect(drain).toHaveAttribute("title", REASON);
  await expect(live.getByTestId("change-refused")).toHaveText(REASON);
  await shot(page, "L-no-token-drain");
});
