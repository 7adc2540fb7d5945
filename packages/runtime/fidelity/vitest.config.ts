import { defineConfig } from "vitest/config";

// One real kubelet and one local node: scenarios one file, generous timeouts (crash loops wait out back-off).
export default defineConfig({
  test: { include: ["fidelity/**/*.test.ts"], fileParallelism: false, testTimeout: 240_000, hookTimeout: 240_000 },
});
