// Browser tests: the real podscope (API server + local node + the built web UI, as `podscope up`
// starts it) in Debian's Chromium. Each run gets a fresh PODSCOPE_HOME so its token and state never
// mix with a developer's podscope. The web UI must be built first (`pnpm build`, done by setup.sh).
import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumLaunchOptions } from "./packages/env/src/chromium";
import { e2ePort, WEB_PORT_OFFSET } from "./packages/env/src/index";

// The config is evaluated by the runner and again by each worker: create the home once, pass it on.
process.env.PODSCOPE_E2E_HOME ??= mkdtempSync(join(tmpdir(), "podscope-e2e-"));
const apiPort = e2ePort();
const webPort = apiPort + WEB_PORT_OFFSET;
process.env.PODSCOPE_E2E_WEB = `http://127.0.0.1:${webPort}`;
process.env.PODSCOPE_E2E_API = `http://127.0.0.1:${apiPort}`;

// The real control plane's admin kubeconfig (contexts podscope-sandbox and podscope-limited), so
// `podscope up` shows cluster sources for e2e/cluster.spec.ts. Without it, KUBECONFIG stays unset: the
// local-node specs still run and the cluster spec says what is missing.
try {
  const out = execFileSync("bash", ["scripts/controlplane.sh", "env"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  process.env.PODSCOPE_E2E_KUBECONFIG ??= /KUBECONFIG=(\S+)/.exec(out)?.[1];
} catch {
  // No control plane script or it failed: leave it unset.
}
const kubeconfig = process.env.PODSCOPE_E2E_KUBECONFIG;

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  // One podscope, one local node: tests share it and run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${webPort}`,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: `pnpm -s podscope up --port ${apiPort}`,
    url: `http://127.0.0.1:${webPort}/podscope-config`,
    env: { PODSCOPE_HOME: process.env.PODSCOPE_E2E_HOME, NEXT_TELEMETRY_DISABLED: "1", ...(kubeconfig ? { KUBECONFIG: kubeconfig } : {}) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
  },
});
