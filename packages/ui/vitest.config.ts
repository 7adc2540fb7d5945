import { defineConfig } from "vitest/config";

// Browser tests launch real Chromium (a few seconds each on a shared 2-core machine): generous timeouts,
// and files one after another so two Chromiums never compete for the cores.
export default defineConfig({
  test: { fileParallelism: false, testTimeout: 30_000, hookTimeout: 60_000 },
});
